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
// Documents of one label: one csaf_vex when the product has a recorded
// vulnerability, and one csaf_security_advisory per security-relevant
// update release that fixes at least one of them.
#ifndef IOTMARK_CSAF_REGISTRY_INPUT_H_
#define IOTMARK_CSAF_REGISTRY_INPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "csaf/document.h"
#include "csaf/model.h"
#include "registry/changes.h"
#include "registry/types.h"

namespace iotmark::csaf {

struct LabelSecurityData {
  registry::Label label;
  registry::SecurityInformation information;
  std::vector<registry::RegistryChange> changes;  // of this label, ascending
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
