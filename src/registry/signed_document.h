// The signed JSON documents the registry publishes (label records, bulk
// export pages): { "format": F, "<payload key>": {…}, "signature":
// { "algorithm": "Ed25519", "key_id", "value": base64 } }. The signature covers
// the canonical JSON of the payload: keys sorted, no whitespace, UTF-8
// unescaped. Verification re-canonicalises, so reformatting a document keeps
// it valid while any change of a value breaks it. Pure functions, thread-safe.
#ifndef IOTMARK_REGISTRY_SIGNED_DOCUMENT_H_
#define IOTMARK_REGISTRY_SIGNED_DOCUMENT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"
#include "crypto/signing.h"

namespace iotmark::registry {

// Canonical text of a JSON value (throws nlohmann::json::type_error on
// invalid UTF-8: callers pass values they built or checked).
std::string CanonicalJson(const nlohmann::json& value);

nlohmann::json SignDocument(std::string_view format, std::string_view payload_key,
                            nlohmann::json payload, const crypto::SigningKey& key);

struct DocumentVerification {
  bool valid = false;
  std::string reason;  // why not (empty when valid)
  nlohmann::json payload;
};

// kParseError (naming `what` and the JSON pointer) when `document` is not
// such a document at all; otherwise whether the signature holds.
Result<DocumentVerification> VerifyDocument(const nlohmann::json& document, std::string_view format,
                                            std::string_view payload_key,
                                            const crypto::PublicKey& key, std::string_view what);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_SIGNED_DOCUMENT_H_
