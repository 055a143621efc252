// RegistryService: the label registry's domain API, used by the HTTP server
// (src/server), the CLI and tests. Every method that acts for someone takes
// the acting Principal and checks authorisation itself:
//   - vendor-member: reads and changes only its own organisation's data;
//   - operator-reviewer: reads everything, runs the review, issue and
//     surveillance steps;
//   - operator-admin: reviewer + organisations and users;
//   - auditor: reads everything, every change is refused.
// Public methods (no principal) only return what the public product page shows.
//
// Errors (Status codes the server maps to HTTP):
//   kInvalidArgument 400 (Status::field() names the field; FieldErrors via
//   ValidateChecklist), kUnauthenticated 401,
//   kPermissionDenied 403, kNotFound 404 (also for another vendor's data, so
//   ids do not leak), kFailedPrecondition 409 (a refused transition, the
//   message says why), kAlreadyExists 409, kResourceExhausted 429
//   (login throttled; Status::retry_after() says when to retry),
//   kUnavailable 503 (the store cannot answer now; also with retry_after()).
//
// Time: every call reads the injected Clock. Label status is computed on read
// (Active past valid_until reads Expired; Under Surveillance past its deadline
// without closure reads Revoked) and RunExpiry() records those changes in the
// history and the transparency log with the time the rule fired. See
// docs/registry.md.
//
// Thread-safety: safe to call from many threads at once; all state is in the
// Store, each method is one transaction.
#ifndef IOTMARK_REGISTRY_REGISTRY_SERVICE_H_
#define IOTMARK_REGISTRY_REGISTRY_SERVICE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/status.h"
#include "crypto/signing.h"
#include "registry/changes.h"
#include "registry/checklist_validation.h"
#include "registry/evaluation.h"
#include "registry/login_throttle.h"
#include "registry/repositories.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

class LabelSearchIndex;  // registry/label_search_index.h

struct RegistryOptions {
  // Used in the QR code / public page links the server builds; stored nowhere.
  std::string public_url = "http://127.0.0.1:8080";
  std::chrono::seconds session_lifetime = std::chrono::hours(8);
  int max_validity_months = 24;
  LoginThrottleOptions login_throttle;
  // Webhook receivers outside 127.0.0.0/8 and [::1] (off: loopback only).
  bool webhook_allow_non_loopback = false;
  // Answers SearchLabels (one implementation per storage backend, wired by
  // the caller: persistence/label_search_factory.h). Without one,
  // SearchLabels answers kInternal (a wiring fault, not the caller's).
  std::shared_ptr<LabelSearchIndex> label_search;
  // The storage of every aggregate (one implementation per backend, wired by
  // the caller: persistence/repositories_factory.h). Without a complete set,
  // every call that reads or writes the store answers kFailedPrecondition.
  Repositories repositories;
};

// Result of a successful login.
struct LoginResult {
  Session session;
  Principal principal;
};

class RegistryService {
 public:
  // `store`, `clock` and `catalog` must outlive the service. `signing_key`
  // signs label records and tree heads. `validator` checks checklists (a
  // default structural validator when null).
  RegistryService(store::Store& store, const Clock& clock, const catalog::Catalog& catalog,
                  crypto::SigningKey signing_key, RegistryOptions options = {},
                  std::shared_ptr<const ChecklistValidator> validator = nullptr);
  ~RegistryService();
  RegistryService(const RegistryService&) = delete;
  RegistryService& operator=(const RegistryService&) = delete;

  // Records the signing public key in the store (idempotent); called by
  // `admin init` and at server start.
  Status RegisterSigningKey();

  // ------------------------------------------------------------ bootstrap & accounts
  // Creates the first operator-admin; refused (kFailedPrecondition) when any
  // user exists already.
  Result<User> BootstrapAdmin(std::string_view email, std::string_view password);
  // Login throttling per account and per `address` (S1.1-04). Wrong email and
  // wrong password give the same kUnauthenticated message.
  Result<LoginResult> Login(std::string_view email, std::string_view password,
                            std::string_view address);
  // Resolves a session token; kUnauthenticated when unknown, expired or revoked.
  Result<Principal> Authenticate(std::string_view token);
  Status Logout(std::string_view token);
  // Revokes every session of `user_id` (admin, or the user themself).
  Status RevokeSessions(const Principal& actor, std::int64_t user_id);

  Result<Organization> CreateOrganization(const Principal& actor, const NewOrganization& input);
  Result<Organization> GetOrganization(const Principal& actor, std::int64_t id);
  Result<std::vector<Organization>> ListOrganizations(const Principal& actor);
  Status SetDisclosurePolicy(const Principal& actor, std::int64_t organization_id,
                             const DisclosurePolicy& policy);
  Result<User> CreateUser(const Principal& actor, const NewUser& input);
  Result<std::vector<User>> ListUsers(const Principal& actor);
  Status SetUserDisabled(const Principal& actor, std::int64_t user_id, bool disabled);

  // ------------------------------------------------------------ products
  Result<Product> CreateProduct(const Principal& actor, const NewProduct& input);
  Result<Product> GetProduct(const Principal& actor, std::int64_t id);
  // Vendors see their own; operators and auditors all (or one organisation).
  Result<std::vector<Product>> ListProducts(const Principal& actor,
                                            std::optional<std::int64_t> organization_id = {});
  Result<FirmwareVersion> AddFirmwareVersion(const Principal& actor, std::int64_t product_id,
                                             const NewFirmwareVersion& input);

  // ------------------------------------------------------------ applications
  // Validates a checklist without storing anything (empty = valid).
  // `level`: the application's level, whose effective criteria the checklist
  // must answer (empty: the checklist's own level, or the scheme's criteria).
  std::vector<FieldError> ValidateChecklist(std::string_view checklist_json,
                                            std::string_view level = {}) const;
  Result<Application> CreateApplication(const Principal& actor, const NewApplication& input);
  // Only in draft, only by the owning vendor.
  Result<Application> UpdateApplicationChecklist(const Principal& actor, std::int64_t id,
                                                 std::string_view checklist_json);
  Result<Application> GetApplication(const Principal& actor, std::int64_t id);
  Result<std::vector<Application>> ListApplications(const Principal& actor,
                                                    std::optional<ApplicationState> state = {});
  // draft → submitted (vendor). Refused with kInvalidArgument listing the
  // field errors when the checklist does not validate.
  Result<Application> SubmitApplication(const Principal& actor, std::int64_t id);
  // submitted → supply-chain-inquiry (operator).
  Result<Application> StartSupplyChainInquiry(const Principal& actor, std::int64_t id);
  // supply-chain-inquiry → inquiry-cleared / inquiry-flagged (operator, note required when
  // flagged).
  Result<Application> RecordInquiryResult(const Principal& actor, std::int64_t id, bool cleared,
                                          std::string_view note);
  // inquiry-cleared → accepted (operator).
  Result<Application> AcceptApplication(const Principal& actor, std::int64_t id);
  // submitted / supply-chain-inquiry / inquiry-cleared / inquiry-flagged → rejected (reason
  // required).
  Result<Application> RejectApplication(const Principal& actor, std::int64_t id,
                                        std::string_view reason);
  // accepted → fee-invoiced, amount from Catalog::FeeFor (operator). When the
  // catalog knows no fee for the application (e.g. extensions: not published),
  // the operator states it in `stated_amount_jpy`; without either it fails.
  // A stated amount never overrides a catalog fee.
  Result<Application> InvoiceFee(const Principal& actor, std::int64_t id,
                                 std::optional<std::int64_t> stated_amount_jpy = std::nullopt);
  // fee-invoiced → paid (operator records the payment).
  Result<Application> RecordPayment(const Principal& actor, std::int64_t id);
  // paid → label-issued (operator). For kNew: a new label, Active. For
  // kExtension: the existing label's valid_until is moved on (the
  // application must have been submitted before the label's end). For
  // kChange: the label's level/product data are updated.
  Result<Label> IssueLabel(const Principal& actor, std::int64_t application_id);

  // ------------------------------------------------------------ third-party evaluation (★3/★4)
  // A ★3/★4 application names an evaluation body (NewApplication::evaluation_lab_id);
  // its lab evaluators record the report, the operator certifies (accepted →
  // certified) and only then invoices and issues (registry/evaluation.h).
  // The applications naming the actor's lab with their newest report
  // (lab-evaluator); operators and auditors see every application naming a lab.
  Result<std::vector<Evaluation>> ListEvaluations(const Principal& actor);
  // A lab evaluator of the lab the application names records its report: one
  // result (pass/fail/na) for every criterion of the application's checklist
  // and nothing else, the report file's SHA-256 (64 hex). While the
  // application is submitted … accepted (kFailedPrecondition otherwise);
  // another lab's application reads as kNotFound. A later report replaces
  // the earlier one until certification.
  Result<EvaluationReport> RecordEvaluationReport(const Principal& actor,
                                                  std::int64_t application_id,
                                                  const NewEvaluationReport& input);
  // accepted → certified (operator), third-party levels only, with a
  // recorded report without failures (kFailedPrecondition otherwise).
  Result<Application> CertifyApplication(const Principal& actor, std::int64_t id);

  // ------------------------------------------------------------ labels (public reads)
  Result<Label> GetLabel(std::string_view registration_number);
  Result<LabelPage> SearchLabels(const LabelQuery& query);
  // The signed record (see registry/label_record.h): a JSON document.
  Result<std::string> GetSignedLabelRecord(std::string_view registration_number);
  // Labels of the actor's organisation (vendor) or all (operator/auditor), with history.
  Result<std::vector<Label>> ListLabels(const Principal& actor);

  // ------------------------------------------------------------ label lifecycle
  // Active / Under Surveillance → Withdrawn at the vendor's request (vendor or operator).
  Result<Label> WithdrawLabel(const Principal& actor, std::string_view registration_number,
                              std::string_view reason);
  // A security-relevant specification change reported by the vendor: Active → Withdrawn.
  Result<Label> ReportSpecificationChange(const Principal& actor,
                                          std::string_view registration_number,
                                          std::string_view description);
  // Active → Under Surveillance with an evidence request and a deadline (operator).
  Result<Label> OpenSurveillance(const Principal& actor, std::string_view registration_number,
                                 std::string_view evidence_request, TimePoint deadline);
  // The vendor submits evidence / remediation while under surveillance.
  Result<Label> SubmitSurveillanceEvidence(const Principal& actor,
                                           std::string_view registration_number,
                                           std::string_view evidence);
  // Under Surveillance → Active (operator, before the deadline).
  Result<Label> CloseSurveillance(const Principal& actor, std::string_view registration_number,
                                  std::string_view note);
  // Under Surveillance → Revoked (operator, any time: remediation refused).
  Result<Label> RevokeLabel(const Principal& actor, std::string_view registration_number,
                            std::string_view reason);
  // Marks a firmware version of the labelled product covered / not covered.
  Result<Label> SetFirmwareCoverage(const Principal& actor, std::string_view registration_number,
                                    std::string_view version, bool covered,
                                    std::string_view reason);
  // Records every time-driven change due at `now` (expiry, surveillance
  // deadline → revoked). Returns how many labels changed. Idempotent.
  Result<int> RunExpiry(TimePoint now);

  // ------------------------------------------------------------ security information
  Result<UpdateRelease> AddUpdateRelease(const Principal& actor, std::int64_t product_id,
                                         const NewUpdateRelease& input);
  Result<Vulnerability> AddVulnerability(const Principal& actor, std::int64_t product_id,
                                         const NewVulnerability& input);
  // Public: what the product page shows.
  Result<SecurityInformation> GetSecurityInformation(std::string_view registration_number);
  // Public: registration numbers of the labels whose product has a recorded
  // vulnerability or a published finding (triaged, or untriaged past its
  // deadline: FindingsService) — the labels with CSAF documents (src/csaf),
  // in issue order.
  Result<std::vector<std::string>> ListLabelsWithVulnerabilities();

  // ------------------------------------------------------------ vulnerability reports
  // Public intake: routed to the label's vendor; returns the report with its tracking token.
  Result<VulnerabilityReport> SubmitVulnerabilityReport(const NewVulnerabilityReport& input);
  // The reporter follows the report with the token (no login).
  Result<VulnerabilityReport> GetReportByToken(std::string_view tracking_token);
  Result<std::vector<VulnerabilityReport>> ListVulnerabilityReports(const Principal& actor);
  Result<VulnerabilityReport> AcknowledgeReport(const Principal& actor, std::int64_t report_id,
                                                std::string_view note);
  Result<VulnerabilityReport> UpdateReportStatus(const Principal& actor, std::int64_t report_id,
                                                 ReportStatus status, std::string_view note);

  // ------------------------------------------------------------ change stream, export, webhooks
  // Public: changes with sequence > `since`, ascending, at most `limit`
  // (1…1000); of one label when `registration_number` is set.
  Result<ChangePage> ListChanges(std::int64_t since, int limit,
                                 std::optional<std::string> registration_number = std::nullopt);
  // Public: one signed page of the bulk export (registry/label_export.h):
  // labels whose newest change is after `since`, at most `limit` (1…5000).
  Result<LabelExportPage> ExportLabels(std::int64_t since, int limit);
  // Any signed-in user subscribes (at most 20 live subscriptions each); the
  // answer carries the HMAC secret, shown only this once. Deliveries start
  // with the changes after the subscription was made.
  Result<WebhookSubscription> CreateWebhook(const Principal& actor, const NewWebhook& input);
  // One's own subscriptions; operators and auditors see all.
  Result<std::vector<WebhookSubscription>> ListWebhooks(const Principal& actor);
  // The owner or an operator ends a subscription.
  Status DeleteWebhook(const Principal& actor, std::int64_t id);
  // For the dispatcher: leases up to `max_subscriptions` subscriptions that
  // are due and have undelivered changes (at most `max_changes` each) until
  // now + `lease`, so that several servers on one store never deliver the same
  // batch at once.
  Result<std::vector<WebhookBatch>> ClaimWebhookBatches(TimePoint now, int max_subscriptions,
                                                        int max_changes,
                                                        std::chrono::seconds lease);
  // Ends the lease of `batch`: on success the cursor moves to its last
  // change; on failure the next attempt waits WebhookRetryDelay(failures).
  // `result` ("204", "connection refused", …) is shown to the subscriber.
  Status CompleteWebhookBatch(const WebhookBatch& batch, bool delivered, std::string_view result,
                              TimePoint now);

  // ------------------------------------------------------------ transparency log
  const crypto::PublicKey& public_key() const;
  Result<SignedTreeHead> GetTreeHead();
  Result<LogEntry> GetLogEntry(std::uint64_t index);
  Result<InclusionProofResult> GetInclusionProof(std::uint64_t leaf_index, std::uint64_t tree_size);
  Result<ConsistencyProofResult> GetConsistencyProof(std::uint64_t first_size,
                                                     std::uint64_t second_size);

  // The implementation (declared public only so the service's own source
  // files can share helpers; not part of the API).
  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_REGISTRY_SERVICE_H_
