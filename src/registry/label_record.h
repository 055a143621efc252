// The signed label record a buyer can check offline.
//
// Document (JSON):
//   { "format": "iotmark-label-record/1",
//     "record": { "registration_number", "product": {"name","model_number","type"},
//                 "vendor", "scheme", "level", "issued_at", "valid_from",
//                 "valid_until", "status", "as_of", "certification"? },
//     "signature": { "algorithm": "Ed25519", "key_id": "…", "value": "<base64>" } }
// "certification" (CertificationJson below) says how the label was granted;
// records signed before it existed (issue 13) lack it and still verify, as
// verification covers whatever "record" holds. The format name is unchanged
// because the member is only added.
// The signature covers the canonical JSON of "record": keys sorted, no
// whitespace, UTF-8 unescaped (nlohmann::json::dump()). Verification
// re-canonicalises, so reformatting the file does not break it but any change
// of a value does. Pure functions, thread-safe.
#ifndef IOTMARK_REGISTRY_LABEL_RECORD_H_
#define IOTMARK_REGISTRY_LABEL_RECORD_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "crypto/signing.h"
#include "registry/types.h"

namespace iotmark::registry {

inline constexpr std::string_view kLabelRecordFormat = "iotmark-label-record/1";

// {"kind":"third-party","name_ja":"第三者認証","name_en":"Third-party certification",
//  "evaluation_lab":"<lab name>"} or {"kind":"self-declaration","name_ja":"自己適合宣言",
//  "name_en":"Self-declaration"}; also the label JSON's and product page's words.
nlohmann::json CertificationJson(const LabelCertification& certification);

// Canonical JSON text of the record part for `label` as of `as_of`.
std::string CanonicalLabelRecord(const Label& label, TimePoint as_of);
// The whole signed document as a JSON value.
nlohmann::json SignedLabelRecordJson(const Label& label, TimePoint as_of,
                                     const crypto::SigningKey& key);
// The whole signed document, pretty-printed.
std::string SignLabelRecord(const Label& label, TimePoint as_of, const crypto::SigningKey& key);

// The outcome of checking a record document.
struct RecordVerification {
  bool valid = false;
  std::string registration_number;
  std::string status;
  std::string reason;  // why it is invalid (empty when valid)
};
// kParseError when the document is not a readable record at all (exit 2);
// otherwise a verification that is valid or says why not (exit 1).
Result<RecordVerification> VerifyLabelRecord(std::string_view document,
                                             const crypto::PublicKey& key);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_RECORD_H_
