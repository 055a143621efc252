// Canonical, signed label records.
#include "registry/label_record.h"

#include <nlohmann/json.hpp>

#include "registry/signed_document.h"

namespace iotmark::registry {
namespace {

nlohmann::json RecordJson(const Label& label, TimePoint as_of) {
  nlohmann::json record{
      {"registration_number", label.registration_number},
      {"product",
       {{"name", label.product_name},
        {"model_number", label.model_number},
        {"type", label.product_type}}},
      {"vendor", label.vendor_name},
      {"scheme", label.scheme},
      {"level", label.level},
      {"issued_at", FormatIso8601(label.issued_at)},
      {"valid_from", FormatIso8601(label.valid_from)},
      {"valid_until", FormatIso8601(label.valid_until)},
      {"status", std::string(LabelStatusName(label.status))},
      {"as_of", FormatIso8601(as_of)},
  };
  if (label.certification) record["certification"] = CertificationJson(*label.certification);
  return record;
}

}  // namespace

nlohmann::json CertificationJson(const LabelCertification& certification) {
  nlohmann::json json{{"kind", std::string(CertificationKindName(certification))}};
  if (certification.third_party) {
    json["name_ja"] = "第三者認証";
    json["name_en"] = "Third-party certification";
    json["evaluation_lab"] = certification.evaluation_lab;
  } else {
    json["name_ja"] = "自己適合宣言";
    json["name_en"] = "Self-declaration";
  }
  return json;
}

std::string CanonicalLabelRecord(const Label& label, TimePoint as_of) {
  return CanonicalJson(RecordJson(label, as_of));
}

nlohmann::json SignedLabelRecordJson(const Label& label, TimePoint as_of,
                                     const crypto::SigningKey& key) {
  return SignDocument(kLabelRecordFormat, "record", RecordJson(label, as_of), key);
}

std::string SignLabelRecord(const Label& label, TimePoint as_of, const crypto::SigningKey& key) {
  return SignedLabelRecordJson(label, as_of, key).dump(2) + "\n";
}

Result<RecordVerification> VerifyLabelRecord(std::string_view document,
                                             const crypto::PublicKey& key) {
  // No exceptions: a number too large for a double (1e400, out_of_range.406)
  // is refused like a syntax error, and no input bytes are copied into the
  // message (they may be binary).
  nlohmann::json parsed = nlohmann::json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Status::ParseError(
        "label record is not JSON (a syntax error, or a number too large for a double)");
  }
  auto checked = VerifyDocument(parsed, kLabelRecordFormat, "record", key, "label record");
  if (!checked.ok()) return checked.status();
  RecordVerification result;
  const nlohmann::json& record = checked->payload;
  if (auto number = record.find("registration_number");
      number != record.end() && number->is_string()) {
    result.registration_number = number->get<std::string>();
  }
  if (auto status = record.find("status"); status != record.end() && status->is_string()) {
    result.status = status->get<std::string>();
  }
  result.valid = checked->valid;
  result.reason = checked->reason;
  return result;
}

}  // namespace iotmark::registry
