#include "registry/signed_document.h"

namespace iotmark::registry {

std::string CanonicalJson(const nlohmann::json& value) {
  // nlohmann::json objects are ordered maps: dump() sorts keys and, without
  // an indent, writes no whitespace.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

nlohmann::json SignDocument(std::string_view format, std::string_view payload_key,
                            nlohmann::json payload, const crypto::SigningKey& key) {
  std::string signature = key.SignBase64(CanonicalJson(payload));
  return nlohmann::json{
      {"format", std::string(format)},
      {std::string(payload_key), std::move(payload)},
      {"signature",
       {{"algorithm", "Ed25519"}, {"key_id", key.public_key().KeyId()}, {"value", signature}}},
  };
}

Result<DocumentVerification> VerifyDocument(const nlohmann::json& document, std::string_view format,
                                            std::string_view payload_key,
                                            const crypto::PublicKey& key, std::string_view what) {
  const std::string prefix = std::string(what) + ": ";
  if (!document.is_object()) return Status::ParseError(prefix + "top level is not an object");
  auto found_format = document.find("format");
  if (found_format == document.end() || !found_format->is_string() || *found_format != format) {
    return Status::ParseError(prefix + "/format must be \"" + std::string(format) + "\"");
  }
  auto payload = document.find(std::string(payload_key));
  if (payload == document.end() || !payload->is_object()) {
    return Status::ParseError(prefix + "/" + std::string(payload_key) +
                              " is missing or not an object");
  }
  auto signature = document.find("signature");
  if (signature == document.end() || !signature->is_object()) {
    return Status::ParseError(prefix + "/signature is missing or not an object");
  }
  auto value = signature->find("value");
  auto algorithm = signature->find("algorithm");
  if (value == signature->end() || !value->is_string()) {
    return Status::ParseError(prefix + "/signature/value is missing or not a string");
  }
  DocumentVerification result;
  result.payload = *payload;
  if (algorithm == signature->end() || *algorithm != "Ed25519") {
    result.reason = "unsupported signature algorithm (expected Ed25519)";
    return result;
  }
  std::string canonical;
  try {
    canonical = CanonicalJson(*payload);
  } catch (const nlohmann::json::exception& error) {
    return Status::ParseError(prefix + "/" + std::string(payload_key) +
                              " is not valid UTF-8: " + error.what());
  }
  if (!crypto::VerifyBase64(key, canonical, value->get<std::string>())) {
    result.reason =
        "the signature does not match the content (tampered, or signed with another key) / "
        "署名が一致しません";
    return result;
  }
  result.valid = true;
  return result;
}

}  // namespace iotmark::registry
