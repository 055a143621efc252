// The checks `iotmark store copy` runs on the target after a copy
// (store/store_copy.h), from the registry's own verifiers:
//   - the transparency log: registry::VerifyLog (what `iotmark log verify`
//     runs) on the target with the signing key registered in it, and the
//     result (entries, tree heads, label events, recomputed root) equal to
//     the same replay of the source;
//   - the label records: every label's signed record, as the bulk export
//     (RegistryService::ExportLabels, the pages mirrors read) gives it, read
//     from the source and from the target, signed by both with one throwaway
//     key: the pages must be byte-identical and pass VerifyLabelExport
//     (every record's signature), and the records must cover every label
//     row of the target.
// What was examined is in the result (counts); a check that could not cover
// everything fails with the reason, never passes.
// The source must not be written between the copy and these checks (a
// label changed meanwhile reads differently): stop its servers first.
#ifndef IOTMARK_PERSISTENCE_STORE_COPY_VERIFICATION_H_
#define IOTMARK_PERSISTENCE_STORE_COPY_VERIFICATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "store/store.h"

namespace iotmark::persistence {

struct CopyVerification {
  bool ok = false;  // log_ok && records_ok
  // Transparency log of the target.
  bool log_ok = false;
  std::uint64_t log_entries = 0;
  std::uint64_t tree_heads = 0;
  std::uint64_t label_events = 0;
  std::string root_hash;  // base64, recomputed on the target
  std::string key_id;     // the key registered in the target ("" when none)
  // Label records.
  bool records_ok = false;
  std::int64_t labels = 0;            // label rows expected on the target
  std::int64_t records_compared = 0;  // records read from both and found equal
  std::int64_t export_pages = 0;
  std::vector<std::string> problems;  // in the order found
};

// Runs both checks. `expected_labels`: the label rows copied. A non-OK
// Status only when a store cannot be read.
Result<CopyVerification> VerifyStoreCopy(store::Store& source, store::Store& target,
                                         const catalog::Catalog& catalog,
                                         std::int64_t expected_labels);

}  // namespace iotmark::persistence

#endif  // IOTMARK_PERSISTENCE_STORE_COPY_VERIFICATION_H_
