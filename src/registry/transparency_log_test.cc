// The transparency log as the registry writes it, and tampering with the
// database detected by VerifyLog.
#include "registry/transparency_log.h"

#include <gtest/gtest.h>

#include "crypto/random.h"
#include "registry/test_fixture.h"

namespace iotmark::registry {
namespace {

class TransparencyLogTest : public RegistryFixture {
 protected:
  // Two labels with a few events each.
  void MakeHistory() {
    auto first = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-1"));
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    auto second = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-2"));
    ASSERT_TRUE(second.ok()) << second.status().ToString();
    ASSERT_TRUE(service_
                    ->OpenSurveillance(reviewer_, first->registration_number, "証跡を提出",
                                       clock_.Now() + std::chrono::hours(24 * 30))
                    .ok());
    ASSERT_TRUE(
        service_->CloseSurveillance(reviewer_, first->registration_number, "是正確認").ok());
    ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, second->registration_number, "販売終了").ok());
  }

  Repositories StoreRepositories() {
    auto repositories = persistence::MakeRepositories(*store_);
    EXPECT_TRUE(repositories.ok()) << repositories.status().ToString();
    return repositories.ok() ? *repositories : Repositories{};
  }

  LogVerification Verify() {
    auto result = VerifyLog(*store_, StoreRepositories(), service_->public_key());
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : LogVerification{};
  }

  void Sql(const std::string& statement) {
    Status status = store_->RunInTransaction([&](store::Transaction& transaction) {
      return transaction.Execute(statement, {}).status();
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
};

TEST_F(TransparencyLogTest, EveryLabelEventIsLoggedAndTheLogVerifies) {
  MakeHistory();
  LogVerification result = Verify();
  EXPECT_TRUE(result.ok) << (result.problems.empty() ? "" : result.problems.front());
  EXPECT_EQ(result.entries, 5u);  // 2 issued, opened, closed, withdrawn
  EXPECT_EQ(result.tree_heads, 5u);
  EXPECT_EQ(result.label_events, 5u);
  auto head = service_->GetTreeHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->tree_size, 5u);
  EXPECT_EQ(head->root_hash_base64, result.root_hash_base64);
  EXPECT_TRUE(crypto::VerifyBase64(
      service_->public_key(),
      TreeHeadSigningInput(
          head->tree_size, *crypto::Base64Decode(head->root_hash_base64),
          std::chrono::duration_cast<std::chrono::seconds>(head->timestamp.time_since_epoch())
              .count()),
      head->signature_base64));
  auto registered = LoadRegisteredPublicKey(*store_, StoreRepositories());
  ASSERT_TRUE(registered.ok());
  EXPECT_EQ(*registered, service_->public_key());
}

TEST_F(TransparencyLogTest, InclusionAndConsistencyProofsFromTheServiceVerify) {
  MakeHistory();
  auto head = service_->GetTreeHead();
  std::string root = *crypto::Base64Decode(head->root_hash_base64);
  for (std::uint64_t index = 0; index < head->tree_size; ++index) {
    auto proof = service_->GetInclusionProof(index, head->tree_size);
    ASSERT_TRUE(proof.ok());
    std::vector<crypto::Hash> path;
    for (const auto& element : proof->audit_path_base64) {
      path.push_back(*crypto::Base64Decode(element));
    }
    auto entry = service_->GetLogEntry(index);
    ASSERT_TRUE(entry.ok());
    EXPECT_TRUE(
        crypto::VerifyInclusion(crypto::LeafHash(entry->data), index, head->tree_size, path, root)
            .ok());
    EXPECT_FALSE(crypto::VerifyInclusion(crypto::LeafHash(entry->data + " "), index,
                                         head->tree_size, path, root)
                     .ok());
  }
  // The root of size 2 as stored at that time, consistent with today's.
  std::string first_root;
  ASSERT_TRUE(store_
                  ->RunReadOnly([&](store::Transaction& transaction) -> Status {
                    auto row = transaction.QueryOne(
                        "SELECT root_hash FROM tree_heads WHERE tree_size = 2", {});
                    if (!row.ok()) return row.status();
                    first_root = *crypto::Base64Decode((*row)->Text(0));
                    return Status::Ok();
                  })
                  .ok());
  auto consistency = service_->GetConsistencyProof(2, head->tree_size);
  ASSERT_TRUE(consistency.ok());
  std::vector<crypto::Hash> proof;
  for (const auto& element : consistency->proof_base64) {
    proof.push_back(*crypto::Base64Decode(element));
  }
  EXPECT_TRUE(crypto::VerifyConsistency(2, head->tree_size, first_root, root, proof).ok());
  EXPECT_FALSE(service_->GetInclusionProof(5, 5).ok());
  EXPECT_FALSE(service_->GetConsistencyProof(0, 5).ok());
  EXPECT_EQ(service_->GetLogEntry(99).status().code(), StatusCode::kNotFound);
}

TEST_F(TransparencyLogTest, ChangedEntryDataIsDetected) {
  MakeHistory();
  Sql("UPDATE log_entries SET data = REPLACE(data, '販売終了', '品質問題') WHERE entry_index = 4");
  LogVerification result = Verify();
  EXPECT_FALSE(result.ok);
  ASSERT_TRUE(result.first_bad_entry);
  EXPECT_EQ(*result.first_bad_entry, 4u);
}

TEST_F(TransparencyLogTest, ChangedDataWithRecomputedLeafHashIsDetectedByTreeHeads) {
  MakeHistory();
  // A careful attacker also fixes the leaf hash; the signed tree heads still disagree.
  std::string forged = R"({"forged":true})";
  std::string leaf = crypto::Base64Encode(crypto::LeafHash(forged));
  Sql("UPDATE log_entries SET data = '" + forged + "', leaf_hash = '" + leaf +
      "' WHERE entry_index = 1");
  LogVerification result = Verify();
  EXPECT_FALSE(result.ok);
  ASSERT_TRUE(result.first_bad_entry);
  EXPECT_EQ(*result.first_bad_entry, 1u);
}

TEST_F(TransparencyLogTest, ChangedLabelEventRowIsDetected) {
  MakeHistory();
  Sql("UPDATE label_events SET reason = 'nothing happened' WHERE kind = 'withdrawn'");
  LogVerification result = Verify();
  EXPECT_FALSE(result.ok);
  ASSERT_TRUE(result.first_bad_entry);
  EXPECT_EQ(*result.first_bad_entry, 4u);
}

TEST_F(TransparencyLogTest, DeletedEntryOrForgedTreeHeadIsDetected) {
  MakeHistory();
  Sql("UPDATE tree_heads SET signature = '" + crypto::Base64Encode(std::string(64, 'x')) +
      "' WHERE tree_size = 3");
  LogVerification forged = Verify();
  EXPECT_FALSE(forged.ok);
  EXPECT_EQ(forged.first_bad_entry.value_or(99), 2u);
  Sql("DELETE FROM log_entries WHERE entry_index = 4");
  LogVerification truncated = Verify();
  EXPECT_FALSE(truncated.ok);
}

}  // namespace
}  // namespace iotmark::registry
