// The monitoring's findings (registry/findings.h), with the vendor's VEX
// triage, as per-version assessments of the CSAF input model (model.h).
// Only published findings count (public_state not empty: triaged, or
// untriaged past the acknowledgement deadline); a finding still private
// says nothing.
//
// One finding makes statements (docs/csaf.md, "Findings"):
//   affected            → its version known_affected + a remediation of the
//                         vendor's category (mitigation, workaround,
//                         none_available, no_fix_planned) with the vendor's
//                         text (`note`);
//   not-affected        → its version known_not_affected + the flag (the
//                         VEX justification) + an impact statement (the
//                         vendor's note, else one made from the flag);
//   fixed in V          → its version and every version below V
//                         known_affected + remediation vendor_fix naming V;
//                         V and every later version fixed;
//   under-investigation, or untriaged past the deadline
//                       → its version under_investigation.
// Statements meet per version in an AssessmentSet: a statement about the
// finding's own version outweighs the vendor's recorded vulnerability,
// which outweighs what a "fixed in V" implies for other versions; between
// equals the graver status wins (known_affected > under_investigation >
// known_not_affected > fixed), so one vulnerable component is never hidden
// by another that is not.
#ifndef IOTMARK_CSAF_FINDINGS_INPUT_H_
#define IOTMARK_CSAF_FINDINGS_INPUT_H_

#include <map>
#include <string>
#include <vector>

#include "csaf/model.h"
#include "registry/findings.h"

namespace iotmark::csaf {

// Where a statement about a version comes from, lightest first.
enum class StatementSource { kImpliedByFinding, kRecordedVulnerability, kFinding };

// The statements about one vulnerability, one kept per version.
class AssessmentSet {
 public:
  void Offer(VersionAssessment assessment, StatementSource source);
  // The kept assessments in the order of `versions` (versions without a
  // statement are left out).
  std::vector<VersionAssessment> InOrder(const std::vector<ProductVersion>& versions) const;

 private:
  struct Kept {
    VersionAssessment assessment;
    StatementSource source;
  };
  std::map<std::string, Kept> by_version_;
};

// Offers the statements of one published finding (see above) about the
// product's `versions` (sorted by vulndb::CompareVersions).
void OfferFindingStatements(const registry::Finding& finding,
                            const std::vector<ProductVersion>& versions, AssessmentSet& set);

// A vulnerability known only from findings of one CVE: severity (the
// gravest NVD severity), a description naming the matched components, the
// NVD record as reference, and the findings' statements.
VulnerabilityInput VulnerabilityFromFindings(const std::vector<const registry::Finding*>& findings,
                                             const std::vector<ProductVersion>& versions);

// NVD's severity word ("HIGH") as the generator's ("high"); "" when unknown.
std::string SeverityFromNvd(std::string_view severity);

}  // namespace iotmark::csaf

#endif  // IOTMARK_CSAF_FINDINGS_INPUT_H_
