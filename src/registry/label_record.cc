// Canonical, signed label records.
#include "registry/label_record.h"

#include <nlohmann/json.hpp>

namespace iotmark::registry {
namespace {

nlohmann::json RecordJson(const Label& label, TimePoint as_of) {
  return nlohmann::json{
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
}

// nlohmann::json objects are ordered maps: dump() sorts keys and, without an
// indent, writes no whitespace.
std::string Canonical(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

}  // namespace

std::string CanonicalLabelRecord(const Label& label, TimePoint as_of) {
  return Canonical(RecordJson(label, as_of));
}

std::string SignLabelRecord(const Label& label, TimePoint as_of, const crypto::SigningKey& key) {
  nlohmann::json record = RecordJson(label, as_of);
  nlohmann::json document{
      {"format", std::string(kLabelRecordFormat)},
      {"record", record},
      {"signature",
       {{"algorithm", "Ed25519"},
        {"key_id", key.public_key().KeyId()},
        {"value", key.SignBase64(Canonical(record))}}},
  };
  return document.dump(2) + "\n";
}

Result<RecordVerification> VerifyLabelRecord(std::string_view document,
                                             const crypto::PublicKey& key) {
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(document);
  } catch (const nlohmann::json::parse_error& error) {
    return Status::ParseError(std::string("label record is not JSON: ") + error.what());
  }
  if (!parsed.is_object()) return Status::ParseError("label record: top level is not an object");
  auto format = parsed.find("format");
  if (format == parsed.end() || !format->is_string() || *format != kLabelRecordFormat) {
    return Status::ParseError("label record: /format must be \"" + std::string(kLabelRecordFormat) +
                              "\"");
  }
  auto record = parsed.find("record");
  if (record == parsed.end() || !record->is_object()) {
    return Status::ParseError("label record: /record is missing or not an object");
  }
  auto signature = parsed.find("signature");
  if (signature == parsed.end() || !signature->is_object()) {
    return Status::ParseError("label record: /signature is missing or not an object");
  }
  auto value = signature->find("value");
  auto algorithm = signature->find("algorithm");
  if (value == signature->end() || !value->is_string()) {
    return Status::ParseError("label record: /signature/value is missing or not a string");
  }
  RecordVerification result;
  if (auto number = record->find("registration_number");
      number != record->end() && number->is_string()) {
    result.registration_number = number->get<std::string>();
  }
  if (auto status = record->find("status"); status != record->end() && status->is_string()) {
    result.status = status->get<std::string>();
  }
  if (algorithm == signature->end() || *algorithm != "Ed25519") {
    result.reason = "unsupported signature algorithm (expected Ed25519)";
    return result;
  }
  std::string canonical;
  try {
    canonical = Canonical(*record);
  } catch (const nlohmann::json::exception& error) {
    return Status::ParseError(std::string("label record: /record is not valid UTF-8: ") +
                              error.what());
  }
  if (!crypto::VerifyBase64(key, canonical, value->get<std::string>())) {
    result.reason =
        "the signature does not match the record (tampered, or signed with another key) / "
        "署名が一致しません";
    return result;
  }
  result.valid = true;
  return result;
}

}  // namespace iotmark::registry
