// The signed bulk export of public label records, one page at a time, so that
// others can mirror the registry and keep the mirror current from deltas.
//
// Document (JSON, a registry/signed_document.h envelope, payload "export"):
//   { "format": "iotmark-label-export/1",
//     "export": { "since": N, "until": M, "latest_sequence": L, "more": bool,
//                 "records": [ { "sequence": S, "document": <signed label record> }, … ] },
//     "signature": { "algorithm": "Ed25519", "key_id", "value" } }
// Records are the labels whose newest change has a sequence in (since, until],
// ascending; each is the label's signed record (registry/label_record.h) as of
// its newest change, so a page is the same bytes whenever it is asked for
// (caches and ETags work) and a mirror that applies pages in order from 0,
// then again from `until`, holds every label's latest record.
#ifndef IOTMARK_REGISTRY_LABEL_EXPORT_H_
#define IOTMARK_REGISTRY_LABEL_EXPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/signing.h"
#include "registry/changes.h"
#include "registry/types.h"

namespace iotmark::registry {

inline constexpr std::string_view kLabelExportFormat = "iotmark-label-export/1";

struct ExportedLabel {
  Label label;  // status as of `changed_at`
  std::int64_t sequence = 0;
  TimePoint changed_at;
};

// Signs one page. `labels` must be in ascending sequence, all in (since, until].
LabelExportPage SignLabelExport(std::int64_t since, std::int64_t latest_sequence, bool more,
                                const std::vector<ExportedLabel>& labels,
                                const crypto::SigningKey& key);

struct ExportVerification {
  bool valid = false;
  std::string reason;  // why not (names the record when one is at fault)
  std::int64_t since = 0;
  std::int64_t until = 0;
  std::int64_t latest_sequence = 0;
  bool more = false;
  std::size_t records = 0;
};

// kParseError when the text is not an export page at all; otherwise checks
// the page signature, every record's signature, and that sequences ascend
// within (since, until].
Result<ExportVerification> VerifyLabelExport(std::string_view document,
                                             const crypto::PublicKey& key);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_EXPORT_H_
