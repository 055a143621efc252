// Maps what the label registry holds today to the generator's input model
// (model.h): for one label, the firmware versions, the vendor's recorded
// vulnerabilities (identifier, severity, fixed-in version, advisory URL) and
// update releases, and the label's change stream (for the revision history).
//
// Rules (docs/csaf.md): a vulnerability with a fixed-in version F makes every
// version below F known_affected (remediation vendor_fix: update to F) and F
// and above fixed; without F every version is known_affected (remediation
// none_available). Vulnerability reports in the vendor's inbox are not
// published: they may describe an undisclosed vulnerability; a report
// becomes public when the vendor records the vulnerability.
//
// The monitoring's published findings with the vendor's VEX triage join in
// (findings_input.h): a CVE the vendor also recorded keeps the record's
// statements for versions no finding is about; a CVE known only from
// findings becomes a vulnerability of its own. Every triage of a finding
// (and its "under investigation" when the deadline passed untriaged) is a
// revision. The product tree keeps the versions some vulnerability states
// (one product id per firmware version, "FW-<version>"); a version nothing
// is known about is left out, never given a status nobody stated.
//
// Documents of one label: one csaf_vex (it states, for every firmware
// version, each vulnerability's VEX status) when the product has a recorded
// vulnerability or a published finding, and one csaf_security_advisory per
// security-relevant update release that fixes at least one of them (a
// recorded fixed-in version, or a finding triaged as fixed in it).
#ifndef IOTMARK_CSAF_REGISTRY_INPUT_H_
#define IOTMARK_CSAF_REGISTRY_INPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "csaf/document.h"
#include "csaf/model.h"
#include "registry/changes.h"
#include "registry/findings.h"
#include "registry/types.h"

namespace iotmark::csaf {

struct LabelSecurityData {
  registry::Label label;
  registry::SecurityInformation information;
  std::vector<registry::RegistryChange> changes;  // of this label, ascending
  // The product's findings; only published ones (public_state not empty)
  // are used (findings_input.h).
  std::vector<registry::Finding> findings;
};

struct DocumentInput {
  ProductInput input;
  Category category = Category::kVex;
};

std::vector<DocumentInput> InputsFromRegistry(const LabelSecurityData& data,
                                              std::string_view public_url);

// Builds every document of the label (empty when it has no vulnerability).
Result<std::vector<CsafDocument>> DocumentsFromRegistry(const LabelSecurityData& data,
                                                        const Publisher& publisher);

}  // namespace iotmark::csaf

#endif  // IOTMARK_CSAF_REGISTRY_INPUT_H_
