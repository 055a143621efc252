// FindingsService: SBOMs, service identifications and findings
// (registry/findings.h), stored through Repositories::findings and
// Repositories::mail_outbox.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "registry/findings.h"
#include "registry/findings_repository.h"
#include "registry/mail_outbox.h"
#include "registry/mail_outbox_repository.h"
#include "registry/organization_repository.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

namespace {

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

// The finding as read at `now`: whether its deadline passed untriaged, and
// what the public sees.
Finding AsReadAt(Finding finding, TimePoint now) {
  finding.triage_overdue = finding.status == FindingStatus::kNew && now >= finding.acknowledge_due;
  finding.public_state = PublicState(finding);
  return finding;
}

Result<std::vector<Finding>> AsReadAt(Result<std::vector<Finding>> findings, TimePoint now) {
  if (!findings.ok()) return findings.status();
  for (Finding& finding : *findings) finding = AsReadAt(std::move(finding), now);
  return findings;
}

// The id of firmware `version` of the product, or kNotFound naming it.
Result<std::int64_t> FindFirmware(const Product& product, std::string_view version) {
  for (const FirmwareVersion& firmware : product.firmware_versions) {
    if (firmware.version == version) return firmware.id;
  }
  return Status::NotFound("firmware version '" + std::string(version).substr(0, 100) +
                          "' of product " + std::to_string(product.id) +
                          " not found / ファームウェア版が見つかりません");
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
    auto firmware = FindFirmware(*product, version);
    if (!firmware.ok()) return firmware.status();
    SbomRecord record;
    record.firmware_version_id = *firmware;
    record.product_id = product_id;
    record.format = parsed->format;
    record.spec_version = parsed->spec_version;
    record.document = std::string(document);
    record.document_sha256 = digest;
    record.total_components = static_cast<std::int64_t>(parsed->total_components);
    record.components = parsed->components;
    record.attached_at = now;
    record.attached_by = actor.user_id;
    auto id = repositories_.findings->ReplaceSbom(transaction, record);
    if (!id.ok()) return id.status();
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
    auto listed = repositories_.findings->ListSboms(transaction, product_id);
    if (!listed.ok()) return listed.status();
    sboms = std::move(listed).value();
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
    auto firmware = FindFirmware(*product, version);
    if (!firmware.ok()) return firmware.status();
    auto kept = repositories_.findings->FindSbomDocument(transaction, *firmware);
    if (!kept.ok()) return kept.status();
    if (!kept->has_value()) {
      return Status::NotFound("no SBOM kept for firmware " + std::string(version) +
                              " / SBOMは保管されていません");
    }
    document = std::move(**kept);
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
  std::vector<ServiceIdentification> identified;
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
            ServiceIdentification{port->get<std::int64_t>(),
                       "tcp/" + std::to_string(port->get<std::int64_t>()) + " " + product_name,
                       product_version, (*cpes)[c].get<std::string>()});
      }
    }
  }
  TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto product = WritableProduct(repositories_, transaction, actor, product_id);
    if (!product.ok()) return product.status();
    auto firmware = FindFirmware(*product, version);
    if (!firmware.ok()) return firmware.status();
    return repositories_.findings->ReplaceServiceIdentifications(transaction, *firmware,
                                                                 identified, now);
  });
  if (!status.ok()) return status;
  return static_cast<int>(identified.size());
}

Result<std::vector<MonitoredComponent>> FindingsService::ListMonitoredComponents() {
  std::vector<MonitoredComponent> components;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto listed = repositories_.findings->ListMonitoredComponents(transaction);
    if (!listed.ok()) return listed.status();
    components = std::move(listed).value();
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
      auto existing = repositories_.findings->FindingExists(
          transaction, match.component.firmware_version_id, match.cve_id, match.component_ref);
      if (!existing.ok()) return existing.status();
      if (*existing) continue;
      std::int64_t organization_id = match.component.organization_id;
      if (!organizations.count(organization_id)) {
        auto organization = repositories_.organizations->Load(transaction, organization_id);
        if (!organization.ok()) return organization.status();
        organizations[organization_id] = std::move(organization).value();
      }
      const Organization& organization = organizations[organization_id];
      TimePoint due =
          now + std::chrono::days(organization.disclosure_policy.acknowledge_within_days);
      Finding finding;
      finding.organization_id = organization_id;
      finding.product_id = match.component.product_id;
      finding.firmware_version_id = match.component.firmware_version_id;
      finding.source = match.component.source;
      finding.component = match.component.name;
      finding.component_version = match.component.version;
      finding.component_ref = match.component_ref;
      finding.cve_id = match.cve_id;
      finding.base_score = match.base_score;
      finding.severity = match.severity;
      finding.matched_criteria = match.matched_criteria;
      finding.version_range = match.version_range;
      finding.description = match.description.substr(0, 4000);
      finding.found_at = now;
      finding.acknowledge_due = due;
      finding.status = FindingStatus::kNew;
      auto inserted = repositories_.findings->InsertFinding(transaction, finding);
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
          QueueMail(*repositories_.mail_outbox, transaction, organization.contact_email,
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
    auto due = AsReadAt(repositories_.findings->ListUntriagedDue(transaction, now, true), now);
    if (!due.ok()) return due.status();
    for (const Finding& finding : *due) {
      IOTMARK_RETURN_IF_ERROR(internal::RecordLabelChanges(
          repositories_, transaction, internal::ChangeScope::kProduct, finding.product_id,
          "finding-under-investigation", finding.acknowledge_due, OverdueChangeSummary(finding)));
      IOTMARK_RETURN_IF_ERROR(
          repositories_.findings->MarkOverdueRecorded(transaction, finding.id, now));
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
          AsReadAt(repositories_.findings->ListFindingsOfProduct(transaction, *product_id), now);
      if (!loaded.ok()) return loaded.status();
      findings = std::move(loaded).value();
      return Status::Ok();
    }
    // A vendor member without an organisation owns no finding.
    auto loaded =
        actor.role != Role::kVendorMember
            ? repositories_.findings->ListAllFindings(transaction)
        : actor.organization_id
            ? repositories_.findings->ListFindingsOfOrganization(transaction, *actor.organization_id)
            : Result<std::vector<Finding>>(std::vector<Finding>());
    loaded = AsReadAt(std::move(loaded), now);
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
    auto loaded =
        AsReadAt(repositories_.findings->ListUntriagedDue(transaction, now, false), now);
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
    return Status::InvalidArgument("a finding cannot go back to 'new'").WithField("status");
  }
  if (triage.status == FindingStatus::kNotAffected && !IsVexJustification(triage.justification)) {
    std::string known;
    for (std::string_view name : VexJustifications()) {
      known += (known.empty() ? "" : ", ") + std::string(name);
    }
    return Status::InvalidArgument("required for not-affected, one of " + known +
                                   " / 影響なしには VEX の根拠が必要です")
        .WithField("justification");
  }
  if (triage.status != FindingStatus::kNotAffected && !triage.justification.empty()) {
    return Status::InvalidArgument("only for not-affected").WithField("justification");
  }
  if (triage.status == FindingStatus::kFixed) {
    IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(triage.fixed_in_version, "fixed_in_version"));
  } else if (!triage.fixed_in_version.empty()) {
    return Status::InvalidArgument("only for fixed").WithField("fixed_in_version");
  }
  if (triage.status == FindingStatus::kAffected) {
    if (!triage.remediation.empty() && !IsAffectedRemediation(triage.remediation)) {
      return Status::InvalidArgument(
                 "one of mitigation, workaround, none_available, no_fix_planned / "
                 "対策の種類が不明です")
          .WithField("remediation");
    }
    if ((triage.remediation == "mitigation" || triage.remediation == "workaround") &&
        triage.note.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidArgument("required for remediation " + triage.remediation +
                                     " (the vendor's text) / 対策の説明が必要です")
          .WithField("note");
    }
  } else if (!triage.remediation.empty()) {
    return Status::InvalidArgument("only for affected").WithField("remediation");
  }
  if (triage.note.size() > 4000)
    return Status::InvalidArgument("at most 4000 bytes").WithField("note");
  TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  Finding finding;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto current = repositories_.findings->FindFinding(transaction, finding_id);
    if (!current.ok()) return current.status();
    if (!current->has_value()) return Status::NotFound("finding not found / 見つかりません");
    const Finding old = AsReadAt(std::move(**current), now);
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, old.organization_id, "finding"));
    if (triage.status == FindingStatus::kFixed) {
      auto product = internal::LoadProduct(repositories_, transaction, old.product_id);
      if (!product.ok()) return product.status();
      auto fixed = FindFirmware(*product, triage.fixed_in_version);
      if (!fixed.ok()) return fixed.status().WithField("fixed_in_version");
      if (*fixed == old.firmware_version_id) {
        return Status::InvalidArgument(
                   "the finding is about this version; name the version that fixes it")
            .WithField("fixed_in_version");
      }
    }
    IOTMARK_RETURN_IF_ERROR(repositories_.findings->UpdateTriage(transaction, finding_id, triage,
                                                                 now, actor.user_id));
    auto reloaded = repositories_.findings->FindFinding(transaction, finding_id);
    if (!reloaded.ok()) return reloaded.status();
    if (!reloaded->has_value()) return Status::NotFound("finding not found / 見つかりません");
    finding = AsReadAt(std::move(**reloaded), now);
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
        AsReadAt(repositories_.findings->ListFindingsOfProduct(transaction, product_id), now);
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
    auto firmware = repositories_.findings->ListFirmwareSbomState(transaction, product_id);
    if (!firmware.ok()) return firmware.status();
    monitoring.firmware = std::move(firmware).value();
    auto findings =
        AsReadAt(repositories_.findings->ListFindingsOfProduct(transaction, product_id), now);
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
