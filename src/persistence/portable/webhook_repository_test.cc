// PortableWebhookRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): subscriptions round-trip, deleted ones are hidden,
// due checks follow the cursor and the label, delivery bookkeeping; and the
// lease is taken once: by one of two stores on the same database (two
// servers), also when they race.
#include "persistence/portable/webhook_repository.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::WebhookSubscription;

constexpr std::int64_t kT0 = 1'700'000'000;

WebhookSubscription Subscription(std::int64_t owner, std::optional<std::string> label,
                                 std::int64_t cursor) {
  WebhookSubscription s;
  s.owner_user_id = owner;
  s.url = "http://127.0.0.1:9/hook";
  s.registration_number = std::move(label);
  s.secret = "secret-" + std::to_string(owner);
  s.cursor = cursor;
  s.created_at = s.next_attempt_at = FromSeconds(kT0);
  return s;
}

class WebhookRepositoryTest : public RepositoryTest {
 protected:
  // A label with `changes` registry changes; yields the last sequence.
  std::int64_t LabelWithChanges(store::Transaction& t, const std::string& number, int changes) {
    auto application = t.InsertReturningId(
        "INSERT INTO applications (organization_id, product_id, kind, scheme, level, state, "
        "created_at, updated_at) VALUES (?, ?, 'new', 'jcstar', 'star1', 'issued', 0, 0) "
        "RETURNING id",
        {organization_id_, product_id_});
    EXPECT_TRUE(application.ok()) << application.status().ToString();
    auto label = t.InsertReturningId(
        "INSERT INTO labels (registration_number, product_id, organization_id, application_id, "
        "scheme, level, issued_at, valid_from, valid_until, status) "
        "VALUES (?, ?, ?, ?, 'jcstar', 'star1', 0, 0, 1, 'active') RETURNING id",
        {number, product_id_, organization_id_, application.ok() ? *application : 0});
    EXPECT_TRUE(label.ok()) << label.status().ToString();
    std::int64_t sequence = 0;
    for (int i = 0; i < changes; ++i) {
      auto inserted = t.InsertReturningId(
          "INSERT INTO registry_changes (label_id, registration_number, kind, status, at, "
          "summary) VALUES (?, ?, 'issued', 'active', 0, '') RETURNING sequence",
          {label.ok() ? *label : 0, number});
      EXPECT_TRUE(inserted.ok()) << inserted.status().ToString();
      if (inserted.ok()) sequence = *inserted;
    }
    return sequence;
  }
  PortableWebhookRepository webhooks_;
};

TEST_F(WebhookRepositoryTest, InsertListFindDeleteAndCount) {
  Write([&](store::Transaction& t) {
    auto a = webhooks_.Insert(t, Subscription(7, std::nullopt, 3));
    auto b = webhooks_.Insert(t, Subscription(7, "JC-STAR-2026-000001", 0));
    auto c = webhooks_.Insert(t, Subscription(8, std::nullopt, 0));
    ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status().ToString();
    EXPECT_EQ(*webhooks_.CountActive(t, 7), 2);
    auto found = webhooks_.Find(t, *b, false);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    const WebhookSubscription& s = **found;
    EXPECT_EQ(s.owner_user_id, 7);
    EXPECT_EQ(s.url, "http://127.0.0.1:9/hook");
    EXPECT_EQ(s.registration_number, "JC-STAR-2026-000001");
    EXPECT_EQ(s.cursor, 0);
    EXPECT_EQ(s.created_at, FromSeconds(kT0));
    EXPECT_EQ(s.next_attempt_at, FromSeconds(kT0));
    EXPECT_EQ(s.consecutive_failures, 0);
    EXPECT_FALSE(s.last_attempt_at.has_value());
    EXPECT_TRUE(s.secret.empty());  // only the creation answer carries it
    EXPECT_FALSE((*webhooks_.Find(t, *a, false))->registration_number.has_value());

    auto all = webhooks_.List(t, std::nullopt);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 3u);
    auto mine = webhooks_.List(t, 8);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].id, *c);

    ASSERT_TRUE(webhooks_.MarkDeleted(t, *a, FromSeconds(kT0 + 5)).ok());
    EXPECT_EQ(*webhooks_.CountActive(t, 7), 1);
    EXPECT_FALSE(webhooks_.Find(t, *a, false)->has_value());
    EXPECT_TRUE(webhooks_.Find(t, *a, true)->has_value());
    EXPECT_EQ(webhooks_.List(t, std::nullopt)->size(), 2u);
    EXPECT_FALSE(webhooks_.Find(t, *c + 100, true)->has_value());
  });
}

TEST_F(WebhookRepositoryTest, DueFollowsCursorLabelAndLease) {
  Write([&](store::Transaction& t) {
    const TimePoint now = FromSeconds(kT0 + 10);
    EXPECT_FALSE(*webhooks_.AnyDue(t, now));
    std::int64_t last_a = LabelWithChanges(t, "JC-STAR-2026-000001", 2);
    std::int64_t last_b = LabelWithChanges(t, "JC-STAR-2026-000002", 1);
    ASSERT_GT(last_b, last_a);
    auto everything = webhooks_.Insert(t, Subscription(1, std::nullopt, 0));
    auto caught_up = webhooks_.Insert(t, Subscription(2, std::nullopt, last_b));
    auto label_a = webhooks_.Insert(t, Subscription(3, "JC-STAR-2026-000001", last_a - 1));
    auto label_a_done = webhooks_.Insert(t, Subscription(4, "JC-STAR-2026-000001", last_a));
    ASSERT_TRUE(everything.ok() && caught_up.ok() && label_a.ok() && label_a_done.ok());
    EXPECT_TRUE(*webhooks_.AnyDue(t, now));
    EXPECT_FALSE(*webhooks_.AnyDue(t, FromSeconds(kT0 - 1)));  // next attempt not yet

    auto due = webhooks_.ListDue(t, now, 10);
    ASSERT_TRUE(due.ok()) << due.status().ToString();
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].id, *everything);
    EXPECT_EQ((*due)[0].secret, "secret-1");
    EXPECT_EQ((*due)[0].cursor, 0);
    EXPECT_EQ((*due)[1].id, *label_a);
    EXPECT_EQ((*due)[1].registration_number, "JC-STAR-2026-000001");
    EXPECT_EQ(webhooks_.ListDue(t, now, 1)->size(), 1u);

    // A leased subscription is not due until the lease runs out.
    auto leased = webhooks_.Lease(t, *everything, now, now + std::chrono::seconds(60));
    ASSERT_TRUE(leased.ok());
    EXPECT_TRUE(*leased);
    EXPECT_FALSE(*webhooks_.Lease(t, *everything, now, now + std::chrono::seconds(60)));
    ASSERT_EQ(webhooks_.ListDue(t, now, 10)->size(), 1u);
    EXPECT_EQ(webhooks_.ListDue(t, now + std::chrono::seconds(60), 10)->size(), 2u);
    EXPECT_TRUE(*webhooks_.Lease(t, *everything, now + std::chrono::seconds(60),
                                 now + std::chrono::seconds(120)));
    // Deleted subscriptions are never leased.
    ASSERT_TRUE(webhooks_.MarkDeleted(t, *label_a, now).ok());
    EXPECT_FALSE(*webhooks_.Lease(t, *label_a, now, now + std::chrono::seconds(60)));
    EXPECT_TRUE(webhooks_.ListDue(t, now, 10)->empty());
  });
}

TEST_F(WebhookRepositoryTest, DeliveredAndFailedBookkeeping) {
  Write([&](store::Transaction& t) {
    auto id = webhooks_.Insert(t, Subscription(1, std::nullopt, 0));
    ASSERT_TRUE(id.ok());
    const TimePoint now = FromSeconds(kT0 + 10);
    ASSERT_TRUE(*webhooks_.Lease(t, *id, now, now + std::chrono::seconds(60)));
    ASSERT_TRUE(
        webhooks_.RecordFailed(t, *id, 1, now + std::chrono::seconds(2), now, "connection refused")
            .ok());
    auto failed = webhooks_.Find(t, *id, false);
    ASSERT_TRUE(failed.ok() && failed->has_value());
    EXPECT_EQ((*failed)->consecutive_failures, 1);
    EXPECT_EQ((*failed)->next_attempt_at, now + std::chrono::seconds(2));
    EXPECT_EQ((*failed)->last_attempt_at, now);
    EXPECT_EQ((*failed)->last_result, "connection refused");
    // The lease was released: a new one can be taken at once.
    EXPECT_TRUE(*webhooks_.Lease(t, *id, now, now + std::chrono::seconds(60)));

    ASSERT_TRUE(webhooks_.RecordDelivered(t, *id, 5, 5, now + std::chrono::seconds(3), "200").ok());
    ASSERT_TRUE(webhooks_.RecordDelivered(t, *id, 7, 2, now + std::chrono::seconds(4), "204").ok());
    auto delivered = webhooks_.Find(t, *id, false);
    ASSERT_TRUE(delivered.ok() && delivered->has_value());
    EXPECT_EQ((*delivered)->cursor, 7);
    EXPECT_EQ((*delivered)->consecutive_failures, 0);
    EXPECT_EQ((*delivered)->delivered_changes, 7);
    EXPECT_EQ((*delivered)->next_attempt_at, now + std::chrono::seconds(4));
    EXPECT_EQ((*delivered)->last_result, "204");
    EXPECT_TRUE(*webhooks_.Lease(t, *id, now, now + std::chrono::seconds(60)));

    EXPECT_EQ(webhooks_.RecordDelivered(t, *id + 100, 1, 1, now, "200").code(),
              StatusCode::kNotFound);
    EXPECT_EQ(webhooks_.RecordFailed(t, *id + 100, 1, now, now, "x").code(), StatusCode::kNotFound);
  });
}

// Two stores on one database, as two `iotmark serve` on one PostgreSQL (or
// two processes on one SQLite file).
class WebhookLeaseAcrossStoresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("iotmark-webhook-lease-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto url = store::TestStoreUrl("sqlite:" + path_.string());
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    for (auto* target : {&first_, &second_}) {
      auto opened = store::OpenStore(*url);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      *target = std::move(opened).value();
    }
  }
  void TearDown() override {
    first_.reset();
    second_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  // Leases `id` through `store` in its own transaction; true when taken.
  bool LeaseThrough(store::Store& store, std::int64_t id, TimePoint now) {
    bool taken = false;
    Status status = store.RunInTransaction([&](store::Transaction& t) -> Status {
      auto leased = webhooks_.Lease(t, id, now, now + std::chrono::seconds(60));
      if (!leased.ok()) return leased.status();
      taken = *leased;
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return taken;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Store> first_;
  std::unique_ptr<store::Store> second_;
  PortableWebhookRepository webhooks_;
};

TEST_F(WebhookLeaseAcrossStoresTest, LeasedOnceByOneOfTwoServers) {
  std::int64_t id = 0;
  ASSERT_TRUE(first_
                  ->RunInTransaction([&](store::Transaction& t) -> Status {
                    auto inserted = webhooks_.Insert(t, Subscription(1, std::nullopt, 0));
                    if (!inserted.ok()) return inserted.status();
                    id = *inserted;
                    return Status::Ok();
                  })
                  .ok());
  const TimePoint now = FromSeconds(kT0 + 10);
  EXPECT_TRUE(LeaseThrough(*first_, id, now));
  EXPECT_FALSE(LeaseThrough(*second_, id, now));
  EXPECT_FALSE(LeaseThrough(*second_, id, now + std::chrono::seconds(59)));
  EXPECT_TRUE(LeaseThrough(*second_, id, now + std::chrono::seconds(60)));
  EXPECT_FALSE(LeaseThrough(*first_, id, now + std::chrono::seconds(60)));
}

TEST_F(WebhookLeaseAcrossStoresTest, RacingServersLeaseEachSubscriptionOnce) {
  constexpr int kSubscriptions = 40;
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(first_
                  ->RunInTransaction([&](store::Transaction& t) -> Status {
                    for (int i = 0; i < kSubscriptions; ++i) {
                      auto inserted = webhooks_.Insert(t, Subscription(i, std::nullopt, 0));
                      if (!inserted.ok()) return inserted.status();
                      ids.push_back(*inserted);
                    }
                    return Status::Ok();
                  })
                  .ok());
  const TimePoint now = FromSeconds(kT0 + 10);
  std::atomic<int> go{0};
  std::vector<int> wins_first(kSubscriptions, 0), wins_second(kSubscriptions, 0);
  auto race = [&](store::Store& store, std::vector<int>& wins) {
    go.fetch_add(1);
    while (go.load() < 2) std::this_thread::yield();
    for (int i = 0; i < kSubscriptions; ++i) wins[i] = LeaseThrough(store, ids[i], now) ? 1 : 0;
  };
  std::thread a(race, std::ref(*first_), std::ref(wins_first));
  std::thread b(race, std::ref(*second_), std::ref(wins_second));
  a.join();
  b.join();
  int total_first = 0;
  for (int i = 0; i < kSubscriptions; ++i) {
    EXPECT_EQ(wins_first[i] + wins_second[i], 1) << "subscription " << ids[i];
    total_first += wins_first[i];
  }
  RecordProperty("leases_won_by_first_store", total_first);
}

}  // namespace
}  // namespace iotmark::persistence::portable
