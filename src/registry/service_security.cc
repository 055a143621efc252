// RegistryService: security information and vulnerability reports (S1.1-05).
#include "common/http_url.h"
#include "common/sha256.h"
#include "crypto/random.h"
#include "registry/mail_outbox.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

using internal::FromSeconds;
using internal::Seconds;

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

constexpr std::string_view kReportColumns =
    "SELECT r.id, r.organization_id, r.product_id, r.registration_number, r.reporter_name, "
    "r.reporter_email, r.summary, r.details, r.status, r.received_at, r.acknowledged_at, "
    "r.last_update_at, o.acknowledge_within_days, o.status_update_every_days "
    "FROM vulnerability_reports r JOIN organizations o ON o.id = r.organization_id ";

Result<VulnerabilityReport> ReportFromRow(store::Transaction& transaction, const store::Row& r,
                                          TimePoint now) {
  VulnerabilityReport report;
  report.id = r.Int(0);
  report.organization_id = r.Int(1);
  report.product_id = r.Int(2);
  report.registration_number = r.Text(3);
  report.reporter_name = r.Text(4);
  report.reporter_email = r.Text(5);
  report.summary = r.Text(6);
  report.details = r.Text(7);
  auto status = ParseReportStatus(r.Text(8));
  if (!status.ok()) return status.status();
  report.status = *status;
  report.received_at = FromSeconds(r.Int(9));
  report.acknowledged_at = internal::OptionalTime(r, 10);
  report.last_update_at = internal::OptionalTime(r, 11);
  auto acknowledge_days = std::chrono::days(r.Int(12));
  auto update_days = std::chrono::days(r.Int(13));
  report.acknowledge_due = report.received_at + acknowledge_days;
  TimePoint last_contact =
      report.last_update_at.value_or(report.acknowledged_at.value_or(report.received_at));
  report.next_update_due = last_contact + update_days;
  bool open = report.status != ReportStatus::kClosed && report.status != ReportStatus::kFixed &&
              report.status != ReportStatus::kRejected;
  report.acknowledgement_overdue = report.acknowledged_at
                                       ? *report.acknowledged_at > report.acknowledge_due
                                       : now > report.acknowledge_due;
  report.update_overdue = open && report.acknowledged_at && now > report.next_update_due;
  auto updates = transaction.Query(
      "SELECT status, at, note, actor_user_id FROM report_updates WHERE report_id = ? "
      "ORDER BY id",
      {report.id});
  if (!updates.ok()) return updates.status();
  for (const store::Row& u : *updates) {
    ReportUpdate update;
    auto update_status = ParseReportStatus(u.Text(0));
    if (update_status.ok()) update.status = *update_status;
    update.at = FromSeconds(u.Int(1));
    update.note = u.Text(2);
    update.actor_user_id = u.Int(3);
    report.updates.push_back(std::move(update));
  }
  return report;
}

// Routes a new report to the vendor's contact (docs/registry.md): one mail,
// queued in the report's own transaction (registry/mail_outbox.h).
Status QueueReportMail(store::Transaction& transaction, const VulnerabilityReport& report,
                       TimePoint now) {
  auto organization = internal::LoadOrganization(transaction, report.organization_id);
  if (!organization.ok()) return organization.status();
  std::string body = organization->name + " 御中\n\n" + report.registration_number +
                     " の製品について脆弱性の報告を受け付けました。確認期限 / acknowledge by " +
                     FormatIso8601(report.acknowledge_due) +
                     "\nA vulnerability report about the product labelled " +
                     report.registration_number +
                     " was received; see the vendor portal (/portal/reports).\n\n"
                     "概要 / summary: " + report.summary + "\n\n" + report.details + "\n";
  return QueueMail(transaction, organization->contact_email,
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
    auto id = transaction.InsertReturningId(
        "INSERT INTO update_releases (product_id, version, released_on, summary, "
        "security_relevant) VALUES (?, ?, ?, ?, ?) RETURNING id",
        {product_id, input.version, Seconds(input.released_on), input.summary,
         std::int64_t{input.security_relevant ? 1 : 0}});
    if (!id.ok()) return id.status();
    release = UpdateRelease{
        *id, product_id, input.version, input.released_on, input.summary, input.security_relevant};
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
    return Status::InvalidArgument("severity: expected none, low, medium, high or critical");
  }
  IOTMARK_RETURN_IF_ERROR(ValidateUrl(input.advisory_url, "advisory_url"));
  TimePoint now = impl_->Now();
  Vulnerability vulnerability;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    IOTMARK_RETURN_IF_ERROR(RequireProductWriter(impl_->repos(), transaction, actor, product_id));
    auto id = transaction.InsertReturningId(
        "INSERT INTO vulnerabilities (product_id, identifier, severity, fixed_in_version, "
        "advisory_url, published_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {product_id, input.identifier, input.severity, input.fixed_in_version, input.advisory_url,
         Seconds(now)});
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("identifier: already recorded for this product");
      }
      return id.status();
    }
    vulnerability = Vulnerability{*id,
                                  product_id,
                                  input.identifier,
                                  input.severity,
                                  input.fixed_in_version,
                                  input.advisory_url,
                                  now};
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
    auto updates = transaction.Query(
        "SELECT id, product_id, version, released_on, summary, security_relevant "
        "FROM update_releases WHERE product_id = ? ORDER BY released_on DESC, id DESC",
        {label->product_id});
    if (!updates.ok()) return updates.status();
    for (const store::Row& r : *updates) {
      information.updates.push_back(UpdateRelease{r.Int(0), r.Int(1), r.Text(2),
                                                  FromSeconds(r.Int(3)), r.Text(4), r.Int(5) != 0});
    }
    auto vulnerabilities = transaction.Query(
        "SELECT id, product_id, identifier, severity, fixed_in_version, advisory_url, "
        "published_at FROM vulnerabilities WHERE product_id = ? ORDER BY published_at DESC, id "
        "DESC",
        {label->product_id});
    if (!vulnerabilities.ok()) return vulnerabilities.status();
    for (const store::Row& r : *vulnerabilities) {
      information.vulnerabilities.push_back(Vulnerability{
          r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), FromSeconds(r.Int(6))});
    }
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
        "report: a field is too long (summary ≤ 1000, details ≤ "
        "64000 bytes)");
  }
  TimePoint now = impl_->Now();
  std::string token = crypto::RandomToken(24);
  VulnerabilityReport report;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto label =
        internal::LoadLabel(impl_->repos(), transaction, input.registration_number, now, false);
    if (!label.ok()) return label.status().WithPrefix("registration_number");
    auto id = transaction.InsertReturningId(
        "INSERT INTO vulnerability_reports (tracking_token_hash, organization_id, product_id, "
        "registration_number, reporter_name, reporter_email, summary, details, status, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {Sha256Hex(token), label->organization_id, label->product_id, input.registration_number,
         input.reporter_name, input.reporter_email, input.summary, input.details,
         std::string(ReportStatusName(ReportStatus::kReceived)), Seconds(now)});
    if (!id.ok()) return id.status();
    auto row = transaction.QueryOne(std::string(kReportColumns) + "WHERE r.id = ?", {*id});
    if (!row.ok()) return row.status();
    auto loaded = ReportFromRow(transaction, **row, now);
    if (!loaded.ok()) return loaded.status();
    report = std::move(loaded).value();
    return QueueReportMail(transaction, report, now);
  });
  if (!status.ok()) return status;
  report.tracking_token = token;
  return report;
}

Result<VulnerabilityReport> RegistryService::GetReportByToken(std::string_view tracking_token) {
  TimePoint now = impl_->Now();
  VulnerabilityReport report;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(std::string(kReportColumns) + "WHERE r.tracking_token_hash = ?",
                                    {Sha256Hex(tracking_token)});
    if (!row.ok()) return row.status();
    if (!row->has_value()) return Status::NotFound("report not found / 報告が見つかりません");
    auto loaded = ReportFromRow(transaction, **row, now);
    if (!loaded.ok()) return loaded.status();
    report = std::move(loaded).value();
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
    auto rows = actor.role == Role::kVendorMember
                    ? transaction.Query(
                          std::string(kReportColumns) + "WHERE r.organization_id = ? ORDER BY r.id",
                          {store::NullableValue(actor.organization_id)})
                    : transaction.Query(std::string(kReportColumns) + "ORDER BY r.id", {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) {
      auto report = ReportFromRow(transaction, row, now);
      if (!report.ok()) return report.status();
      reports.push_back(std::move(report).value());
    }
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
    return Status::InvalidArgument("status: a report cannot go back to 'received'");
  }
  TimePoint now = impl_->Now();
  VulnerabilityReport report;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(std::string(kReportColumns) + "WHERE r.id = ?", {report_id});
    if (!row.ok()) return row.status();
    if (!row->has_value()) return Status::NotFound("report not found / 報告が見つかりません");
    auto current = ReportFromRow(transaction, **row, now);
    if (!current.ok()) return current.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, current->organization_id, "report"));
    if (current->status == ReportStatus::kClosed) {
      return Status::FailedPrecondition("cannot update in state 'closed': the report is closed");
    }
    if (status_value == ReportStatus::kAcknowledged && current->acknowledged_at) {
      return Status::FailedPrecondition("the report was already acknowledged");
    }
    auto changed = transaction.Execute(
        current->acknowledged_at
            ? "UPDATE vulnerability_reports SET status = ?, last_update_at = ? WHERE id = ?"
            : "UPDATE vulnerability_reports SET status = ?, acknowledged_at = ?, "
              "last_update_at = NULL WHERE id = ?",
        {std::string(ReportStatusName(status_value)), Seconds(now), report_id});
    if (!changed.ok()) return changed.status();
    auto inserted = transaction.Execute(
        "INSERT INTO report_updates (report_id, status, at, note, actor_user_id) "
        "VALUES (?, ?, ?, ?, ?)",
        {report_id, std::string(ReportStatusName(status_value)), Seconds(now), std::string(note),
         actor.user_id});
    if (!inserted.ok()) return inserted.status();
    auto reloaded =
        transaction.QueryOne(std::string(kReportColumns) + "WHERE r.id = ?", {report_id});
    if (!reloaded.ok()) return reloaded.status();
    auto loaded = ReportFromRow(transaction, **reloaded, now);
    if (!loaded.ok()) return loaded.status();
    report = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return report;
}

}  // namespace iotmark::registry
