// PortableTransparencyLogRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): entries and tree heads round-trip in order, the
// latest tree head and public key, an empty log.
#include "persistence/portable/transparency_log_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::LogEntry;
using registry::SignedTreeHead;

class TransparencyLogRepositoryTest : public RepositoryTest {
 protected:
  PortableTransparencyLogRepository repository_;
};

SignedTreeHead Head(std::uint64_t size) {
  SignedTreeHead head;
  head.tree_size = size;
  head.root_hash_base64 = "root" + std::to_string(size);
  head.timestamp = FromSeconds(1'700'000'000 + static_cast<std::int64_t>(size));
  head.signature_base64 = "sig" + std::to_string(size);
  head.key_id = "key-1";
  return head;
}

TEST_F(TransparencyLogRepositoryTest, EmptyLogHasNoHeadNoEntriesNoKey) {
  Write([&](store::Transaction& t) {
    EXPECT_TRUE(repository_.Leaves(t)->empty());
    EXPECT_TRUE(repository_.Entries(t)->empty());
    EXPECT_TRUE(repository_.TreeHeads(t)->empty());
    EXPECT_FALSE(repository_.LatestTreeHead(t)->has_value());
    EXPECT_FALSE(repository_.LatestPublicKey(t)->has_value());
    EXPECT_EQ(repository_.Entry(t, 0).status().code(), StatusCode::kNotFound);
  });
}

TEST_F(TransparencyLogRepositoryTest, EntriesAndTreeHeadsRoundTripInOrder) {
  Write([&](store::Transaction& t) {
    for (std::uint64_t i = 0; i < 3; ++i) {
      ASSERT_TRUE(repository_
                      .AppendEntry(t, LogEntry{i, "{\"event_id\":" + std::to_string(i) + "}",
                                               "leaf" + std::to_string(i),
                                               FromSeconds(1'700'000'000 + 10 * i)})
                      .ok());
      ASSERT_TRUE(repository_.AppendTreeHead(t, Head(i + 1)).ok());
    }
  });
  Write([&](store::Transaction& t) {
    auto leaves = repository_.Leaves(t);
    ASSERT_TRUE(leaves.ok()) << leaves.status().ToString();
    ASSERT_EQ(leaves->size(), 3u);
    EXPECT_EQ((*leaves)[2].index, 2);
    EXPECT_EQ((*leaves)[2].leaf_hash_base64, "leaf2");
    auto entries = repository_.Entries(t);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 3u);
    EXPECT_EQ((*entries)[1].index, 1u);
    EXPECT_EQ((*entries)[1].data, "{\"event_id\":1}");
    EXPECT_EQ((*entries)[1].appended_at, FromSeconds(1'700'000'010));
    auto entry = repository_.Entry(t, 2);
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(entry->leaf_hash_base64, "leaf2");
    EXPECT_EQ(entry->appended_at, FromSeconds(1'700'000'020));
    EXPECT_EQ(repository_.Entry(t, 3).status().code(), StatusCode::kNotFound);

    auto latest = repository_.LatestTreeHead(t);
    ASSERT_TRUE(latest.ok());
    ASSERT_TRUE(latest->has_value());
    EXPECT_EQ((*latest)->tree_size, 3u);
    EXPECT_EQ((*latest)->root_hash_base64, "root3");
    EXPECT_EQ((*latest)->timestamp, FromSeconds(1'700'000'003));
    EXPECT_EQ((*latest)->signature_base64, "sig3");
    EXPECT_EQ((*latest)->key_id, "key-1");
    auto heads = repository_.TreeHeads(t);
    ASSERT_TRUE(heads.ok());
    ASSERT_EQ(heads->size(), 3u);
    EXPECT_EQ((*heads)[0].tree_size, 1u);
    EXPECT_EQ((*heads)[2].tree_size, 3u);
  });
  // Another entry at a taken index is refused.
  Status duplicate = store_->RunInTransaction([&](store::Transaction& t) {
    return repository_.AppendEntry(t, LogEntry{1, "x", "y", FromSeconds(0)});
  });
  EXPECT_FALSE(duplicate.ok());
}

TEST_F(TransparencyLogRepositoryTest, LatestPublicKeyIsTheNewestRegistered) {
  Write([&](store::Transaction& t) {
    ASSERT_TRUE(t.Execute("INSERT INTO signing_keys (key_id, public_key, created_at) VALUES "
                          "('a', 'old-key', 100), ('b', 'new-key', 200)",
                          {})
                    .ok());
    auto key = repository_.LatestPublicKey(t);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(*key, std::optional<std::string>("new-key"));
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
