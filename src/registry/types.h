// Plain data of the label registry: who acts (Principal), organisations,
// users, products, applications, labels with their history, security
// information and vulnerability reports. Times are UTC TimePoints with
// seconds precision; ids are positive 64-bit integers assigned by the store.
// The state machines behind Application::state and Label::status are
// documented in docs/registry.md and implemented in registry/lifecycle.h.
#ifndef IOTMARK_REGISTRY_TYPES_H_
#define IOTMARK_REGISTRY_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace iotmark::registry {

// ---------------------------------------------------------------- people
enum class Role {
  kVendorMember,      // "vendor-member": acts for one organisation only
  kOperatorReviewer,  // "operator-reviewer": reviews applications, runs surveillance
  kOperatorAdmin,     // "operator-admin": reviewer + manages organisations and users
  kAuditor,           // "auditor": reads everything, changes nothing
  // "lab-evaluator": a member of an evaluation body (評価機関, an organisation
  // of kind evaluation-lab); sees and reports on the ★3/★4 applications that
  // name its lab, nothing else (registry/evaluation.h).
  kLabEvaluator,
};
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view name);

// The authenticated actor of a call. `organization_id` is set for vendor
// members only. Build one with RegistryService::Authenticate (or directly in
// tests / the CLI for the bootstrap admin).
struct Principal {
  std::int64_t user_id = 0;
  std::string email;
  Role role = Role::kAuditor;
  std::optional<std::int64_t> organization_id;

  bool IsOperator() const {
    return role == Role::kOperatorReviewer || role == Role::kOperatorAdmin;
  }
  // Vendor members and lab evaluators only reach their own organisation's data.
  bool IsOrganizationScoped() const {
    return role == Role::kVendorMember || role == Role::kLabEvaluator;
  }
};

// The vendor's vulnerability disclosure policy (S1.1-05): how fast a report
// must be acknowledged and how often the reporter gets a status update.
struct DisclosurePolicy {
  int acknowledge_within_days = 7;
  int status_update_every_days = 30;
  std::string policy_url;
};

// What an organisation is: a vendor applying for labels (the default) or an
// evaluation body (評価機関) evaluating ★3/★4 applications.
enum class OrganizationKind {
  kVendor,         // "vendor"
  kEvaluationLab,  // "evaluation-lab"
};
std::string_view OrganizationKindName(OrganizationKind kind);
Result<OrganizationKind> ParseOrganizationKind(std::string_view name);

struct Organization {
  std::int64_t id = 0;
  std::string name;  // e.g. 「株式会社サンプル」
  std::string name_en;
  std::string contact_email;  // where vulnerability reports are routed
  DisclosurePolicy disclosure_policy;
  TimePoint created_at;
  OrganizationKind kind = OrganizationKind::kVendor;
};

struct NewOrganization {
  std::string name;
  std::string name_en;
  std::string contact_email;
  DisclosurePolicy disclosure_policy;
  OrganizationKind kind = OrganizationKind::kVendor;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  Role role = Role::kAuditor;
  std::optional<std::int64_t> organization_id;
  bool disabled = false;
  TimePoint created_at;
};

struct NewUser {
  std::string email;
  std::string password;  // hashed with Argon2id, never stored or logged
  Role role = Role::kVendorMember;
  // Required for vendor members (a vendor organisation) and lab evaluators
  // (an evaluation-lab organisation).
  std::optional<std::int64_t> organization_id;
};

// A login session. `token` is only returned by Login; the store keeps its hash.
struct Session {
  std::string token;
  std::int64_t user_id = 0;
  TimePoint created_at;
  TimePoint expires_at;
};

// ---------------------------------------------------------------- products
struct FirmwareVersion {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string version;
  std::optional<TimePoint> released_on;
  // Coverage by the product's label: false when marked not covered.
  bool covered = true;
  std::string coverage_note;  // why not covered (who/when are in the label history)
};

struct Product {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string model_number;  // 型式番号
  std::string name;
  std::string product_type;  // e.g. "network-camera", "router"
  std::vector<FirmwareVersion> firmware_versions;
  TimePoint created_at;
};

struct NewProduct {
  std::int64_t organization_id = 0;  // vendor members may only use their own
  std::string model_number;
  std::string name;
  std::string product_type;
};

struct NewFirmwareVersion {
  std::string version;
  std::optional<TimePoint> released_on;
};

// ---------------------------------------------------------------- applications
enum class ApplicationKind { kNew, kExtension, kChange };
std::string_view ApplicationKindName(ApplicationKind kind);  // "new", "extension", "change"
Result<ApplicationKind> ParseApplicationKind(std::string_view name);

enum class ApplicationState {
  kDraft,               // "draft": the vendor edits it
  kSubmitted,           // "submitted"
  kSupplyChainInquiry,  // "supply-chain-inquiry": the operator asked the government bodies
  kInquiryCleared,      // "inquiry-cleared"
  kInquiryFlagged,      // "inquiry-flagged" (the operator's note says why)
  kAccepted,            // "accepted"
  kCertified,           // "certified": ★3/★4, the operator certified the lab's evaluation
  kRejected,            // "rejected" (final; reason recorded)
  kFeeInvoiced,         // "fee-invoiced"
  kPaid,                // "paid"
  kLabelIssued,         // "label-issued" (final)
};
std::string_view ApplicationStateName(ApplicationState state);
Result<ApplicationState> ParseApplicationState(std::string_view name);

// One field-level problem with a checklist or an input (the server returns
// them as a list with 400/422).
struct FieldError {
  std::string field;    // JSON path, e.g. "/criteria/S1.1-04/result"
  std::string message;  // Japanese / English
};

struct ApplicationEvent {
  std::int64_t id = 0;
  ApplicationState from = ApplicationState::kDraft;
  ApplicationState to = ApplicationState::kDraft;
  std::int64_t actor_user_id = 0;
  std::string actor_email;
  TimePoint at;
  std::string note;
};

struct Application {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t product_id = 0;
  ApplicationKind kind = ApplicationKind::kNew;
  std::string scheme = "jcstar-star1";  // catalog pack id
  std::string level = "star1";          // catalog level id
  // For extension / change: the label it extends or changes.
  std::optional<std::string> label_registration_number;
  // Requested validity in months (1…24); empty = the maximum (24).
  std::optional<int> requested_validity_months;
  std::string checklist_json;  // as submitted (validated at submit)
  ApplicationState state = ApplicationState::kDraft;
  std::string inquiry_note;  // operator's note on the supply-chain inquiry
  std::string rejection_reason;
  std::optional<std::int64_t> fee_amount_jpy;
  bool fee_tax_included = true;
  std::string fee_source;
  std::optional<TimePoint> submitted_at;
  std::optional<TimePoint> invoiced_at;
  std::optional<TimePoint> paid_at;
  // ★3/★4 (levels whose assessment is third-party): the evaluation body named
  // at creation, and when the operator certified its evaluation.
  std::optional<std::int64_t> evaluation_lab_id;
  std::optional<TimePoint> certified_at;
  std::vector<ApplicationEvent> history;
  TimePoint created_at;
  TimePoint updated_at;
};

struct NewApplication {
  std::int64_t product_id = 0;
  ApplicationKind kind = ApplicationKind::kNew;
  std::string scheme = "jcstar-star1";
  std::string level = "star1";
  std::optional<std::string> label_registration_number;
  std::optional<int> requested_validity_months;
  std::string checklist_json;  // may be empty in a draft
  // Required for third-party levels (★3/★4), refused for self-declaration ones.
  std::optional<std::int64_t> evaluation_lab_id;
};

// ---------------------------------------------------------------- labels
enum class LabelStatus {
  kActive,             // "active"             有効
  kExpired,            // "expired"            失効（有効期限切れ）
  kWithdrawn,          // "withdrawn"          失効（自主取下げ）
  kRevoked,            // "revoked"            取消し
  kUnderSurveillance,  // "under-surveillance" サーベイランス実施中
};
std::string_view LabelStatusName(LabelStatus status);
std::string_view LabelStatusNameJa(LabelStatus status);
Result<LabelStatus> ParseLabelStatus(std::string_view name);

// One entry of a label's history: every status change and every other
// recorded event (issue, extension, coverage change, evidence, …).
struct LabelEvent {
  std::int64_t id = 0;
  std::string kind;  // "issued", "extended", "expired", "withdrawn", "surveillance-opened",
                     // "evidence-submitted", "surveillance-closed", "revoked",
                     // "firmware-coverage", "spec-change-reported"
  std::optional<LabelStatus> from;
  std::optional<LabelStatus> to;
  std::int64_t actor_user_id = 0;  // 0 = the system (expiry / deadline sweep)
  std::string actor_email;         // "system" for the sweep
  TimePoint at;
  std::string reason;
  std::optional<std::int64_t> log_index;  // its entry in the transparency log
  // How the entry reads in the scheme's workflow wording (registry/label_event_text.h),
  // set when a label is read with its history; not stored.
  std::string summary_ja;
  std::string summary_en;
};

struct Surveillance {
  std::string evidence_request;
  TimePoint opened_at;
  TimePoint deadline;
  std::string evidence;  // what the vendor submitted (empty until then)
  std::optional<TimePoint> evidence_submitted_at;
};

// How a label was granted (issue 13): by the vendor's self-declaration
// (自己適合宣言, ★1/★2) or by third-party certification (第三者認証, ★3/★4)
// on the evaluation of the lab the application named. Follows the level's
// `assessment` in the catalog (levels.yaml).
struct LabelCertification {
  bool third_party = false;
  std::string evaluation_lab;  // the lab's name (third-party; empty when unknown)
};
// "third-party" or "self-declaration".
std::string_view CertificationKindName(const LabelCertification& certification);

struct Label {
  std::int64_t id = 0;
  std::string registration_number;  // see registry/registration_number.h
  std::int64_t product_id = 0;
  std::int64_t organization_id = 0;
  std::int64_t application_id = 0;  // the application that issued it
  std::string scheme;
  std::string level;
  TimePoint issued_at;
  TimePoint valid_from;
  TimePoint valid_until;  // exclusive: Active while now < valid_until
  // Effective status at the time of the call (see docs/registry.md, "Time").
  LabelStatus status = LabelStatus::kActive;
  std::optional<Surveillance> surveillance;  // set while under surveillance
  std::vector<LabelEvent> history;
  // Denormalised for listings and the signed record.
  std::string product_name;
  std::string model_number;
  std::string product_type;
  std::string vendor_name;
  std::vector<FirmwareVersion> firmware_versions;
  // Set by the reads that show one label (GetLabel, the signed record,
  // ListLabels, the answers of issue and lifecycle steps); unset in search
  // results and export pages.
  std::optional<LabelCertification> certification;
};

// See registry/label_search.h for how the query runs.
struct LabelQuery {
  // Whitespace-separated terms, all must match the vendor, product name or
  // model number as substrings; a term like "JCS1-2026-0001" matches
  // registration numbers starting with it.
  std::string text;
  std::optional<std::string> level;
  std::optional<LabelStatus> status;  // the status as read (effective)
  std::optional<std::int64_t> organization_id;
  std::string vendor;        // vendor name substring
  std::string product_type;  // products.product_type code, "" = any
  int page = 1;              // 1-based
  int page_size = 20;        // 1…100
};

struct LabelPage {
  std::vector<Label> labels;  // without history, newest label first
  bool has_next_page = false;
  // The number of matches, known only when this page is the last one (no
  // COUNT over the table is made).
  std::optional<std::int64_t> total;
  int page = 1;
  int page_size = 20;
};

// ---------------------------------------------------------------- security information
struct UpdateRelease {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string version;
  TimePoint released_on;
  std::string summary;
  bool security_relevant = false;
};

struct NewUpdateRelease {
  std::string version;
  TimePoint released_on;
  std::string summary;
  bool security_relevant = false;
};

struct Vulnerability {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string identifier;        // "CVE-2026-12345", "JVN#…", or a vendor id
  std::string severity;          // "none", "low", "medium", "high", "critical"
  std::string fixed_in_version;  // empty = not fixed yet
  std::string advisory_url;
  TimePoint published_at;
};

struct NewVulnerability {
  std::string identifier;
  std::string severity;
  std::string fixed_in_version;
  std::string advisory_url;
};

struct SecurityInformation {
  std::vector<UpdateRelease> updates;
  std::vector<Vulnerability> vulnerabilities;
};

// ---------------------------------------------------------------- vulnerability reports
enum class ReportStatus {
  kReceived,       // "received"
  kAcknowledged,   // "acknowledged"
  kInvestigating,  // "investigating"
  kFixed,          // "fixed"
  kRejected,       // "rejected" (not a vulnerability)
  kClosed,         // "closed"
};
std::string_view ReportStatusName(ReportStatus status);
Result<ReportStatus> ParseReportStatus(std::string_view name);

struct NewVulnerabilityReport {
  std::string registration_number;  // the labelled product it concerns
  std::string reporter_name;        // may be empty (anonymous)
  std::string reporter_email;       // may be empty
  std::string summary;
  std::string details;
};

struct ReportUpdate {
  ReportStatus status = ReportStatus::kReceived;
  TimePoint at;
  std::string note;
  std::int64_t actor_user_id = 0;
};

struct VulnerabilityReport {
  std::int64_t id = 0;
  std::string tracking_token;        // given to the reporter once, to follow the report
  std::int64_t organization_id = 0;  // the vendor it was routed to
  std::int64_t product_id = 0;
  std::string registration_number;
  std::string reporter_name;
  std::string reporter_email;
  std::string summary;
  std::string details;
  ReportStatus status = ReportStatus::kReceived;
  TimePoint received_at;
  std::optional<TimePoint> acknowledged_at;
  std::optional<TimePoint> last_update_at;
  // From the vendor's disclosure policy.
  TimePoint acknowledge_due;
  TimePoint next_update_due;
  bool acknowledgement_overdue = false;  // computed against the clock at read
  bool update_overdue = false;
  std::vector<ReportUpdate> updates;
};

// ---------------------------------------------------------------- transparency log
struct SignedTreeHead {
  std::uint64_t tree_size = 0;
  std::string root_hash_base64;
  TimePoint timestamp;
  std::string signature_base64;  // Ed25519 over TreeHeadSigningInput
  std::string key_id;
};

struct LogEntry {
  std::uint64_t index = 0;
  std::string data;  // canonical JSON of the label event
  std::string leaf_hash_base64;
  TimePoint appended_at;
};

struct InclusionProofResult {
  std::uint64_t leaf_index = 0;
  std::uint64_t tree_size = 0;
  std::string leaf_hash_base64;
  std::vector<std::string> audit_path_base64;
};

struct ConsistencyProofResult {
  std::uint64_t first_size = 0;
  std::uint64_t second_size = 0;
  std::vector<std::string> proof_base64;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_TYPES_H_
