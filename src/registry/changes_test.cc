// The change stream, the signed bulk export with its deltas, and webhook
// subscription bookkeeping, through RegistryService on an in-memory store.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "registry/label_export.h"
#include "registry/test_fixture.h"

namespace iotmark::registry {
namespace {

class ChangesTest : public RegistryFixture {
 protected:
  // Applies export pages from `since` until no more, like a mirror would;
  // returns the new cursor.
  std::int64_t Mirror(std::int64_t since, int limit,
                      std::map<std::string, nlohmann::json>& records) {
    while (true) {
      auto page = service_->ExportLabels(since, limit);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return since;
      auto verified = VerifyLabelExport(page->document, service_->public_key());
      EXPECT_TRUE(verified.ok() && verified->valid);
      const auto document = nlohmann::json::parse(page->document);
      for (const auto& entry : document["export"]["records"]) {
        records[entry["document"]["record"]["registration_number"]] = entry["document"]["record"];
      }
      since = page->until;
      if (!page->more) return since;
    }
  }
};

TEST_F(ChangesTest, EveryStatusChangeAndSecurityInformationIsOneChangePerLabel) {
  const std::int64_t product = MakeProduct(vendor_a_);
  auto label = IssueNewLabel(vendor_a_, product);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  auto before = service_->ListChanges(0, 100);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->changes.size(), 1u);
  EXPECT_EQ(before->changes[0].kind, "issued");
  EXPECT_EQ(before->changes[0].status, "active");
  const std::int64_t issued = before->changes[0].sequence;

  ASSERT_TRUE(service_
                  ->AddVulnerability(vendor_a_, product,
                                     {"JVN#12345678", "high", "1.2.0", "https://jvn.jp/"})
                  .ok());
  ASSERT_TRUE(service_
                  ->AddUpdateRelease(vendor_a_, product,
                                     {"1.2.0", clock_.Now(), "脆弱性修正 / fixes", true})
                  .ok());
  ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, label->registration_number, "販売終了").ok());

  auto after = service_->ListChanges(issued, 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->changes.size(), 3u);
  EXPECT_EQ(after->changes[0].kind, "vulnerability");
  EXPECT_NE(after->changes[0].summary.find("JVN#12345678 (high)"), std::string::npos);
  EXPECT_EQ(after->changes[1].kind, "update-release");
  EXPECT_EQ(after->changes[2].kind, "withdrawn");
  EXPECT_EQ(after->changes[2].status, "withdrawn");
  EXPECT_NE(after->changes[2].summary.find("販売終了"), std::string::npos);
  EXPECT_LT(after->changes[0].sequence, after->changes[1].sequence);
  EXPECT_EQ(after->latest_sequence, after->changes[2].sequence);
  EXPECT_FALSE(after->more);

  auto paged = service_->ListChanges(issued, 2);
  ASSERT_TRUE(paged.ok());
  EXPECT_EQ(paged->changes.size(), 2u);
  EXPECT_TRUE(paged->more);
}

TEST_F(ChangesTest, PerLabelChangesAndUnknownLabelsAndBadArguments) {
  auto one = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-1"));
  auto two = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-2"));
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, two->registration_number, "x").ok());
  auto changes = service_->ListChanges(0, 100, two->registration_number);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->changes.size(), 2u);
  for (const auto& change : changes->changes) {
    EXPECT_EQ(change.registration_number, two->registration_number);
  }
  EXPECT_EQ(service_->ListChanges(0, 100, std::string("JCS1-2026-999999-0")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->ListChanges(-1, 10).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->ListChanges(0, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->ListChanges(0, 1001).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->ExportLabels(0, 5001).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ChangesTest, PolicyAndFirmwareChangesReachEveryLabelOfTheVendor) {
  auto one = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-1"));
  auto two = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-2"));
  auto other = IssueNewLabel(vendor_b_, MakeProduct(vendor_b_, "OT-1"));
  ASSERT_TRUE(one.ok() && two.ok() && other.ok());
  const std::int64_t since = service_->ListChanges(0, 1)->latest_sequence;
  ASSERT_TRUE(service_
                  ->SetDisclosurePolicy(vendor_a_, *vendor_a_.organization_id,
                                        {5, 30, "https://sample.example/psirt"})
                  .ok());
  auto changes = service_->ListChanges(since, 100);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->changes.size(), 2u);
  EXPECT_EQ(changes->changes[0].kind, "disclosure-policy");
  EXPECT_EQ(changes->changes[0].registration_number, one->registration_number);
  EXPECT_EQ(changes->changes[1].registration_number, two->registration_number);
}

TEST_F(ChangesTest, ExportPagesAreSignedStableAndDeltasCarryOnlyChangedLabels) {
  std::vector<Label> labels;
  for (int i = 0; i < 5; ++i) {
    auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-" + std::to_string(i)));
    ASSERT_TRUE(label.ok());
    labels.push_back(*label);
  }
  std::map<std::string, nlohmann::json> mirror;
  const std::int64_t cursor = Mirror(0, 2, mirror);
  ASSERT_EQ(mirror.size(), 5u);
  EXPECT_EQ(mirror[labels[3].registration_number]["status"], "active");

  // The same page twice is the same bytes (ETag-friendly), even later.
  auto first = service_->ExportLabels(0, 2);
  clock_.Advance(std::chrono::hours(5));
  auto again = service_->ExportLabels(0, 2);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->document, again->document);
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->records, 2u);

  // Nothing new: an empty, complete page that keeps the cursor.
  auto idle = service_->ExportLabels(cursor, 100);
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->records, 0u);
  EXPECT_EQ(idle->until, cursor);
  EXPECT_FALSE(idle->more);

  ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, labels[3].registration_number, "終了").ok());
  auto delta = service_->ExportLabels(cursor, 100);
  ASSERT_TRUE(delta.ok());
  EXPECT_EQ(delta->records, 1u);
  const std::int64_t next = Mirror(cursor, 100, mirror);
  EXPECT_GT(next, cursor);
  EXPECT_EQ(mirror[labels[3].registration_number]["status"], "withdrawn");
  EXPECT_EQ(mirror.size(), 5u);
}

TEST_F(ChangesTest, ExportVerificationCatchesTamperingAndOtherKeys) {
  ASSERT_TRUE(IssueNewLabel(vendor_a_, MakeProduct(vendor_a_)).ok());
  auto page = service_->ExportLabels(0, 10);
  ASSERT_TRUE(page.ok());
  auto good = VerifyLabelExport(page->document, service_->public_key());
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good->valid) << good->reason;
  EXPECT_EQ(good->records, 1u);

  std::string tampered = page->document;
  const std::size_t at = tampered.find("\"active\"");
  ASSERT_NE(at, std::string::npos);
  tampered.replace(at, 8, "\"revoked\"");
  auto bad = VerifyLabelExport(tampered, service_->public_key());
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->valid);

  auto other_key = crypto::SigningKey::FromSeed(std::string(32, '\x07'));
  ASSERT_TRUE(other_key.ok());
  auto wrong = VerifyLabelExport(page->document, other_key->public_key());
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(wrong->valid);

  EXPECT_EQ(VerifyLabelExport("not json", service_->public_key()).status().code(),
            StatusCode::kParseError);
  EXPECT_EQ(VerifyLabelExport(R"({"format":"iotmark-label-export/1"})", service_->public_key())
                .status()
                .code(),
            StatusCode::kParseError);
}

TEST_F(ChangesTest, WebhookSubscriptionsLeaseDeliverRetryAndBelongToTheirOwner) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  auto other = IssueNewLabel(vendor_b_, MakeProduct(vendor_b_, "OT-1"));
  ASSERT_TRUE(label.ok() && other.ok());
  auto everything = service_->CreateWebhook(vendor_a_, {"http://127.0.0.1:9/all", std::nullopt});
  ASSERT_TRUE(everything.ok()) << everything.status().ToString();
  EXPECT_GE(everything->secret.size(), 40u);
  auto one =
      service_->CreateWebhook(auditor_, {"http://127.0.0.1:9/one", label->registration_number});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(service_->CreateWebhook(vendor_a_, {"http://192.0.2.1/", std::nullopt}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->CreateWebhook(vendor_a_, {"http://127.0.0.1/", "JCS1-2026-999999-0"})
                .status()
                .code(),
            StatusCode::kNotFound);

  // Only changes after the subscription count.
  const TimePoint now = clock_.Now();
  auto none = service_->ClaimWebhookBatches(now, 10, 100, std::chrono::seconds(30));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  ASSERT_TRUE(service_->WithdrawLabel(vendor_b_, other->registration_number, "x").ok());
  ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, label->registration_number, "y").ok());
  auto batches = service_->ClaimWebhookBatches(now, 10, 100, std::chrono::seconds(30));
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  std::map<std::int64_t, WebhookBatch> by_id;
  for (auto& batch : *batches) by_id[batch.subscription_id] = batch;
  EXPECT_EQ(by_id[everything->id].changes.size(), 2u);
  ASSERT_EQ(by_id[one->id].changes.size(), 1u);
  EXPECT_EQ(by_id[one->id].changes[0].registration_number, label->registration_number);
  EXPECT_EQ(by_id[one->id].secret, one->secret);

  // Leased: a second dispatcher gets nothing until the lease ends.
  EXPECT_TRUE(service_->ClaimWebhookBatches(now, 10, 100, std::chrono::seconds(30))->empty());

  // A failure backs off; a success moves the cursor.
  ASSERT_TRUE(
      service_->CompleteWebhookBatch(by_id[everything->id], false, "connection refused", now).ok());
  ASSERT_TRUE(service_->CompleteWebhookBatch(by_id[one->id], true, "204", now).ok());
  EXPECT_TRUE(service_->ClaimWebhookBatches(now, 10, 100, std::chrono::seconds(30))->empty());
  auto retried = service_->ClaimWebhookBatches(now + std::chrono::seconds(2), 10, 100,
                                               std::chrono::seconds(30));
  ASSERT_TRUE(retried.ok());
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ((*retried)[0].subscription_id, everything->id);
  EXPECT_EQ((*retried)[0].previous_failures, 1);

  auto mine = service_->ListWebhooks(vendor_a_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].last_result, "connection refused");
  EXPECT_TRUE((*mine)[0].secret.empty());
  auto all = service_->ListWebhooks(reviewer_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  for (const auto& subscription : *all) {
    if (subscription.id == one->id) {
      EXPECT_EQ(subscription.delivered_changes, 1);
    }
  }

  EXPECT_EQ(service_->DeleteWebhook(vendor_b_, everything->id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(service_->DeleteWebhook(vendor_a_, everything->id).ok());
  EXPECT_TRUE(service_->ListWebhooks(vendor_a_)->empty());
}

TEST_F(ChangesTest, AtMostTwentySubscriptionsPerUser) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(
        service_->CreateWebhook(vendor_a_, {"http://127.0.0.1/" + std::to_string(i), {}}).ok());
  }
  EXPECT_EQ(service_->CreateWebhook(vendor_a_, {"http://127.0.0.1/x", {}}).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace iotmark::registry
