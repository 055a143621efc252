#include "registry/label_export.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace iotmark::registry {
namespace {

Label SampleLabel(const std::string& number) {
  Label label;
  label.registration_number = number;
  label.product_name = "ネットワークカメラ";
  label.model_number = "SC-100";
  label.vendor_name = "サンプル電機";
  label.scheme = "jcstar";
  label.level = "star1";
  label.issued_at = label.valid_from = *ParseIso8601("2026-04-01T00:00:00Z");
  label.valid_until = *ParseIso8601("2028-04-01T00:00:00Z");
  return label;
}

class LabelExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = crypto::SigningKey::FromSeed(std::string(32, '\x11'));
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(key).value());
  }
  std::optional<crypto::SigningKey> key_;
};

TEST_F(LabelExportTest, PageCarriesItsWindowAndVerifies) {
  const TimePoint at = *ParseIso8601("2026-05-01T00:00:00Z");
  LabelExportPage page =
      SignLabelExport(10, 42, true,
                      {{SampleLabel("JCS1-2026-000001-7"), 11, at},
                       {SampleLabel("JCS1-2026-000002-5"), 14, at + std::chrono::hours(1)}},
                      *key_);
  EXPECT_EQ(page.since, 10);
  EXPECT_EQ(page.until, 14);
  EXPECT_EQ(page.records, 2u);
  EXPECT_EQ(page.last_modified, at + std::chrono::hours(1));
  auto verified = VerifyLabelExport(page.document, key_->public_key());
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->valid) << verified->reason;
  EXPECT_EQ(verified->until, 14);
  EXPECT_EQ(verified->latest_sequence, 42);
  EXPECT_TRUE(verified->more);
  // Records are the label records as of their change.
  auto document = nlohmann::json::parse(page.document);
  EXPECT_EQ(document["export"]["records"][1]["document"]["record"]["as_of"],
            "2026-05-01T01:00:00Z");
}

TEST_F(LabelExportTest, EmptyPageKeepsTheCursor) {
  LabelExportPage page = SignLabelExport(7, 7, false, {}, *key_);
  EXPECT_EQ(page.until, 7);
  EXPECT_FALSE(page.last_modified.has_value());
  auto verified = VerifyLabelExport(page.document, key_->public_key());
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->valid);
}

TEST_F(LabelExportTest, ReorderedOrForeignRecordsAreCaught) {
  const TimePoint at = *ParseIso8601("2026-05-01T00:00:00Z");
  // A page whose records claim sequences outside its window is refused even
  // though the page signature holds (it was signed that way).
  LabelExportPage page =
      SignLabelExport(10, 20, false, {{SampleLabel("JCS1-2026-000001-7"), 9, at}}, *key_);
  auto verified = VerifyLabelExport(page.document, key_->public_key());
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->valid);
  EXPECT_NE(verified->reason.find("/export/records/0"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::registry
