// RegistryService: security information and vulnerability reports (S1.1-05).
#include "common/http_url.h"
#include "common/sha256.h"
#include "crypto/random.h"
#include "registry/mail_outbox.h"
#include "registry/mail_outbox_repository.h"
#include "registry/organization_repository.h"
#include "registry/security_information_repository.h"
#include "registry/service_internal.h"
#include "registry/vulnerability_report_repository.h"

namespace iotmark::registry {

namespace {

constexpr std::string_view kSeverities[] = {"none", "low", "medium", "high", "critical"};

Status ValidateUrl(std::string_view url, std::string_view field) {
  if (url.empty()) return Status::Ok();
  if (!IsHttpUrl(url)) {
    return Status::InvalidArgument(std::string(field) +
                                   ": must be an http:// or https:// URL / URLが正しくありません");
  }
  return Status::Ok();
}

// Loads a product the actor may change (vendor: own; operators: any).
Status RequireProductWriter(const Repositories& repos, store::Transaction& transaction,
                            const Principal& actor, std::int64_t product_id) {
  auto product = internal::LoadProduct(repos, transaction, product_id);
  if (!product.ok()) return product.status();
  return internal::RequireOrganizationAccess(actor, product->organization_id, "product");
}

// The report as the API shows it at `now`: due dates from the organisation's
// disclosure policy, overdue flags against `now`.
VulnerabilityReport ReportAt(StoredReport stored, TimePoint now) {
  VulnerabilityReport report = std::move(stored.report);
  report.acknowledge_due =
      report.received_at + std::chrono::days(stored.policy.acknowledge_within_days);
  TimePoint last_contact =
      report.last_update_at.value_or(report.acknowledged_at.value_or(report.received_at));
  report.next_update_due = last_contact + std::chrono::days(stored.policy.status_update_every_days);
  bool open = report.status != ReportStatus::kClosed && report.status != ReportStatus::kFixed &&
              report.status != ReportStatus::kRejected;
  report.acknowledgement_overdue = report.acknowledged_at
                                       ? *report.acknowledged_at > report.acknowledge_due
                                       : now > report.acknowledge_due;
  report.update_overdue = open && report.acknowledged_at && now > report.next_update_due;
  return report;
}

// Routes a new report to the vendor's contact (docs/registry.md): one mail,
// queued in the report's own transaction (registry/mail_outbox.h).
Status QueueReportMail(const Repositories& repos, store::Transaction& transaction,
                       const VulnerabilityReport& report, TimePoint now) {
  auto organization = repos.organizations->Load(transaction, report.organization_id);
  if (!organization.ok()) return organization.status();
  std::string body = organization->name + " 御中\n\n" + report.registration_number +
                     " の製品について脆弱性の報告を受け付けました。確認期限 / acknowledge by " +
                     FormatIso8601(report.acknowledge_due) +
                     "\nA vulnerability report about the product labelled " +
                     report.registration_number +
                     " was received; see the vendor portal (/portal/reports).\n\n"
                     "概要 / summary: " +
                     report.summary + "\n\n" + report.details + "\n";
  return QueueMail(*repos.mail_outbox, transaction, organization->contact_email,
                   "[iotmark] 脆弱性報告 / Vulnerability report #" + std::to_string(report.id) +
                       " (" + report.registration_number + ")",
                   body, now);
}

}  // namespace

Result<UpdateRelease> RegistryService::AddUpdateRelease(const Principal& actor,
                                                        std::int64_t product_id,
                                                        const NewUpdateRelease& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.version, "version"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.summary, "summary"));
  UpdateRelease release;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    IOTMARK_RETURN_IF_ERROR(RequireProductWriter(impl_->repos(), transaction, actor, product_id));
    release = UpdateRelease{
        0, product_id, input.version, input.released_on, input.summary, input.security_relevant};
    auto id = impl_->repos().security_information->InsertUpdateRelease(transaction, release);
    if (!id.ok()) return id.status();
    release.id = *id;
    return internal::RecordLabelChanges(
        impl_->repos(), transaction, internal::ChangeScope::kProduct, product_id, "update-release",
        impl_->Now(),
        input.version + (input.security_relevant ? " (security) " : " ") + input.summary);
  });
  if (!status.ok()) return status;
  return release;
}

Result<Vulnerability> RegistryService::AddVulnerability(const Principal& actor,
                                                        std::int64_t product_id,
                                                        const NewVulnerability& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.identifier, "identifier"));
  bool known_severity = false;
  for (std::string_view severity : kSeverities) known_severity |= severity == input.severity;
  if (!known_severity) {
    return Status::InvalidArgument("expected none, low, medium, high or critical")
        .WithField("severity");
  }
  IOTMARK_RETURN_IF_ERROR(ValidateUrl(input.advisory_url, "advisory_url"));
  TimePoint now = impl_->Now();
  Vulnerability vulnerability;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    IOTMARK_RETURN_IF_ERROR(RequireProductWriter(impl_->repos(), transaction, actor, product_id));
    vulnerability = Vulnerability{0,
                                  product_id,
                                  input.identifier,
                                  input.severity,
                                  input.fixed_in_version,
                                  input.advisory_url,
                                  now};
    auto id = impl_->repos().security_information->InsertVulnerability(transaction, vulnerability);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("already recorded for this product").WithField("identifier");
      }
      return id.status();
    }
    vulnerability.id = *id;
    return internal::RecordLabelChanges(
        impl_->repos(), transaction, internal::ChangeScope::kProduct, product_id, "vulnerability",
        now,
        input.identifier + " (" + input.severity + ")" +
            (input.fixed_in_version.empty() ? std::string()
                                            : " fixed in " + input.fixed_in_version));
  });
  if (!status.ok()) return status;
  return vulnerability;
}

Result<SecurityInformation> RegistryService::GetSecurityInformation(
    std::string_view registration_number) {
  TimePoint now = impl_->Now();
  SecurityInformation information;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto label = internal::LoadLabel(impl_->repos(), transaction, registration_number, now, false);
    if (!label.ok()) return label.status();
    SecurityInformationRepository& security = *impl_->repos().security_information;
    auto updates = security.ListUpdateReleases(transaction, label->product_id);
    if (!updates.ok()) return updates.status();
    information.updates = std::move(updates).value();
    auto vulnerabilities = security.ListVulnerabilities(transaction, label->product_id);
    if (!vulnerabilities.ok()) return vulnerabilities.status();
    information.vulnerabilities = std::move(vulnerabilities).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return information;
}

Result<VulnerabilityReport> RegistryService::SubmitVulnerabilityReport(
    const NewVulnerabilityReport& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.summary, "summary"));
  if (input.summary.size() > 1000 || input.details.size() > 64000 ||
      input.reporter_name.size() > 200 || input.reporter_email.size() > 254) {
    return Status::InvalidArgument(
        "a field is too long (summary ≤ 1000, details ≤ "
        "64000 bytes)");
  }
  TimePoint now = impl_->Now();
  std::string token = crypto::RandomToken(24);
  VulnerabilityReport report;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto label =
        internal::LoadLabel(impl_->repos(), transaction, input.registration_number, now, false);
    if (!label.ok()) return label.status().WithField("registration_number");
    VulnerabilityReportRepository& reports = *impl_->repos().vulnerability_reports;
    VulnerabilityReport draft;
    draft.organization_id = label->organization_id;
    draft.product_id = label->product_id;
    draft.registration_number = input.registration_number;
    draft.reporter_name = input.reporter_name;
    draft.reporter_email = input.reporter_email;
    draft.summary = input.summary;
    draft.details = input.details;
    draft.status = ReportStatus::kReceived;
    draft.received_at = now;
    auto id = reports.Insert(transaction, draft, Sha256Hex(token));
    if (!id.ok()) return id.status();
    auto loaded = reports.Load(transaction, *id);
    if (!loaded.ok()) return loaded.status();
    report = ReportAt(std::move(loaded).value(), now);
    return QueueReportMail(impl_->repos(), transaction, report, now);
  });
  if (!status.ok()) return status;
  report.tracking_token = token;
  return report;
}

Result<VulnerabilityReport> RegistryService::GetReportByToken(std::string_view tracking_token) {
  TimePoint now = impl_->Now();
  VulnerabilityReport report;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto found = impl_->repos().vulnerability_reports->FindByTokenHash(transaction,
                                                                       Sha256Hex(tracking_token));
    if (!found.ok()) return found.status();
    if (!found->has_value()) return Status::NotFound("report not found / 報告が見つかりません");
    report = ReportAt(std::move(**found), now);
    // The reporter sees status and times, not other reporters' details.
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return report;
}

Result<std::vector<VulnerabilityReport>> RegistryService::ListVulnerabilityReports(
    const Principal& actor) {
  TimePoint now = impl_->Now();
  std::vector<VulnerabilityReport> reports;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    // A vendor member sees their organisation's reports (none without one).
    if (actor.IsOrganizationScoped() && !actor.organization_id) return Status::Ok();
    auto listed = impl_->repos().vulnerability_reports->List(
        transaction, actor.IsOrganizationScoped() ? actor.organization_id : std::nullopt);
    if (!listed.ok()) return listed.status();
    for (StoredReport& stored : *listed) reports.push_back(ReportAt(std::move(stored), now));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return reports;
}

Result<VulnerabilityReport> RegistryService::AcknowledgeReport(const Principal& actor,
                                                               std::int64_t report_id,
                                                               std::string_view note) {
  return UpdateReportStatus(actor, report_id, ReportStatus::kAcknowledged, note);
}

Result<VulnerabilityReport> RegistryService::UpdateReportStatus(const Principal& actor,
                                                                std::int64_t report_id,
                                                                ReportStatus status_value,
                                                                std::string_view note) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  if (status_value == ReportStatus::kReceived) {
    return Status::InvalidArgument("a report cannot go back to 'received'").WithField("status");
  }
  TimePoint now = impl_->Now();
  VulnerabilityReport report;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    VulnerabilityReportRepository& reports = *impl_->repos().vulnerability_reports;
    auto stored = reports.Load(transaction, report_id);
    if (!stored.ok()) return stored.status();
    VulnerabilityReport current = ReportAt(std::move(stored).value(), now);
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, current.organization_id, "report"));
    if (current.status == ReportStatus::kClosed) {
      return Status::FailedPrecondition("cannot update in state 'closed': the report is closed");
    }
    if (status_value == ReportStatus::kAcknowledged && current.acknowledged_at) {
      return Status::FailedPrecondition("the report was already acknowledged");
    }
    // The first update of any kind acknowledges the report; later ones are
    // status updates.
    current.status = status_value;
    if (current.acknowledged_at) {
      current.last_update_at = now;
    } else {
      current.acknowledged_at = now;
      current.last_update_at = std::nullopt;
    }
    IOTMARK_RETURN_IF_ERROR(reports.SaveStatus(transaction, current));
    IOTMARK_RETURN_IF_ERROR(reports.AppendUpdate(
        transaction, report_id, ReportUpdate{status_value, now, std::string(note), actor.user_id}));
    auto reloaded = reports.Load(transaction, report_id);
    if (!reloaded.ok()) return reloaded.status();
    report = ReportAt(std::move(reloaded).value(), now);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return report;
}

}  // namespace iotmark::registry
