// Continuous vulnerability monitoring of registered products (issue 16 §1–2):
// SBOMs attached to firmware versions, banner-identified services from
// device-test reports, the findings the monitoring records when a CVE
// matches one of them, and the vendor's triage of each finding (a VEX
// status).
//
// Life of a finding: `vulndb update` (src/monitoring) matches every kept
// component against the vulnerability DB and calls RecordMatches; a match
// not recorded before becomes a finding with status "new" and an
// acknowledgement deadline from the organisation's disclosure policy
// (acknowledge_within_days), and a mail to the organisation's contact is
// queued. The vendor triages it: affected, not-affected (with a VEX
// justification), fixed (in a firmware version of the product) or
// under-investigation. Triage may be changed later; every triage is a
// registry change (kind "finding-triaged"). A finding still "new" when its
// deadline passes is published as 調査中 / under investigation (kind
// "finding-under-investigation", written by RecordOverdueFindings), so
// silence is visible. The registry never states that a product is or is not
// vulnerable: only the vendor's own triage, shown as the vendor's statement.
//
// Visibility: SBOM documents and findings are private to the vendor and the
// operator (auditors read); the public sees whether a firmware version has
// an SBOM kept and the findings that are triaged or overdue.
//
// Thread-safety: as RegistryService (all state in the Store, one transaction
// per call).
#ifndef IOTMARK_REGISTRY_FINDINGS_H_
#define IOTMARK_REGISTRY_FINDINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "registry/repositories.h"
#include "registry/sbom.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// The VEX status of a finding. kNew: not triaged yet.
enum class FindingStatus {
  kNew,                 // "new"
  kUnderInvestigation,  // "under-investigation"  (CSAF: under_investigation)
  kAffected,            // "affected"             (CSAF: known_affected)
  kNotAffected,         // "not-affected"         (CSAF: known_not_affected)
  kFixed,               // "fixed"                (CSAF: fixed)
};
std::string_view FindingStatusName(FindingStatus status);
Result<FindingStatus> ParseFindingStatus(std::string_view name);

// The VEX justifications of CSAF 2.0 §3.2.3.5 flags / CycloneDX, spelled as
// CSAF spells them: component_not_present, vulnerable_code_not_present,
// vulnerable_code_cannot_be_controlled_by_adversary,
// vulnerable_code_not_in_execute_path, inline_mitigations_already_exist.
bool IsVexJustification(std::string_view justification);
const std::vector<std::string_view>& VexJustifications();

// What the vendor offers for an affected version, spelled as the CSAF 2.0
// §3.2.3.12.1 remediation categories: mitigation, workaround (both need the
// vendor's text in `note`), none_available, no_fix_planned. A fix is triaged
// as kFixed (CSAF vendor_fix) instead.
bool IsAffectedRemediation(std::string_view remediation);
const std::vector<std::string_view>& AffectedRemediations();

// The SBOM kept for one firmware version.
struct SbomSummary {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string firmware_version;
  std::string format;        // "cyclonedx" | "spdx"
  std::string spec_version;  // "1.5" | "SPDX-2.3"
  std::int64_t total_components = 0;
  std::int64_t kept_components = 0;  // with purl and/or CPE
  std::string document_sha256;
  TimePoint attached_at;
};

// One identifier the monitoring matches: an SBOM component or a service
// identified from its banner in a device-test report.
struct MonitoredComponent {
  std::int64_t organization_id = 0;
  std::int64_t product_id = 0;
  std::int64_t firmware_version_id = 0;
  std::string firmware_version;
  std::string source;  // "sbom" | "device-test"
  std::string name;    // component name, or "tcp/21 vsftpd"
  std::string version;
  std::string purl;  // may be empty
  std::string cpe;   // may be empty
};

// A match found by the monitoring (RecordMatches input).
struct NewFinding {
  MonitoredComponent component;
  std::string component_ref;  // the purl or CPE that matched
  std::string cve_id;
  std::optional<double> base_score;
  std::string severity;  // NVD's ("CRITICAL", …) or ""
  std::string matched_criteria;
  std::string version_range;
  std::string description;
};

struct Finding {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t product_id = 0;
  std::int64_t firmware_version_id = 0;
  std::string firmware_version;
  std::string source;  // "sbom" | "device-test"
  std::string component;
  std::string component_version;
  std::string component_ref;
  std::string cve_id;
  std::optional<double> base_score;
  std::string severity;
  std::string matched_criteria;
  std::string version_range;
  std::string description;
  TimePoint found_at;
  TimePoint acknowledge_due;
  FindingStatus status = FindingStatus::kNew;
  std::string justification;     // for kNotAffected
  std::string fixed_in_version;  // for kFixed: a firmware version of the product
  std::string note;              // the vendor's impact / action statement
  std::string remediation;       // for kAffected: an AffectedRemediations() name
  std::optional<TimePoint> triaged_at;
  // Computed at read: still kNew and now >= acknowledge_due.
  bool triage_overdue = false;
  // What the public sees: "調査中 / under investigation" when overdue,
  // the vendor's triage when triaged, nothing ("") before the deadline.
  std::string public_state;
};

struct FindingTriage {
  FindingStatus status = FindingStatus::kUnderInvestigation;  // never kNew
  std::string justification;                                  // required for kNotAffected
  std::string fixed_in_version;                               // required for kFixed
  std::string note;
  // Only for kAffected: an AffectedRemediations() name; empty means
  // none_available. mitigation and workaround need a `note` (their text).
  std::string remediation;
};

// How registry changes about a finding name it:
// "CVE-2023-0286 (openssl 3.0.7, firmware 1.0.0)". The summaries of the
// "finding-triaged" and "finding-under-investigation" changes start with it
// and ": ", so readers (the CSAF revision history) can tell which finding a
// change is about.
std::string FindingSubject(const Finding& finding);
// The summary of the "finding-under-investigation" change of a finding.
std::string OverdueChangeSummary(const Finding& finding);

struct RecordSummary {
  int matches = 0;       // matches offered
  int new_findings = 0;  // recorded now (the rest were known)
  int mails_queued = 0;
};

// Per firmware version, for the public product page.
struct PublicFirmwareMonitoring {
  std::string firmware_version;
  bool sbom_kept = false;
  std::optional<TimePoint> sbom_attached_at;
};

struct PublicMonitoring {
  std::vector<PublicFirmwareMonitoring> firmware;
  std::vector<Finding> findings;  // triaged or overdue only
};

class FindingsService {
 public:
  // `store` and `clock` must outlive the service. `repositories` (wired by
  // the caller: persistence/repositories_factory.h) store the products and
  // label changes the findings concern.
  FindingsService(store::Store& store, const Clock& clock, Repositories repositories);

  // ---------------------------------------------------------------- SBOMs
  // Parses and keeps `document` for firmware `version` of the product
  // (vendor: own products; operators any), replacing an earlier one.
  // kInvalidArgument naming the JSON path when malformed, kNotFound for an
  // unknown product or version.
  Result<SbomSummary> AttachSbom(const Principal& actor, std::int64_t product_id,
                                 std::string_view version, std::string_view document);
  Result<std::vector<SbomSummary>> ListSboms(const Principal& actor, std::int64_t product_id);
  // The document as attached (private: vendor, operators, auditors).
  Result<std::string> GetSbomDocument(const Principal& actor, std::int64_t product_id,
                                      std::string_view version);

  // Keeps the banner-identified services (port, product, version, CPEs) of a
  // device-test report.json (docs/devtest.md) for firmware `version`,
  // replacing earlier ones. Returns how many identifiers were kept.
  Result<int> AttachDeviceTestReport(const Principal& actor, std::int64_t product_id,
                                     std::string_view version, std::string_view report_json);

  // ---------------------------------------------------------------- monitoring (system)
  // Every identifier to match: components of every kept SBOM and every kept
  // service identification.
  Result<std::vector<MonitoredComponent>> ListMonitoredComponents();
  // Records the matches not recorded before (same firmware version, CVE and
  // component_ref) as findings, and queues one mail per organisation that
  // got new findings. One transaction.
  Result<RecordSummary> RecordMatches(const std::vector<NewFinding>& matches);
  // Writes a "finding-under-investigation" registry change for every finding
  // whose acknowledgement deadline passed untriaged (once per finding).
  Result<int> RecordOverdueFindings(TimePoint now);

  // ---------------------------------------------------------------- findings
  // Vendor: its own; operators and auditors: all. Optionally one product.
  Result<std::vector<Finding>> ListFindings(const Principal& actor,
                                            std::optional<std::int64_t> product_id = {});
  // Operators and auditors: untriaged findings past their deadline, across
  // vendors, oldest deadline first (a surveillance trigger).
  Result<std::vector<Finding>> ListOverdueFindings(const Principal& actor);
  Result<Finding> TriageFinding(const Principal& actor, std::int64_t finding_id,
                                const FindingTriage& triage);

  // ---------------------------------------------------------------- reads for publication
  // Every finding of a product with its VEX status, justification and fixed
  // version, without an actor (for CSAF/VEX publication and the public page;
  // callers publish only what `public_state` allows).
  Result<std::vector<Finding>> ListProductFindings(std::int64_t product_id);
  // What the public product page shows for the product.
  Result<PublicMonitoring> GetPublicMonitoring(std::int64_t product_id);

 private:
  store::Store& store_;
  const Clock& clock_;
  Repositories repositories_;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_FINDINGS_H_
