// Vulnerability monitoring pages (registry/findings.h):
//   /portal/monitoring  the vendor's vulnerability-report inbox and findings
//                       with their deadlines, triage forms, SBOM upload;
//   /console/findings   the operator's overdue triage across vendors;
// and the product page's monitoring section (MonitoringSectionView).
#include <map>

#include "web/monitoring_pages.h"
#include "web/web_site.h"

namespace iotmark::web {
namespace {

using nlohmann::json;
using server::HttpRequest;
using server::HttpResponse;

std::string Score(const std::optional<double>& score) {
  if (!score) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", *score);
  return text;
}

json FindingView(const registry::Finding& finding, const std::string& product) {
  return {{"id", std::to_string(finding.id)},
          {"product", product},
          {"firmware_version", finding.firmware_version},
          {"source", finding.source},
          {"component", finding.component},
          {"component_version", finding.component_version},
          {"cve_id", finding.cve_id},
          {"score", Score(finding.base_score)},
          {"version_range", finding.version_range},
          {"found_on", FormatDate(finding.found_at)},
          {"acknowledge_due", FormatIso8601(finding.acknowledge_due)},
          {"status", std::string(registry::FindingStatusName(finding.status))},
          {"untriaged", finding.status == registry::FindingStatus::kNew},
          {"overdue", finding.triage_overdue},
          {"justification", finding.justification},
          {"fixed_in_version", finding.fixed_in_version},
          {"note", finding.note},
          {"remediation", finding.remediation},
          {"public_state", finding.public_state}};
}

HttpResponse PortalMonitoringPage(WebSite& site, const HttpRequest& request,
                                  const WebSession& session, int status, const std::string& error) {
  const Language language = site.LanguageOf(request);
  const registry::Principal& principal = session.principal;
  json view;
  view["csrf_token"] = session.csrf_token;
  view["error"] = error;
  const std::string notice(request.Query("notice").value_or(""));
  view["notice"] = notice == "triaged" ? "評価を記録しました / Triage recorded"
                   : notice == "sbom"  ? "SBOMを保管しました / SBOM kept"
                                       : "";
  std::map<std::int64_t, std::string> names;
  json products = json::array();
  if (auto list = site.registry().ListProducts(principal); list.ok()) {
    for (const registry::Product& product : *list) {
      names[product.id] = product.name + " (" + product.model_number + ")";
      json versions = json::array();
      for (const auto& version : product.firmware_versions) {
        versions.push_back({{"version", version.version}});
      }
      products.push_back({{"id", std::to_string(product.id)},
                          {"name", names[product.id]},
                          {"versions", versions}});
    }
  }
  view["products"] = products;
  view["has_products"] = !products.empty();
  json reports = json::array();
  if (auto list = site.registry().ListVulnerabilityReports(principal); list.ok()) {
    for (const registry::VulnerabilityReport& report : *list) {
      reports.push_back({{"id", std::to_string(report.id)},
                         {"regno", report.registration_number},
                         {"summary", report.summary},
                         {"details", report.details},
                         {"status", std::string(registry::ReportStatusName(report.status))},
                         {"received_on", FormatIso8601(report.received_at)},
                         {"acknowledge_due", FormatIso8601(report.acknowledge_due)},
                         {"next_update_due", FormatIso8601(report.next_update_due)},
                         {"acknowledgement_overdue", report.acknowledgement_overdue},
                         {"update_overdue", report.update_overdue}});
    }
  }
  view["reports"] = reports;
  view["has_reports"] = !reports.empty();
  json findings = json::array();
  if (site.findings()) {
    if (auto list = site.findings()->ListFindings(principal); list.ok()) {
      for (const registry::Finding& finding : *list) {
        findings.push_back(FindingView(finding, names.count(finding.product_id)
                                                    ? names[finding.product_id]
                                                    : std::to_string(finding.product_id)));
      }
    }
  }
  view["findings"] = findings;
  view["has_findings"] = !findings.empty();
  json justifications = json::array();
  for (std::string_view name : registry::VexJustifications()) {
    justifications.push_back({{"name", std::string(name)}});
  }
  view["justifications"] = justifications;
  return site.Page(status, "monitoring.html", view, language,
                   {{"title", "脆弱性の受付と監視 / Vulnerability inbox and monitoring — " +
                                  site.renderer().Text("site_name", language)}},
                   &session);
}

template <typename Action>
HttpResponse VendorPost(WebSite& site, HttpRequest& request, Action action) {
  std::optional<WebSession> session = site.CurrentSession(request);
  if (!session || session->principal.role != registry::Role::kVendorMember) {
    return site.SessionRequired(request, session);
  }
  Result<FormFields> form = site.ReadSessionForm(request, *session);
  if (!form.ok()) {
    return PortalMonitoringPage(site, request, *session, HttpStatusOf(form.status()),
                                StatusMessage(form.status()));
  }
  if (!site.findings()) {
    return PortalMonitoringPage(site, request, *session, 503, "monitoring is not configured");
  }
  return action(*session, *form);
}

HttpResponse Triage(WebSite& site, HttpRequest& request) {
  return VendorPost(site, request, [&](const WebSession& session, const FormFields& form) {
    const std::optional<std::int64_t> id = ParseId(request.Param("id"));
    Result<registry::FindingStatus> status = registry::ParseFindingStatus(Field(form, "status"));
    if (!id || !status.ok()) {
      return PortalMonitoringPage(site, request, session, 400,
                                  "評価を選んでください / choose a triage status");
    }
    registry::FindingTriage triage;
    triage.status = *status;
    if (triage.status == registry::FindingStatus::kNotAffected) {
      triage.justification = Field(form, "justification");
    }
    if (triage.status == registry::FindingStatus::kFixed) {
      triage.fixed_in_version = Field(form, "fixed_in_version");
    }
    if (triage.status == registry::FindingStatus::kAffected) {
      triage.remediation = Field(form, "remediation");
    }
    triage.note = Field(form, "note");
    auto result = site.findings()->TriageFinding(session.principal, *id, triage);
    if (!result.ok()) {
      return PortalMonitoringPage(site, request, session, HttpStatusOf(result.status()),
                                  StatusMessage(result.status()));
    }
    return WebSite::Redirect("/portal/monitoring?notice=triaged");
  });
}

HttpResponse AttachSbom(WebSite& site, HttpRequest& request) {
  return VendorPost(site, request, [&](const WebSession& session, const FormFields& form) {
    const std::optional<std::int64_t> product = ParseId(Field(form, "product_id"));
    if (!product) {
      return PortalMonitoringPage(site, request, session, 400,
                                  "製品を選んでください / choose a product");
    }
    auto attached = site.findings()->AttachSbom(
        session.principal, *product, Field(form, "firmware_version"), Field(form, "sbom"));
    if (!attached.ok()) {
      return PortalMonitoringPage(site, request, session, HttpStatusOf(attached.status()),
                                  "SBOM: " + StatusMessage(attached.status()));
    }
    return WebSite::Redirect("/portal/monitoring?notice=sbom");
  });
}

HttpResponse ConsoleFindings(WebSite& site, HttpRequest& request) {
  std::optional<WebSession> session = site.CurrentSession(request);
  if (!session || session->principal.role == registry::Role::kVendorMember) {
    return site.SessionRequired(request, session);
  }
  const Language language = site.LanguageOf(request);
  json view;
  std::map<std::int64_t, std::string> organizations;
  if (auto list = site.registry().ListOrganizations(session->principal); list.ok()) {
    for (const auto& organization : *list) organizations[organization.id] = organization.name;
  }
  json findings = json::array();
  std::string error;
  if (site.findings()) {
    auto list = site.findings()->ListOverdueFindings(session->principal);
    if (list.ok()) {
      for (const registry::Finding& finding : *list) {
        json row = FindingView(finding, "#" + std::to_string(finding.product_id));
        row["organization"] = organizations.count(finding.organization_id)
                                  ? organizations[finding.organization_id]
                                  : std::to_string(finding.organization_id);
        findings.push_back(row);
      }
    } else {
      error = StatusMessage(list.status());
    }
  }
  view["findings"] = findings;
  view["has_findings"] = !findings.empty();
  view["error"] = error;
  return site.Page(200, "console_findings.html", view, language,
                   {{"title", "評価期限切れの検出 / Overdue triage — " +
                                  site.renderer().Text("site_name", language)}},
                   &*session);
}

}  // namespace

nlohmann::json MonitoringSectionView(WebSite& site, std::int64_t product_id) {
  json view = json::object();
  if (!site.findings()) return view;
  auto monitoring = site.findings()->GetPublicMonitoring(product_id);
  if (!monitoring.ok()) return view;
  json firmware = json::array();
  for (const auto& version : monitoring->firmware) {
    firmware.push_back({{"version", version.firmware_version}, {"sbom_kept", version.sbom_kept}});
  }
  json findings = json::array();
  for (const registry::Finding& finding : monitoring->findings) {
    findings.push_back({{"cve_id", finding.cve_id},
                        {"firmware_version", finding.firmware_version},
                        {"component", finding.component + " " + finding.component_version},
                        {"state", finding.public_state},
                        {"overdue", finding.triage_overdue}});
  }
  view["firmware"] = firmware;
  view["has_firmware"] = !firmware.empty();
  view["findings"] = findings;
  view["has_findings"] = !findings.empty();
  return view;
}

void AddMonitoringPages(server::Router& router, WebSite& site) {
  WebSite* s = &site;
  router.Add("GET", "/portal/monitoring", [s](HttpRequest& request) {
    std::optional<WebSession> session = s->CurrentSession(request);
    if (!session || session->principal.role != registry::Role::kVendorMember) {
      return s->SessionRequired(request, session);
    }
    return PortalMonitoringPage(*s, request, *session, 200, "");
  });
  router.Add("POST", "/portal/findings/{id}/triage",
             [s](HttpRequest& request) { return Triage(*s, request); });
  router.Add("POST", "/portal/sbom", [s](HttpRequest& request) { return AttachSbom(*s, request); });
  router.Add("GET", "/console/findings",
             [s](HttpRequest& request) { return ConsoleFindings(*s, request); });
}

}  // namespace iotmark::web
