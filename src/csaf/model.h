// The input of the CSAF 2.0 generator: one product, its versions, and what is
// known about each vulnerability for each version (a VEX assessment). Plain
// data with no registry, SQL or HTTP in it, so several sources can feed it:
// today registry_input.h maps the vendor's recorded vulnerabilities and
// update releases, and findings_input.h the monitoring's findings with the
// vendor's VEX triage (affected / not affected + justification / fixed /
// under investigation).
//
// Invariants the generator checks (kInvalidArgument naming the field):
// versions have unique, non-empty `version` and `product_id`; every
// assessment names a version of the product; a kKnownNotAffected assessment
// carries a justification or an impact statement; `revisions` is non-empty.
#ifndef IOTMARK_CSAF_MODEL_H_
#define IOTMARK_CSAF_MODEL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace iotmark::csaf {

// CSAF product_status groups used in VEX.
enum class VersionStatus { kKnownAffected, kKnownNotAffected, kFixed, kUnderInvestigation };
std::string_view VersionStatusName(VersionStatus status);  // "known_affected", …

// CSAF 2.0 §3.2.3.5 flag labels (the VEX justifications).
enum class Justification {
  kComponentNotPresent,
  kVulnerableCodeNotPresent,
  kVulnerableCodeNotInExecutePath,
  kVulnerableCodeCannotBeControlledByAdversary,
  kInlineMitigationsAlreadyExist,
};
std::string_view JustificationName(Justification justification);  // "component_not_present", …
Result<Justification> ParseJustification(std::string_view name);

// CSAF 2.0 §3.2.3.12.1 remediation categories.
enum class RemediationCategory {
  kVendorFix,
  kWorkaround,
  kMitigation,
  kNoneAvailable,
  kNoFixPlanned
};
std::string_view RemediationCategoryName(RemediationCategory category);  // "vendor_fix", …

struct ProductVersion {
  std::string version;     // "1.0.2"
  std::string product_id;  // stable across revisions, e.g. "FW-1.0.2"
  std::optional<TimePoint> released_on;
  std::string cpe;   // CPE 2.3 when known (empty: none)
  std::string purl;  // package URL when known
  std::string note;  // e.g. 「ラベルの対象外 / not covered by the label」
};

struct Remediation {
  RemediationCategory category = RemediationCategory::kVendorFix;
  std::string details;  // Japanese / English
  std::string url;      // optional
};

// What is known about one vulnerability in one version.
struct VersionAssessment {
  std::string version;
  VersionStatus status = VersionStatus::kUnderInvestigation;
  std::optional<Justification> justification;  // known_not_affected
  std::string impact_statement;                // known_not_affected: why (ja / en)
  std::optional<Remediation> remediation;      // known_affected (and optionally others)
};

// A link of a vulnerability beside the vendor's advisory (e.g. the NVD record).
struct Reference {
  std::string summary;  // ja / en
  std::string url;
};

struct VulnerabilityInput {
  std::string identifier;  // "CVE-2026-12345" (→ cve), else an id of `id_system`
  std::string id_system;   // for non-CVE ids, e.g. "JVN", "iotmark"
  std::string title;
  std::string severity;     // "none" … "critical"; empty = not rated
  std::string description;  // ja / en; empty → a generated sentence
  std::optional<TimePoint> published_at;
  std::string advisory_url;
  std::vector<Reference> references;  // further external references
  std::vector<VersionAssessment> assessments;
};

// One entry of the document's revision history.
struct Revision {
  TimePoint date;
  std::string summary;
};

struct ProductInput {
  std::string tracking_id;  // the document's stable id, e.g. "IOTMARK-VEX-JCS1-2026-000123-7"
  std::string vendor_name;
  std::string product_name;
  std::string model_number;
  std::string product_type;
  std::string registration_number;  // JC-STAR label, may be empty
  std::string label_url;            // the public label page
  std::string summary;              // extra summary text (ja / en), optional
  std::vector<ProductVersion> versions;
  std::vector<VulnerabilityInput> vulnerabilities;
  std::vector<Revision> revisions;  // ascending by date
};

// Who publishes: the registry operator, as a CSAF coordinator.
struct Publisher {
  std::string name = "iotmark ラベル登録簿 / iotmark label registry";
  std::string namespace_url;  // the registry's public URL
  std::string contact_details;
  std::string issuing_authority =
      "JC-STAR ラベル登録簿の運営者が、製品ベンダーの届け出た情報を公開します。 / The label "
      "registry operator publishes the information the product vendor declared.";
  std::string base_url;  // where /.well-known/csaf/ is served, without trailing '/'
};

}  // namespace iotmark::csaf

#endif  // IOTMARK_CSAF_MODEL_H_
