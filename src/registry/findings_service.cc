// FindingsService: SBOMs, service identifications and findings
// (registry/findings.h). SQL is portable (store/store.h contract).
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "registry/findings.h"
#include "registry/mail_outbox.h"
#include "registry/organization_repository.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

using internal::FromSeconds;
using internal::Seconds;

namespace {

constexpr std::string_view kFindingColumns =
    "SELECT f.id, f.organization_id, f.product_id, f.firmware_version_id, v.version, f.source, "
    "f.component, f.component_version, f.component_ref, f.cve_id, f.base_score, f.severity, "
    "f.matched_criteria, f.version_range, f.description, f.found_at, f.acknowledge_due, f.status, "
    "f.justification, f.fixed_in_version, f.note, f.triaged_at, f.remediation "
    "FROM findings f JOIN firmware_versions v ON v.id = f.firmware_version_id ";

std::string PublicState(const Finding& finding) {
  const std::string vendor = " (ベンダーの表明 / vendor statement)";
  switch (finding.status) {
    case FindingStatus::kNew:
      return finding.triage_overdue ? "調査中 / under investigation" : "";
    case FindingStatus::kUnderInvestigation:
      return "調査中 / under investigation" + vendor;
    case FindingStatus::kAffected:
      return "影響あり / affected" +
             (finding.remediation.empty() ? "" : " — 対策 / remediation: " + finding.remediation) +
             vendor;
    case FindingStatus::kNotAffected:
      return "影響なし / not affected: " + finding.justification + vendor;
    case FindingStatus::kFixed:
      return "修正済み / fixed in " + finding.fixed_in_version + vendor;
  }
  return "";
}

Result<Finding> FindingFromRow(const store::Row& r, TimePoint now) {
  Finding finding;
  finding.id = r.Int(0);
  finding.organization_id = r.Int(1);
  finding.product_id = r.Int(2);
  finding.firmware_version_id = r.Int(3);
  finding.firmware_version = r.Text(4);
  finding.source = r.Text(5);
  finding.component = r.Text(6);
  finding.component_version = r.Text(7);
  finding.component_ref = r.Text(8);
  finding.cve_id = r.Text(9);
  if (!r.IsNull(10)) finding.base_score = r.Real(10);
  finding.severity = r.Text(11);
  finding.matched_criteria = r.Text(12);
  finding.version_range = r.Text(13);
  finding.description = r.Text(14);
  finding.found_at = FromSeconds(r.Int(15));
  finding.acknowledge_due = FromSeconds(r.Int(16));
  auto status = ParseFindingStatus(r.Text(17));
  if (!status.ok()) return status.status();
  finding.status = *status;
  finding.justification = r.Text(18);
  finding.fixed_in_version = r.Text(19);
  finding.note = r.Text(20);
  finding.triaged_at = internal::OptionalTime(r, 21);
  finding.remediation = r.Text(22);
  finding.triage_overdue = finding.status == FindingStatus::kNew && now >= finding.acknowledge_due;
  finding.public_state = PublicState(finding);
  return finding;
}

Result<std::vector<Finding>> QueryFindings(store::Transaction& transaction, std::string_view where,
                                           const std::vector<store::Value>& params, TimePoint now) {
  auto rows = transaction.Query(std::string(kFindingColumns) + std::string(where), params);
  if (!rows.ok()) return rows.status();
  std::vector<Finding> findings;
  findings.reserve(rows->size());
  for (const store::Row& row : *rows) {
    auto finding = FindingFromRow(row, now);
    if (!finding.ok()) return finding.status();
    findings.push_back(std::move(finding).value());
  }
  return findings;
}

// The id of firmware `version` of the product, or kNotFound naming it.
Result<std::int64_t> FindFirmware(store::Transaction& transaction, std::int64_t product_id,
                                  std::string_view version) {
  auto row =
      transaction.QueryOne("SELECT id FROM firmware_versions WHERE product_id = ? AND version = ?",
                           {product_id, std::string(version)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("firmware version '" + std::string(version).substr(0, 100) +
                            "' of product " + std::to_string(product_id) +
                            " not found / ファームウェア版が見つかりません");
  }
  return (*row)->Int(0);
}

// The product, when the actor may change it.
Result<Product> WritableProduct(const Repositories& repos, store::Transaction& transaction,
                                const Principal& actor, std::int64_t product_id) {
  auto product = internal::LoadProduct(repos, transaction, product_id);
  if (!product.ok()) return product.status();
  IOTMARK_RETURN_IF_ERROR(
      internal::RequireOrganizationAccess(actor, product->organization_id, "product"));
  return product;
}

SbomSummary SbomFromRow(const store::Row& r) {
  return SbomSummary{r.Int(0),  r.Int(1),  r.Text(2),
                     r.Text(3), r.Text(4), r.Int(5),
                     r.Int(6),  r.Text(7), FromSeconds(r.Int(8))};
}

constexpr std::string_view kSbomColumns =
    "SELECT s.id, s.product_id, v.version, s.format, s.spec_version, s.total_components, "
    "s.kept_components, s.document_sha256, s.attached_at FROM sboms s "
    "JOIN firmware_versions v ON v.id = s.firmware_version_id ";

std::string FormatScore(const std::optional<double>& score) {
  if (!score) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", *score);
  return text;
}

}  // namespace

FindingsService::FindingsService(store::Store& store, const Clock& clock, Repositories repositories)
    : store_(store), clock_(clock), repositories_(std::move(repositories)) {}

Result<SbomSummary> FindingsService::AttachSbom(const Principal& actor, std::int64_t product_id,
                                                std::string_view version,
                                                std::string_view document) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(version, "firmware_version"));
  auto parsed = ParseSbom(document);
  if (!parsed.ok()) return parsed.status();
  TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  std::string digest = Sha256Hex(document);
  SbomSummary summary;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto product = WritableProduct(repositories_, transaction, actor, product_id);
    if (!product.ok()) return product.status();
    auto firmware = FindFirmware(transaction, product_id, version);
    if (!firmware.ok()) return firmware.status();
    for (const char* sql : {"DELETE FROM sbom_components WHERE sbom_id IN "
                            "(SELECT id FROM sboms WHERE firmware_version_id = ?)",
                            "DELETE FROM sboms WHERE firmware_version_id = ?"}) {
      auto deleted = transaction.Execute(sql, {*firmware});
      if (!deleted.ok()) return deleted.status();
    }
    auto id = transaction.InsertReturningId(
        "INSERT INTO sboms (firmware_version_id, product_id, format, spec_version, document, "
        "document_sha256, total_components, kept_components, attached_at, attached_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {*firmware, product_id, parsed->format, parsed->spec_version, std::string(document), digest,
         static_cast<std::int64_t>(parsed->total_components),
         static_cast<std::int64_t>(parsed->components.size()), Seconds(now), actor.user_id});
    if (!id.ok()) return id.status();
    for (const SbomComponent& component : parsed->components) {
      auto inserted = transaction.Execute(
          "INSERT INTO sbom_components (sbom_id, name, version, purl, cpe) VALUES (?, ?, ?, ?, ?)",
          {*id, component.name, component.version, component.purl, component.cpe});
      if (!inserted.ok()) return inserted.status();
    }
    summary = SbomSummary{*id,
                          product_id,
                          std::string(version),
                          parsed->format,
                          parsed->spec_version,
                          static_cast<std::int64_t>(parsed->total_components),
                          static_cast<std::int64_t>(parsed->components.size()),
                          digest,
                          now};
    return internal::RecordLabelChanges(
        repositories_, transaction, internal::ChangeScope::kProduct, product_id, "sbom", now,
        "SBOM保管 / SBOM kept for firmware " + std::string(version));
  });
  if (!status.ok()) return status;
  return summary;
}

Result<std::vector<SbomSummary>> FindingsService::ListSboms(const Principal& actor,
                                                            std::int64_t product_id) {
  std::vector<SbomSummary> sboms;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto product = internal::LoadProduct(repositories_, transaction, product_id);
    if (!product.ok()) return product.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, product->organization_id, "product"));
    auto rows = transaction.Query(
        std::string(kSbomColumns) + "WHERE s.product_id = ? ORDER BY s.id", {product_id});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) sboms.push_back(SbomFromRow(row));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return sboms;
}

Result<std::string> FindingsService::GetSbomDocument(const Principal& actor,
                                                     std::int64_t product_id,
                                                     std::string_view version) {
  std::string document;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto product = internal::LoadProduct(repositories_, transaction, product_id);
    if (!product.ok()) return product.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, product->organization_id, "product"));
    auto firmware = FindFirmware(transaction, product_id, version);
    if (!firmware.ok()) return firmware.status();
    auto row = transaction.QueryOne("SELECT document FROM sboms WHERE firmware_version_id = ?",
                                    {*firmware});
    if (!row.ok()) return row.status();
    if (!row->has_value()) {
      return Status::NotFound("no SBOM kept for firmware " + std::string(version) +
                              " / SBOMは保管されていません");
    }
    document = (*row)->Text(0);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return document;
}

Result<int> FindingsService::AttachDeviceTestReport(const Principal& actor, std::int64_t product_id,
                                                    std::string_view version,
                                                    std::string_view report_json) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(report_json);
  } catch (const nlohmann::json::parse_error& error) {
    return Status::ParseError("not valid JSON (byte " + std::to_string(error.byte) + ")")
        .WithField("$");
  }
  struct Identified {
    std::int64_t port;
    std::string name, version, cpe;
  };
  std::vector<Identified> identified;
  if (!report.is_object() || !report.contains("cases") || !report["cases"].is_array()) {
    return Status::InvalidArgument("required array (a devtest report.json)").WithField("$.cases");
  }
  const auto& cases = report["cases"];
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::string case_path = "$.cases[" + std::to_string(i) + "]";
    if (!cases[i].is_object())
      return Status::InvalidArgument("expected an object").WithField(case_path);
    auto measurements = cases[i].find("measurements");
    if (measurements == cases[i].end() || !measurements->is_object()) continue;
    auto services = measurements->find("services");
    if (services == measurements->end()) continue;
    std::string services_path = case_path + ".measurements.services";
    if (!services->is_array())
      return Status::InvalidArgument("expected an array").WithField(services_path);
    for (std::size_t s = 0; s < services->size(); ++s) {
      const auto& service = (*services)[s];
      std::string path = services_path + "[" + std::to_string(s) + "]";
      if (!service.is_object())
        return Status::InvalidArgument("expected an object").WithField(path);
      if (!service.value("identified", false)) continue;
      auto port = service.find("port");
      if (port == service.end() || !port->is_number_integer()) {
        return Status::InvalidArgument("expected an integer").WithField(path + ".port");
      }
      auto cpes = service.find("cpes");
      if (cpes == service.end()) continue;
      if (!cpes->is_array())
        return Status::InvalidArgument("expected an array").WithField(path + ".cpes");
      for (std::size_t c = 0; c < cpes->size(); ++c) {
        if (!(*cpes)[c].is_string()) {
          return Status::InvalidArgument("expected a string")
              .WithField(path + ".cpes[" + std::to_string(c) + "]");
        }
        std::string product_name = service.contains("product") && service["product"].is_string()
                                       ? service["product"].get<std::string>()
                                       : "";
        std::string product_version = service.contains("version") && service["version"].is_string()
                                          ? service["version"].get<std::string>()
                                          : "";
        identified.push_back(
            Identified{port->get<std::int64_t>(),
                       "tcp/" + std::to_string(port->get<std::int64_t>()) + " " + product_name,
                       product_version, (*cpes)[c].get<std::string>()});
      }
    }
  }
  TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto product = WritableProduct(repositories_, transaction, actor, product_id);
    if (!product.ok()) return product.status();
    auto firmware = FindFirmware(transaction, product_id, version);
    if (!firmware.ok()) return firmware.status();
    auto deleted = transaction.Execute(
        "DELETE FROM service_identifications WHERE firmware_version_id = ?", {*firmware});
    if (!deleted.ok()) return deleted.status();
    for (const Identified& item : identified) {
      auto inserted = transaction.Execute(
          "INSERT INTO service_identifications (firmware_version_id, port, name, version, cpe, "
          "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
          {*firmware, item.port, item.name, item.version, item.cpe, Seconds(now)});
      if (!inserted.ok()) return inserted.status();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return static_cast<int>(identified.size());
}

Result<std::vector<MonitoredComponent>> FindingsService::ListMonitoredComponents() {
  std::vector<MonitoredComponent> components;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT p.organization_id, p.id, v.id, v.version, c.name, c.version, c.purl, c.cpe "
        "FROM sbom_components c JOIN sboms s ON s.id = c.sbom_id "
        "JOIN firmware_versions v ON v.id = s.firmware_version_id "
        "JOIN products p ON p.id = s.product_id ORDER BY c.id",
        {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& r : *rows) {
      components.push_back(MonitoredComponent{r.Int(0), r.Int(1), r.Int(2), r.Text(3), "sbom",
                                              r.Text(4), r.Text(5), r.Text(6), r.Text(7)});
    }
    auto services = transaction.Query(
        "SELECT p.organization_id, p.id, v.id, v.version, s.name, s.version, s.cpe "
        "FROM service_identifications s JOIN firmware_versions v ON v.id = s.firmware_version_id "
        "JOIN products p ON p.id = v.product_id ORDER BY s.id",
        {});
    if (!services.ok()) return services.status();
    for (const store::Row& r : *services) {
      components.push_back(MonitoredComponent{r.Int(0), r.Int(1), r.Int(2), r.Text(3),
                                              "device-test", r.Text(4), r.Text(5), "", r.Text(6)});
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return components;
}

Result<RecordSummary> FindingsService::RecordMatches(const std::vector<NewFinding>& matches) {
  TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  RecordSummary summary;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    summary = RecordSummary{};
    summary.matches = static_cast<int>(matches.size());
    std::map<std::int64_t, Organization> organizations;
    std::map<std::int64_t, std::vector<std::string>> mail_lines;
    for (const NewFinding& match : matches) {
      auto existing = transaction.QueryOne(
          "SELECT id FROM findings WHERE firmware_version_id = ? AND cve_id = ? AND "
          "component_ref = ?",
          {match.component.firmware_version_id, match.cve_id, match.component_ref});
      if (!existing.ok()) return existing.status();
      if (existing->has_value()) continue;
      std::int64_t organization_id = match.component.organization_id;
      if (!organizations.count(organization_id)) {
        auto organization = repositories_.organizations->Load(transaction, organization_id);
        if (!organization.ok()) return organization.status();
        organizations[organization_id] = std::move(organization).value();
      }
      const Organization& organization = organizations[organization_id];
      TimePoint due =
          now + std::chrono::days(organization.disclosure_policy.acknowledge_within_days);
      auto inserted = transaction.Execute(
          "INSERT INTO findings (organization_id, product_id, firmware_version_id, source, "
          "component, component_version, component_ref, cve_id, base_score, severity, "
          "matched_criteria, version_range, description, found_at, acknowledge_due, status) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {organization_id, match.component.product_id, match.component.firmware_version_id,
           match.component.source, match.component.name, match.component.version,
           match.component_ref, match.cve_id, store::NullableValue(match.base_score),
           match.severity, match.matched_criteria, match.version_range,
           match.description.substr(0, 4000), Seconds(now), Seconds(due),
           std::string(FindingStatusName(FindingStatus::kNew))});
      if (!inserted.ok()) return inserted.status();
      ++summary.new_findings;
      mail_lines[organization_id].push_back(
          "- " + match.cve_id + " (CVSS " + FormatScore(match.base_score) + ") " +
          match.component.name + " " + match.component.version + " — product #" +
          std::to_string(match.component.product_id) + ", firmware " +
          match.component.firmware_version + "; 確認期限 / acknowledge by " + FormatIso8601(due));
    }
    for (const auto& [organization_id, lines] : mail_lines) {
      const Organization& organization = organizations[organization_id];
      std::string body =
          organization.name + " 御中 / To " +
          (organization.name_en.empty() ? organization.name : organization.name_en) +
          "\n\n脆弱性監視で新しい検出がありました。ベンダーポータルで期限までに評価してください"
          "（影響あり / 影響なし / 修正済み / 調査中）。\n"
          "The registry's vulnerability monitoring recorded new findings. Please triage each in "
          "the vendor portal (/portal/findings) before its deadline (affected / not affected / "
          "fixed / under investigation). Untriaged findings are shown publicly as 調査中 / under "
          "investigation once the deadline passes.\n\n";
      for (const std::string& line : lines) body += line + "\n";
      body +=
          "\nこの照合は既知の脆弱性情報との機械的な照合であり、製品が脆弱であることを示すもの"
          "ではありません。\nThis is an automatic match against known vulnerability records, not "
          "a finding that the product is vulnerable.\n";
      IOTMARK_RETURN_IF_ERROR(
          QueueMail(transaction, organization.contact_email,
                    "[iotmark] 脆弱性監視: 新しい検出 " + std::to_string(lines.size()) +
                        " 件 / New vulnerability findings: " + std::to_string(lines.size()),
                    body, now));
      if (!organization.contact_email.empty()) ++summary.mails_queued;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return summary;
}

Result<int> FindingsService::RecordOverdueFindings(TimePoint now) {
  int recorded = 0;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    recorded = 0;
    auto due = QueryFindings(transaction,
                             "WHERE f.status = 'new' AND f.acknowledge_due <= ? AND "
                             "f.overdue_recorded_at IS NULL ORDER BY f.acknowledge_due, f.id",
                             {Seconds(now)}, now);
    if (!due.ok()) return due.status();
    for (const Finding& finding : *due) {
      IOTMARK_RETURN_IF_ERROR(internal::RecordLabelChanges(
          repositories_, transaction, internal::ChangeScope::kProduct, finding.product_id,
          "finding-under-investigation", finding.acknowledge_due, OverdueChangeSummary(finding)));
      auto marked = transaction.Execute("UPDATE findings SET overdue_recorded_at = ? WHERE id = ?",
                                        {Seconds(now), finding.id});
      if (!marked.ok()) return marked.status();
      ++recorded;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return recorded;
}

Result<std::vector<Finding>> FindingsService::ListFindings(const Principal& actor,
                                                           std::optional<std::int64_t> product_id) {
  TimePoint now = clock_.Now();
  std::vector<Finding> findings;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    if (product_id) {
      auto product = internal::LoadProduct(repositories_, transaction, *product_id);
      if (!product.ok()) return product.status();
      IOTMARK_RETURN_IF_ERROR(
          internal::RequireOrganizationAccess(actor, product->organization_id, "product"));
      auto loaded =
          QueryFindings(transaction, "WHERE f.product_id = ? ORDER BY f.id", {*product_id}, now);
      if (!loaded.ok()) return loaded.status();
      findings = std::move(loaded).value();
      return Status::Ok();
    }
    auto loaded = actor.role == Role::kVendorMember
                      ? QueryFindings(transaction, "WHERE f.organization_id = ? ORDER BY f.id",
                                      {store::NullableValue(actor.organization_id)}, now)
                      : QueryFindings(transaction, "ORDER BY f.id", {}, now);
    if (!loaded.ok()) return loaded.status();
    findings = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return findings;
}

Result<std::vector<Finding>> FindingsService::ListOverdueFindings(const Principal& actor) {
  if (actor.role == Role::kVendorMember) {
    return Status::PermissionDenied(
        "overdue triage across vendors is for the operator / 運営者のみ閲覧できます");
  }
  TimePoint now = clock_.Now();
  std::vector<Finding> findings;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto loaded = QueryFindings(
        transaction,
        "WHERE f.status = 'new' AND f.acknowledge_due <= ? ORDER BY f.acknowledge_due, f.id",
        {Seconds(now)}, now);
    if (!loaded.ok()) return loaded.status();
    findings = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return findings;
}

Result<Finding> FindingsService::TriageFinding(const Principal& actor, std::int64_t finding_id,
                                               const FindingTriage& triage) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  if (triage.status == FindingStatus::kNew) {
    return Status::InvalidArgument("status: a finding cannot go back to 'new'");
  }
  if (triage.status == FindingStatus::kNotAffected && !IsVexJustification(triage.justification)) {
    std::string known;
    for (std::string_view name : VexJustifications()) {
      known += (known.empty() ? "" : ", ") + std::string(name);
    }
    return Status::InvalidArgument("justification: required for not-affected, one of " + known +
                                   " / 影響なしには VEX の根拠が必要です");
  }
  if (triage.status != FindingStatus::kNotAffected && !triage.justification.empty()) {
    return Status::InvalidArgument("justification: only for not-affected");
  }
  if (triage.status == FindingStatus::kFixed) {
    IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(triage.fixed_in_version, "fixed_in_version"));
  } else if (!triage.fixed_in_version.empty()) {
    return Status::InvalidArgument("fixed_in_version: only for fixed");
  }
  if (triage.status == FindingStatus::kAffected) {
    if (!triage.remediation.empty() && !IsAffectedRemediation(triage.remediation)) {
      return Status::InvalidArgument(
          "remediation: one of mitigation, workaround, none_available, no_fix_planned / "
          "対策の種類が不明です");
    }
    if ((triage.remediation == "mitigation" || triage.remediation == "workaround") &&
        triage.note.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidArgument("note: required for remediation " + triage.remediation +
                                     " (the vendor's text) / 対策の説明が必要です");
    }
  } else if (!triage.remediation.empty()) {
    return Status::InvalidArgument("remediation: only for affected");
  }
  if (triage.note.size() > 4000) return Status::InvalidArgument("note: at most 4000 bytes");
  TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  Finding finding;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto current = QueryFindings(transaction, "WHERE f.id = ?", {finding_id}, now);
    if (!current.ok()) return current.status();
    if (current->empty()) return Status::NotFound("finding not found / 見つかりません");
    const Finding& old = current->front();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, old.organization_id, "finding"));
    if (triage.status == FindingStatus::kFixed) {
      auto fixed = FindFirmware(transaction, old.product_id, triage.fixed_in_version);
      if (!fixed.ok()) return fixed.status().WithPrefix("fixed_in_version");
      if (*fixed == old.firmware_version_id) {
        return Status::InvalidArgument(
            "fixed_in_version: the finding is about this version; name the version that fixes "
            "it");
      }
    }
    auto updated = transaction.Execute(
        "UPDATE findings SET status = ?, justification = ?, fixed_in_version = ?, note = ?, "
        "remediation = ?, triaged_at = ?, triaged_by = ? WHERE id = ?",
        {std::string(FindingStatusName(triage.status)), triage.justification,
         triage.fixed_in_version, triage.note, triage.remediation, Seconds(now), actor.user_id,
         finding_id});
    if (!updated.ok()) return updated.status();
    auto reloaded = QueryFindings(transaction, "WHERE f.id = ?", {finding_id}, now);
    if (!reloaded.ok()) return reloaded.status();
    finding = reloaded->front();
    return internal::RecordLabelChanges(repositories_, transaction, internal::ChangeScope::kProduct,
                                        old.product_id, "finding-triaged", now,
                                        FindingSubject(finding) + ": " + finding.public_state);
  });
  if (!status.ok()) return status;
  return finding;
}

Result<std::vector<Finding>> FindingsService::ListProductFindings(std::int64_t product_id) {
  TimePoint now = clock_.Now();
  std::vector<Finding> findings;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto loaded =
        QueryFindings(transaction, "WHERE f.product_id = ? ORDER BY f.id", {product_id}, now);
    if (!loaded.ok()) return loaded.status();
    findings = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return findings;
}

Result<PublicMonitoring> FindingsService::GetPublicMonitoring(std::int64_t product_id) {
  TimePoint now = clock_.Now();
  PublicMonitoring monitoring;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT v.version, s.attached_at FROM firmware_versions v "
        "LEFT JOIN sboms s ON s.firmware_version_id = v.id WHERE v.product_id = ? ORDER BY v.id",
        {product_id});
    if (!rows.ok()) return rows.status();
    for (const store::Row& r : *rows) {
      monitoring.firmware.push_back(
          PublicFirmwareMonitoring{r.Text(0), !r.IsNull(1), internal::OptionalTime(r, 1)});
    }
    auto findings =
        QueryFindings(transaction, "WHERE f.product_id = ? ORDER BY f.id", {product_id}, now);
    if (!findings.ok()) return findings.status();
    for (Finding& finding : *findings) {
      if (!finding.public_state.empty()) monitoring.findings.push_back(std::move(finding));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return monitoring;
}

}  // namespace iotmark::registry
