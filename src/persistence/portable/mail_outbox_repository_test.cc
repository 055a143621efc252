// PortableMailOutboxRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): mails round-trip, due selection follows attempts,
// next attempt and sent state, failures are recorded, List is newest first.
#include "persistence/portable/mail_outbox_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000;

class MailOutboxRepositoryTest : public RepositoryTest {
 protected:
  PortableMailOutboxRepository mails_;
};

TEST_F(MailOutboxRepositoryTest, DueSentFailedAndListed) {
  Write([&](store::Transaction& t) {
    ASSERT_TRUE(mails_.Insert(t, "a@example.jp", "件名 1", "本文 1", FromSeconds(kT0)).ok());
    ASSERT_TRUE(mails_.Insert(t, "b@example.jp", "件名 2", "本文 2", FromSeconds(kT0 + 10)).ok());
    auto due = mails_.ListDue(t, FromSeconds(kT0 + 5), 20, 10);
    ASSERT_TRUE(due.ok()) << due.status().ToString();
    ASSERT_EQ(due->size(), 1u);
    const registry::OutgoingMail& first = due->at(0);
    EXPECT_EQ(first.recipient, "a@example.jp");
    EXPECT_EQ(first.subject, "件名 1");
    EXPECT_EQ(first.body, "本文 1");
    EXPECT_EQ(first.attempts, 0);
    EXPECT_EQ(mails_.ListDue(t, FromSeconds(kT0 + 10), 20, 1)->size(), 1u);  // limit
    EXPECT_EQ(mails_.ListDue(t, FromSeconds(kT0 + 10), 20, 10)->size(), 2u);

    // A lease: the next attempt moves on.
    ASSERT_TRUE(mails_.SetNextAttempt(t, first.id, FromSeconds(kT0 + 600)).ok());
    EXPECT_EQ(mails_.ListDue(t, FromSeconds(kT0 + 10), 20, 10)->size(), 1u);

    // A failure: attempts, error and next attempt recorded.
    ASSERT_TRUE(
        mails_.RecordFailure(t, first.id, 3, "connection refused", FromSeconds(kT0 + 20)).ok());
    auto loaded = mails_.Load(t, first.id);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->attempts, 3);
    EXPECT_EQ(loaded->last_error, "connection refused");
    EXPECT_EQ(mails_.ListDue(t, FromSeconds(kT0 + 20), 20, 10)->size(), 2u);
    EXPECT_EQ(mails_.ListDue(t, FromSeconds(kT0 + 20), 3, 10)->size(), 1u);  // max attempts

    // Sent: one attempt more, error cleared, never due again.
    ASSERT_TRUE(mails_.MarkSent(t, first.id, FromSeconds(kT0 + 30)).ok());
    loaded = mails_.Load(t, first.id);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->attempts, 4);
    EXPECT_EQ(loaded->last_error, "");
    auto due_later = mails_.ListDue(t, FromSeconds(kT0 + 100000), 20, 10);
    ASSERT_EQ(due_later->size(), 1u);
    EXPECT_EQ(due_later->at(0).recipient, "b@example.jp");

    auto listed = mails_.List(t, 10);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ(listed->at(0).recipient, "b@example.jp");  // newest first
    EXPECT_EQ(mails_.List(t, 1)->size(), 1u);
    EXPECT_EQ(mails_.Load(t, first.id + 1000).status().code(), StatusCode::kNotFound);
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
