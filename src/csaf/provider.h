// The CSAF 2.0 trusted-provider layout (CSAF §7.1) for a set of documents:
//   /.well-known/csaf/provider-metadata.json
//   /.well-known/csaf/openpgp/<FINGERPRINT>.asc        the public OpenPGP key
//   /.well-known/csaf/white/csaf-feed-tlp-white.json   ROLIE feed
//   /.well-known/csaf/white/index.txt, changes.csv
//   /.well-known/csaf/white/<year>/<file>.json (+ .sha256, .sha512, .asc)
// Everything is a pure function of the documents, the publisher and the key:
// deterministic bytes (docs/csaf.md).
#ifndef IOTMARK_CSAF_PROVIDER_H_
#define IOTMARK_CSAF_PROVIDER_H_

#include <string>
#include <vector>

#include "crypto/openpgp.h"
#include "csaf/document.h"
#include "csaf/model.h"

namespace iotmark::csaf {

inline constexpr std::string_view kFeedFile = "csaf-feed-tlp-white.json";

std::string ProviderMetadataJson(const Publisher& publisher, const crypto::OpenPgpKey& key,
                                 const std::vector<CsafDocument>& documents);
// Newest first (by current release, then path).
std::string RolieFeedJson(const Publisher& publisher, const std::vector<CsafDocument>& documents);
// One path per line ("2026/iotmark-vex-….json"), sorted.
std::string IndexTxt(const std::vector<CsafDocument>& documents);
// `"<path>","<current release>"` per line, newest first.
std::string ChangesCsv(const std::vector<CsafDocument>& documents);
// "<hex digest>  <file name>\n" (the sha256sum / sha512sum format).
std::string HashFile(const CsafDocument& document, std::string_view algorithm);
// The detached, armored OpenPGP signature of the document's bytes, created at
// its current release date.
std::string SignatureFile(const CsafDocument& document, const crypto::OpenPgpKey& key);

// The newest current release of `documents` (a fixed early date when empty).
TimePoint LastUpdated(const std::vector<CsafDocument>& documents);

}  // namespace iotmark::csaf

#endif  // IOTMARK_CSAF_PROVIDER_H_
