#include "server/api_json.h"

#include "registry/label_record.h"

namespace iotmark::server {

namespace {

using nlohmann::json;

json OptionalTime(const std::optional<TimePoint>& time) {
  return time ? json(FormatIso8601(*time)) : json(nullptr);
}

template <typename T>
json Nullable(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

json OrganizationToJson(const registry::Organization& organization) {
  return {{"id", organization.id},
          {"kind", registry::OrganizationKindName(organization.kind)},
          {"name", organization.name},
          {"name_en", organization.name_en},
          {"contact_email", organization.contact_email},
          {"disclosure_policy",
           {{"acknowledge_within_days", organization.disclosure_policy.acknowledge_within_days},
            {"status_update_every_days", organization.disclosure_policy.status_update_every_days},
            {"policy_url", organization.disclosure_policy.policy_url}}},
          {"created_at", FormatIso8601(organization.created_at)}};
}

json UserToJson(const registry::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"role", registry::RoleName(user.role)},
          {"organization_id", Nullable(user.organization_id)},
          {"disabled", user.disabled},
          {"created_at", FormatIso8601(user.created_at)}};
}

json PrincipalToJson(const registry::Principal& principal) {
  return {{"user_id", principal.user_id},
          {"email", principal.email},
          {"role", registry::RoleName(principal.role)},
          {"organization_id", Nullable(principal.organization_id)}};
}

json FirmwareVersionToJson(const registry::FirmwareVersion& version) {
  return {
      {"id", version.id},
      {"product_id", version.product_id},
      {"version", version.version},
      {"released_on", version.released_on ? json(FormatDate(*version.released_on)) : json(nullptr)},
      {"covered", version.covered},
      {"coverage_note", version.coverage_note}};
}

json ProductToJson(const registry::Product& product) {
  json versions = json::array();
  for (const auto& version : product.firmware_versions)
    versions.push_back(FirmwareVersionToJson(version));
  return {{"id", product.id},
          {"organization_id", product.organization_id},
          {"model_number", product.model_number},
          {"name", product.name},
          {"product_type", product.product_type},
          {"firmware_versions", versions},
          {"created_at", FormatIso8601(product.created_at)}};
}

json ApplicationToJson(const registry::Application& application) {
  json history = json::array();
  for (const auto& event : application.history) {
    history.push_back({{"from", registry::ApplicationStateName(event.from)},
                       {"to", registry::ApplicationStateName(event.to)},
                       {"actor", event.actor_email},
                       {"at", FormatIso8601(event.at)},
                       {"note", event.note}});
  }
  json checklist = nullptr;
  if (!application.checklist_json.empty()) {
    checklist = json::parse(application.checklist_json, nullptr, /*allow_exceptions=*/false);
    if (checklist.is_discarded()) checklist = application.checklist_json;
  }
  return {{"id", application.id},
          {"organization_id", application.organization_id},
          {"product_id", application.product_id},
          {"kind", registry::ApplicationKindName(application.kind)},
          {"scheme", application.scheme},
          {"level", application.level},
          {"label_registration_number", Nullable(application.label_registration_number)},
          {"requested_validity_months", Nullable(application.requested_validity_months)},
          {"state", registry::ApplicationStateName(application.state)},
          {"inquiry_note", application.inquiry_note},
          {"rejection_reason", application.rejection_reason},
          {"fee",
           {{"amount_jpy", Nullable(application.fee_amount_jpy)},
            {"tax_included", application.fee_tax_included},
            {"source", application.fee_source}}},
          {"submitted_at", OptionalTime(application.submitted_at)},
          {"invoiced_at", OptionalTime(application.invoiced_at)},
          {"paid_at", OptionalTime(application.paid_at)},
          {"evaluation_lab_id", Nullable(application.evaluation_lab_id)},
          {"certified_at", OptionalTime(application.certified_at)},
          {"checklist", checklist},
          {"history", history},
          {"created_at", FormatIso8601(application.created_at)},
          {"updated_at", FormatIso8601(application.updated_at)}};
}

json LabelToJson(const registry::Label& label, bool with_history) {
  json versions = json::array();
  for (const auto& version : label.firmware_versions)
    versions.push_back(FirmwareVersionToJson(version));
  json result = {{"registration_number", label.registration_number},
                 {"product",
                  {{"id", label.product_id},
                   {"name", label.product_name},
                   {"model_number", label.model_number},
                   {"type", label.product_type}}},
                 {"vendor", {{"id", label.organization_id}, {"name", label.vendor_name}}},
                 {"scheme", label.scheme},
                 {"level", label.level},
                 {"issued_at", FormatIso8601(label.issued_at)},
                 {"valid_from", FormatIso8601(label.valid_from)},
                 {"valid_until", FormatIso8601(label.valid_until)},
                 {"status", registry::LabelStatusName(label.status)},
                 {"status_ja", registry::LabelStatusNameJa(label.status)},
                 {"firmware_versions", versions}};
  if (label.certification) {
    result["certification"] = registry::CertificationJson(*label.certification);
  }
  if (label.surveillance) {
    result["surveillance"] = {
        {"evidence_request", label.surveillance->evidence_request},
        {"opened_at", FormatIso8601(label.surveillance->opened_at)},
        {"deadline", FormatIso8601(label.surveillance->deadline)},
        {"evidence_submitted_at", OptionalTime(label.surveillance->evidence_submitted_at)}};
  }
  if (with_history) {
    json history = json::array();
    for (const auto& event : label.history) {
      history.push_back(
          {{"kind", event.kind},
           {"from", event.from ? json(registry::LabelStatusName(*event.from)) : json(nullptr)},
           {"to", event.to ? json(registry::LabelStatusName(*event.to)) : json(nullptr)},
           {"actor", event.actor_email},
           {"at", FormatIso8601(event.at)},
           {"reason", event.reason},
           {"summary_ja", event.summary_ja},
           {"summary_en", event.summary_en},
           {"log_index", Nullable(event.log_index)}});
    }
    result["history"] = history;
  }
  return result;
}

json LabelPageToJson(const registry::LabelPage& page) {
  json labels = json::array();
  for (const auto& label : page.labels) labels.push_back(LabelToJson(label, false));
  // `total` only when this page is the last one (no COUNT at a million labels).
  return {{"labels", labels},
          {"total", page.total ? json(*page.total) : json(nullptr)},
          {"has_next_page", page.has_next_page},
          {"page", page.page},
          {"page_size", page.page_size}};
}

json UpdateReleaseToJson(const registry::UpdateRelease& release) {
  return {{"id", release.id},           {"product_id", release.product_id},
          {"version", release.version}, {"released_on", FormatDate(release.released_on)},
          {"summary", release.summary}, {"security_relevant", release.security_relevant}};
}

json VulnerabilityToJson(const registry::Vulnerability& vulnerability) {
  return {{"id", vulnerability.id},
          {"product_id", vulnerability.product_id},
          {"identifier", vulnerability.identifier},
          {"severity", vulnerability.severity},
          {"fixed_in_version", vulnerability.fixed_in_version},
          {"advisory_url", vulnerability.advisory_url},
          {"published_at", FormatIso8601(vulnerability.published_at)}};
}

json SecurityInformationToJson(const registry::SecurityInformation& information) {
  json updates = json::array();
  for (const auto& release : information.updates) updates.push_back(UpdateReleaseToJson(release));
  json vulnerabilities = json::array();
  for (const auto& vulnerability : information.vulnerabilities) {
    vulnerabilities.push_back(VulnerabilityToJson(vulnerability));
  }
  return {{"updates", updates}, {"vulnerabilities", vulnerabilities}};
}

json ReportToJson(const registry::VulnerabilityReport& report, bool include_token) {
  json updates = json::array();
  for (const auto& update : report.updates) {
    updates.push_back({{"status", registry::ReportStatusName(update.status)},
                       {"at", FormatIso8601(update.at)},
                       {"note", update.note}});
  }
  json result = {{"id", report.id},
                 {"organization_id", report.organization_id},
                 {"product_id", report.product_id},
                 {"registration_number", report.registration_number},
                 {"reporter_name", report.reporter_name},
                 {"reporter_email", report.reporter_email},
                 {"summary", report.summary},
                 {"details", report.details},
                 {"status", registry::ReportStatusName(report.status)},
                 {"received_at", FormatIso8601(report.received_at)},
                 {"acknowledged_at", OptionalTime(report.acknowledged_at)},
                 {"last_update_at", OptionalTime(report.last_update_at)},
                 {"acknowledge_due", FormatIso8601(report.acknowledge_due)},
                 {"next_update_due", FormatIso8601(report.next_update_due)},
                 {"acknowledgement_overdue", report.acknowledgement_overdue},
                 {"update_overdue", report.update_overdue},
                 {"updates", updates}};
  if (include_token) result["tracking_token"] = report.tracking_token;
  return result;
}

json TreeHeadToJson(const registry::SignedTreeHead& head) {
  return {{"tree_size", head.tree_size},
          {"root_hash", head.root_hash_base64},
          {"timestamp", FormatIso8601(head.timestamp)},
          {"signature", head.signature_base64},
          {"key_id", head.key_id}};
}

json LogEntryToJson(const registry::LogEntry& entry) {
  json data = json::parse(entry.data, nullptr, /*allow_exceptions=*/false);
  if (data.is_discarded()) data = entry.data;
  return {{"index", entry.index},
          {"data", data},
          {"data_text", entry.data},
          {"leaf_hash", entry.leaf_hash_base64},
          {"appended_at", FormatIso8601(entry.appended_at)}};
}

json InclusionProofToJson(const registry::InclusionProofResult& proof) {
  return {{"leaf_index", proof.leaf_index},
          {"tree_size", proof.tree_size},
          {"leaf_hash", proof.leaf_hash_base64},
          {"audit_path", proof.audit_path_base64}};
}

json ConsistencyProofToJson(const registry::ConsistencyProofResult& proof) {
  return {
      {"first", proof.first_size}, {"second", proof.second_size}, {"proof", proof.proof_base64}};
}

}  // namespace iotmark::server
