#include "registry/label_record.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "registry/label_export.h"

namespace iotmark::registry {
namespace {

Label SampleLabel() {
  Label label;
  label.registration_number = "JCS1-2026-000001-0";
  label.scheme = "jcstar-star1";
  label.level = "star1";
  label.issued_at = *ParseIso8601("2026-04-01T00:00:00Z");
  label.valid_from = label.issued_at;
  label.valid_until = *ParseIso8601("2028-04-01T00:00:00Z");
  label.status = LabelStatus::kActive;
  label.product_name = "ネットワークカメラ";
  label.model_number = "SC-100";
  label.product_type = "network-camera";
  label.vendor_name = "サンプル電機株式会社";
  return label;
}

class LabelRecordTest : public ::testing::Test {
 protected:
  crypto::SigningKey key_ = *crypto::SigningKey::FromSeed(std::string(32, '\x01'));
  TimePoint as_of_ = *ParseIso8601("2026-05-01T12:00:00Z");
};

TEST_F(LabelRecordTest, CanonicalJsonHasSortedKeysAndNoWhitespace) {
  std::string canonical = CanonicalLabelRecord(SampleLabel(), as_of_);
  EXPECT_EQ(canonical.find(' '), std::string::npos);  // no value holds a space here
  EXPECT_EQ(canonical.find("\n"), std::string::npos);
  EXPECT_LT(canonical.find("\"as_of\""), canonical.find("\"issued_at\""));
  EXPECT_LT(canonical.find("\"issued_at\""), canonical.find("\"vendor\""));
  EXPECT_NE(canonical.find("ネットワークカメラ"), std::string::npos);  // UTF-8, not \u escapes
}

TEST_F(LabelRecordTest, SignedRecordVerifiesEvenWhenReformatted) {
  std::string document = SignLabelRecord(SampleLabel(), as_of_, key_);
  auto verified = VerifyLabelRecord(document, key_.public_key());
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->valid) << verified->reason;
  EXPECT_EQ(verified->registration_number, "JCS1-2026-000001-0");
  EXPECT_EQ(verified->status, "active");
  std::string compact = nlohmann::json::parse(document).dump();
  EXPECT_TRUE(VerifyLabelRecord(compact, key_.public_key())->valid);
}

TEST_F(LabelRecordTest, TamperedRecordOrOtherKeyIsInvalid) {
  std::string document = SignLabelRecord(SampleLabel(), as_of_, key_);
  auto json = nlohmann::json::parse(document);
  json["record"]["status"] = "active";
  json["record"]["valid_until"] = "2030-04-01T00:00:00Z";  // extend it by hand
  auto tampered = VerifyLabelRecord(json.dump(), key_.public_key());
  ASSERT_TRUE(tampered.ok());
  EXPECT_FALSE(tampered->valid);
  EXPECT_FALSE(tampered->reason.empty());
  auto other_key = crypto::SigningKey::FromSeed(std::string(32, '\x02'));
  EXPECT_FALSE(VerifyLabelRecord(document, other_key->public_key())->valid);
  auto extra = nlohmann::json::parse(document);
  extra["record"]["note"] = "added";
  EXPECT_FALSE(VerifyLabelRecord(extra.dump(), key_.public_key())->valid);
}

TEST_F(LabelRecordTest, CertificationSaysHowTheLabelWasGranted) {
  Label third_party = SampleLabel();
  third_party.level = "star3";
  third_party.certification = LabelCertification{true, "第三者評価ラボ"};
  auto document = nlohmann::json::parse(SignLabelRecord(third_party, as_of_, key_));
  EXPECT_EQ(document["record"]["certification"],
            nlohmann::json::parse(R"({"kind":"third-party","name_ja":"第三者認証",)"
                                  R"("name_en":"Third-party certification",)"
                                  R"("evaluation_lab":"第三者評価ラボ"})"));
  EXPECT_TRUE(VerifyLabelRecord(document.dump(), key_.public_key())->valid);
  // The lab is covered by the signature.
  document["record"]["certification"]["evaluation_lab"] = "別のラボ";
  EXPECT_FALSE(VerifyLabelRecord(document.dump(), key_.public_key())->valid);

  Label self_declared = SampleLabel();
  self_declared.certification = LabelCertification{};
  auto declared = nlohmann::json::parse(SignLabelRecord(self_declared, as_of_, key_));
  EXPECT_EQ(declared["record"]["certification"],
            nlohmann::json::parse(R"({"kind":"self-declaration","name_ja":"自己適合宣言",)"
                                  R"("name_en":"Self-declaration"})"));
  EXPECT_TRUE(VerifyLabelRecord(declared.dump(), key_.public_key())->valid);
  // Someone turning a self-declaration into a certification breaks it.
  declared["record"]["certification"]["kind"] = "third-party";
  EXPECT_FALSE(VerifyLabelRecord(declared.dump(), key_.public_key())->valid);
}

// Records signed before the certification member existed (same format
// name, no "certification") still verify.
TEST_F(LabelRecordTest, RecordWithoutCertificationStillVerifies) {
  auto document = nlohmann::json::parse(SignLabelRecord(SampleLabel(), as_of_, key_));
  EXPECT_EQ(document["format"], "iotmark-label-record/1");
  EXPECT_FALSE(document["record"].contains("certification"));
  EXPECT_TRUE(VerifyLabelRecord(document.dump(), key_.public_key())->valid);
}

TEST_F(LabelRecordTest, UnreadableDocumentsAreParseErrors) {
  for (const char* bad :
       {"", "not json", "[]", R"({"format":"other"})", R"({"format":"iotmark-label-record/1"})",
        R"({"format":"iotmark-label-record/1","record":{},"signature":{}})"}) {
    auto result = VerifyLabelRecord(bad, key_.public_key());
    EXPECT_EQ(result.status().code(), StatusCode::kParseError) << bad;
  }
}

// Found by label_verify_fuzz (fuzz/corpus/label_verify/crash-24bf3ad3…): a
// number beyond a double's range made nlohmann's out_of_range escape.
TEST_F(LabelRecordTest, HugeNumbersAreParseErrorsNotExceptions) {
  for (const char* bad : {R"({"format":1e400})", R"({"record":{"id":-1e999999}})", "1E400",
                          R"({"format":"iotmark-label-record/1","record":{"id":1e400}})"}) {
    auto result = VerifyLabelRecord(bad, key_.public_key());
    EXPECT_EQ(result.status().code(), StatusCode::kParseError) << bad;
    auto page = VerifyLabelExport(bad, key_.public_key());
    EXPECT_EQ(page.status().code(), StatusCode::kParseError) << bad;
  }
}

}  // namespace
}  // namespace iotmark::registry
