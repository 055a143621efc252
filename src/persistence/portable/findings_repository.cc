#include "persistence/portable/findings_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::Finding;
using registry::SbomSummary;

namespace {

constexpr std::string_view kFindingColumns =
    "SELECT f.id, f.organization_id, f.product_id, f.firmware_version_id, v.version, f.source, "
    "f.component, f.component_version, f.component_ref, f.cve_id, f.base_score, f.severity, "
    "f.matched_criteria, f.version_range, f.description, f.found_at, f.acknowledge_due, f.status, "
    "f.justification, f.fixed_in_version, f.note, f.triaged_at, f.remediation "
    "FROM findings f JOIN firmware_versions v ON v.id = f.firmware_version_id ";

constexpr std::string_view kSbomColumns =
    "SELECT s.id, s.product_id, v.version, s.format, s.spec_version, s.total_components, "
    "s.kept_components, s.document_sha256, s.attached_at FROM sboms s "
    "JOIN firmware_versions v ON v.id = s.firmware_version_id ";

Result<Finding> FindingFromRow(const store::Row& r) {
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
  auto status = registry::ParseFindingStatus(r.Text(17));
  if (!status.ok()) return status.status();
  finding.status = *status;
  finding.justification = r.Text(18);
  finding.fixed_in_version = r.Text(19);
  finding.note = r.Text(20);
  finding.triaged_at = OptionalTime(r, 21);
  finding.remediation = r.Text(22);
  return finding;
}

Result<std::vector<Finding>> QueryFindings(store::Transaction& transaction, std::string_view where,
                                           const std::vector<store::Value>& params) {
  auto rows = transaction.Query(std::string(kFindingColumns) + std::string(where), params);
  if (!rows.ok()) return rows.status();
  std::vector<Finding> findings;
  findings.reserve(rows->size());
  for (const store::Row& row : *rows) {
    auto finding = FindingFromRow(row);
    if (!finding.ok()) return finding.status();
    findings.push_back(std::move(finding).value());
  }
  return findings;
}

SbomSummary SbomFromRow(const store::Row& r) {
  return SbomSummary{r.Int(0),  r.Int(1),  r.Text(2),
                     r.Text(3), r.Text(4), r.Int(5),
                     r.Int(6),  r.Text(7), FromSeconds(r.Int(8))};
}

}  // namespace

Result<std::int64_t> PortableFindingsRepository::ReplaceSbom(store::Transaction& transaction,
                                                             const registry::SbomRecord& sbom) {
  for (const char* sql : {"DELETE FROM sbom_components WHERE sbom_id IN "
                          "(SELECT id FROM sboms WHERE firmware_version_id = ?)",
                          "DELETE FROM sboms WHERE firmware_version_id = ?"}) {
    auto deleted = transaction.Execute(sql, {sbom.firmware_version_id});
    if (!deleted.ok()) return deleted.status();
  }
  auto id = transaction.InsertReturningId(
      "INSERT INTO sboms (firmware_version_id, product_id, format, spec_version, document, "
      "document_sha256, total_components, kept_components, attached_at, attached_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {sbom.firmware_version_id, sbom.product_id, sbom.format, sbom.spec_version, sbom.document,
       sbom.document_sha256, sbom.total_components,
       static_cast<std::int64_t>(sbom.components.size()), Seconds(sbom.attached_at),
       sbom.attached_by});
  if (!id.ok()) return id.status();
  for (const registry::SbomComponent& component : sbom.components) {
    auto inserted = transaction.Execute(
        "INSERT INTO sbom_components (sbom_id, name, version, purl, cpe) VALUES (?, ?, ?, ?, ?)",
        {*id, component.name, component.version, component.purl, component.cpe});
    if (!inserted.ok()) return inserted.status();
  }
  return *id;
}

Result<std::vector<SbomSummary>> PortableFindingsRepository::ListSboms(
    store::Transaction& transaction, std::int64_t product_id) {
  auto rows = transaction.Query(std::string(kSbomColumns) + "WHERE s.product_id = ? ORDER BY s.id",
                                {product_id});
  if (!rows.ok()) return rows.status();
  std::vector<SbomSummary> sboms;
  for (const store::Row& row : *rows) sboms.push_back(SbomFromRow(row));
  return sboms;
}

Result<std::optional<std::string>> PortableFindingsRepository::FindSbomDocument(
    store::Transaction& transaction, std::int64_t firmware_version_id) {
  auto row = transaction.QueryOne("SELECT document FROM sboms WHERE firmware_version_id = ?",
                                  {firmware_version_id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<std::string>();
  return std::optional<std::string>((*row)->Text(0));
}

Status PortableFindingsRepository::ReplaceServiceIdentifications(
    store::Transaction& transaction, std::int64_t firmware_version_id,
    const std::vector<registry::ServiceIdentification>& services, TimePoint at) {
  auto deleted = transaction.Execute(
      "DELETE FROM service_identifications WHERE firmware_version_id = ?", {firmware_version_id});
  if (!deleted.ok()) return deleted.status();
  for (const registry::ServiceIdentification& service : services) {
    auto inserted = transaction.Execute(
        "INSERT INTO service_identifications (firmware_version_id, port, name, version, cpe, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
        {firmware_version_id, service.port, service.name, service.version, service.cpe,
         Seconds(at)});
    if (!inserted.ok()) return inserted.status();
  }
  return Status::Ok();
}

Result<std::vector<registry::MonitoredComponent>>
PortableFindingsRepository::ListMonitoredComponents(store::Transaction& transaction) {
  std::vector<registry::MonitoredComponent> components;
  auto rows = transaction.Query(
      "SELECT p.organization_id, p.id, v.id, v.version, c.name, c.version, c.purl, c.cpe "
      "FROM sbom_components c JOIN sboms s ON s.id = c.sbom_id "
      "JOIN firmware_versions v ON v.id = s.firmware_version_id "
      "JOIN products p ON p.id = s.product_id ORDER BY c.id",
      {});
  if (!rows.ok()) return rows.status();
  for (const store::Row& r : *rows) {
    components.push_back(registry::MonitoredComponent{r.Int(0), r.Int(1), r.Int(2), r.Text(3),
                                                      "sbom", r.Text(4), r.Text(5), r.Text(6),
                                                      r.Text(7)});
  }
  auto services = transaction.Query(
      "SELECT p.organization_id, p.id, v.id, v.version, s.name, s.version, s.cpe "
      "FROM service_identifications s JOIN firmware_versions v ON v.id = s.firmware_version_id "
      "JOIN products p ON p.id = v.product_id ORDER BY s.id",
      {});
  if (!services.ok()) return services.status();
  for (const store::Row& r : *services) {
    components.push_back(registry::MonitoredComponent{r.Int(0), r.Int(1), r.Int(2), r.Text(3),
                                                      "device-test", r.Text(4), r.Text(5), "",
                                                      r.Text(6)});
  }
  return components;
}

Result<std::vector<registry::PublicFirmwareMonitoring>>
PortableFindingsRepository::ListFirmwareSbomState(store::Transaction& transaction,
                                                  std::int64_t product_id) {
  auto rows = transaction.Query(
      "SELECT v.version, s.attached_at FROM firmware_versions v "
      "LEFT JOIN sboms s ON s.firmware_version_id = v.id WHERE v.product_id = ? ORDER BY v.id",
      {product_id});
  if (!rows.ok()) return rows.status();
  std::vector<registry::PublicFirmwareMonitoring> firmware;
  for (const store::Row& r : *rows) {
    firmware.push_back(
        registry::PublicFirmwareMonitoring{r.Text(0), !r.IsNull(1), OptionalTime(r, 1)});
  }
  return firmware;
}

Result<bool> PortableFindingsRepository::FindingExists(store::Transaction& transaction,
                                                       std::int64_t firmware_version_id,
                                                       std::string_view cve_id,
                                                       std::string_view component_ref) {
  auto existing = transaction.QueryOne(
      "SELECT id FROM findings WHERE firmware_version_id = ? AND cve_id = ? AND "
      "component_ref = ?",
      {firmware_version_id, std::string(cve_id), std::string(component_ref)});
  if (!existing.ok()) return existing.status();
  return existing->has_value();
}

Result<std::int64_t> PortableFindingsRepository::InsertFinding(store::Transaction& transaction,
                                                               const Finding& f) {
  return transaction.InsertReturningId(
      "INSERT INTO findings (organization_id, product_id, firmware_version_id, source, "
      "component, component_version, component_ref, cve_id, base_score, severity, "
      "matched_criteria, version_range, description, found_at, acknowledge_due, status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {f.organization_id, f.product_id, f.firmware_version_id, f.source, f.component,
       f.component_version, f.component_ref, f.cve_id, store::NullableValue(f.base_score),
       f.severity, f.matched_criteria, f.version_range, f.description, Seconds(f.found_at),
       Seconds(f.acknowledge_due), std::string(registry::FindingStatusName(f.status))});
}

Result<std::optional<Finding>> PortableFindingsRepository::FindFinding(
    store::Transaction& transaction, std::int64_t id) {
  auto found = QueryFindings(transaction, "WHERE f.id = ?", {id});
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<Finding>();
  return std::optional<Finding>(std::move(found->front()));
}

Result<std::vector<Finding>> PortableFindingsRepository::ListFindingsOfProduct(
    store::Transaction& transaction, std::int64_t product_id) {
  return QueryFindings(transaction, "WHERE f.product_id = ? ORDER BY f.id", {product_id});
}

Result<std::vector<Finding>> PortableFindingsRepository::ListFindingsOfOrganization(
    store::Transaction& transaction, std::int64_t organization_id) {
  return QueryFindings(transaction, "WHERE f.organization_id = ? ORDER BY f.id", {organization_id});
}

Result<std::vector<Finding>> PortableFindingsRepository::ListAllFindings(
    store::Transaction& transaction) {
  return QueryFindings(transaction, "ORDER BY f.id", {});
}

Result<std::vector<Finding>> PortableFindingsRepository::ListUntriagedDue(
    store::Transaction& transaction, TimePoint due_by, bool unrecorded_only) {
  return QueryFindings(transaction,
                       std::string("WHERE f.status = 'new' AND f.acknowledge_due <= ? ") +
                           (unrecorded_only ? "AND f.overdue_recorded_at IS NULL " : "") +
                           "ORDER BY f.acknowledge_due, f.id",
                       {Seconds(due_by)});
}

Status PortableFindingsRepository::UpdateTriage(store::Transaction& transaction, std::int64_t id,
                                                const registry::FindingTriage& triage, TimePoint at,
                                                std::int64_t by) {
  auto updated = transaction.Execute(
      "UPDATE findings SET status = ?, justification = ?, fixed_in_version = ?, note = ?, "
      "remediation = ?, triaged_at = ?, triaged_by = ? WHERE id = ?",
      {std::string(registry::FindingStatusName(triage.status)), triage.justification,
       triage.fixed_in_version, triage.note, triage.remediation, Seconds(at), by, id});
  if (!updated.ok()) return updated.status();
  if (*updated == 0) return Status::NotFound("finding not found / 見つかりません");
  return Status::Ok();
}

Status PortableFindingsRepository::MarkOverdueRecorded(store::Transaction& transaction,
                                                       std::int64_t id, TimePoint at) {
  return transaction
      .Execute("UPDATE findings SET overdue_recorded_at = ? WHERE id = ?", {Seconds(at), id})
      .status();
}

}  // namespace iotmark::persistence::portable
