// SBOMs, service identifications and findings (server/api_monitoring_routes.h).
#include "server/api_monitoring_routes.h"

#include "server/api_error.h"
#include "server/json_input.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

json OptionalScore(const std::optional<double>& score) {
  return score ? json(*score) : json(nullptr);
}

json SbomToJson(const registry::SbomSummary& sbom) {
  return {{"id", sbom.id},
          {"product_id", sbom.product_id},
          {"firmware_version", sbom.firmware_version},
          {"format", sbom.format},
          {"spec_version", sbom.spec_version},
          {"total_components", sbom.total_components},
          {"kept_components", sbom.kept_components},
          {"document_sha256", sbom.document_sha256},
          {"attached_at", FormatIso8601(sbom.attached_at)}};
}

HttpResponse PutSbom(ApiContext& context, registry::FindingsService& findings, HttpRequest& request,
                     const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  // The shared reader refuses what is not a JSON object; the domain then
  // checks the SBOM itself and keeps the text as sent.
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  return Respond(findings.AttachSbom(actor, *id, request.Param("version"), request.body),
                 SbomToJson, 201);
}

HttpResponse GetSbom(registry::FindingsService& findings, HttpRequest& request,
                     const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto document = findings.GetSbomDocument(actor, *id, request.Param("version"));
  if (!document.ok()) return ErrorFromStatus(document.status());
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.headers.emplace_back("Cache-Control", "private, no-store");
  response.body = std::move(document).value();
  return response;
}

HttpResponse PutDeviceTestReport(registry::FindingsService& findings, HttpRequest& request,
                                 const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto kept = findings.AttachDeviceTestReport(actor, *id, request.Param("version"), request.body);
  if (!kept.ok()) return ErrorFromStatus(kept.status());
  return JsonResponse({{"product_id", *id},
                       {"firmware_version", request.Param("version")},
                       {"identified_service_cpes", *kept}},
                      201);
}

HttpResponse Triage(registry::FindingsService& findings, HttpRequest& request,
                    const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto status_name = RequiredString(*body, "status");
  if (!status_name.ok()) return ErrorFromStatus(status_name.status());
  auto status = registry::ParseFindingStatus(*status_name);
  if (!status.ok() || *status == registry::FindingStatus::kNew) {
    return ErrorResponse(400, "invalid_field",
                         "expected under-investigation, affected, not-affected or fixed",
                         "$.status");
  }
  registry::FindingTriage triage;
  triage.status = *status;
  for (auto [name, target] :
       {std::pair{"justification", &triage.justification},
        std::pair{"fixed_in_version", &triage.fixed_in_version}, std::pair{"note", &triage.note},
        std::pair{"remediation", &triage.remediation}}) {
    auto value = OptionalString(*body, name);
    if (!value.ok()) return ErrorFromStatus(value.status());
    *target = value->value_or("");
  }
  auto result = findings.TriageFinding(actor, *id, triage);
  if (!result.ok()) {
    // The registry names its input (Status::field(), "justification"); the
    // answer names the body's field.
    const std::string& field = result.status().field();
    const bool body_field = field == "justification" || field == "fixed_in_version" ||
                            field == "note" || field == "status" || field == "remediation";
    if (body_field && result.status().code() == StatusCode::kInvalidArgument) {
      return ErrorResponse(400, "invalid_field", result.status().message(), "$." + field);
    }
    return ErrorFromStatus(result.status());
  }
  return JsonResponse(FindingToJson(*result));
}

HttpResponse ListFindings(registry::FindingsService& findings, HttpRequest& request,
                          const Principal& actor) {
  auto product = UnsignedQuery(request, "product_id");
  if (!product.ok()) return ErrorFromStatus(product.status());
  std::optional<std::int64_t> product_id;
  if (*product) product_id = static_cast<std::int64_t>(**product);
  return RespondList(findings.ListFindings(actor, product_id), "findings", FindingToJson);
}

HttpResponse PublicMonitoring(ApiContext& context, registry::FindingsService& findings,
                              HttpRequest& request) {
  auto label = context.registry.GetLabel(request.Param("regno"));
  if (!label.ok()) return ErrorFromStatus(label.status());
  auto monitoring = findings.GetPublicMonitoring(label->product_id);
  if (!monitoring.ok()) return ErrorFromStatus(monitoring.status());
  json firmware = json::array();
  for (const auto& version : monitoring->firmware) {
    firmware.push_back({{"version", version.firmware_version},
                        {"sbom_kept", version.sbom_kept},
                        {"sbom_attached_at", version.sbom_attached_at
                                                 ? json(FormatIso8601(*version.sbom_attached_at))
                                                 : json(nullptr)}});
  }
  json list = json::array();
  for (const auto& finding : monitoring->findings) list.push_back(PublicFindingToJson(finding));
  return JsonResponse(
      {{"registration_number", label->registration_number},
       {"firmware_versions", firmware},
       {"findings", list},
       {"notice",
        "SBOMの内容は非公開です。検出は既知の脆弱性情報との機械的な照合で、状態はベンダーの表明、"
        "または確認期限までに評価がない場合の「調査中」です。製品が脆弱である・安全であることを示す"
        "ものではありません。 / SBOM contents are private. Findings are automatic matches with "
        "known vulnerability records; their state is the vendor's statement, or 'under "
        "investigation' when the vendor did not triage by the deadline. Neither says that the "
        "product is vulnerable or safe."}});
}

}  // namespace

json FindingToJson(const registry::Finding& finding) {
  return {
      {"id", finding.id},
      {"organization_id", finding.organization_id},
      {"product_id", finding.product_id},
      {"firmware_version", finding.firmware_version},
      {"source", finding.source},
      {"component", finding.component},
      {"component_version", finding.component_version},
      {"component_ref", finding.component_ref},
      {"cve_id", finding.cve_id},
      {"base_score", OptionalScore(finding.base_score)},
      {"severity", finding.severity},
      {"matched_criteria", finding.matched_criteria},
      {"version_range", finding.version_range},
      {"description", finding.description},
      {"found_at", FormatIso8601(finding.found_at)},
      {"acknowledge_due", FormatIso8601(finding.acknowledge_due)},
      {"status", registry::FindingStatusName(finding.status)},
      {"justification", finding.justification},
      {"fixed_in_version", finding.fixed_in_version},
      {"note", finding.note},
      {"remediation", finding.remediation},
      {"triaged_at", finding.triaged_at ? json(FormatIso8601(*finding.triaged_at)) : json(nullptr)},
      {"triage_overdue", finding.triage_overdue},
      {"public_state", finding.public_state}};
}

json PublicFindingToJson(const registry::Finding& finding) {
  bool vendor_statement = finding.status != registry::FindingStatus::kNew;
  return {{"cve_id", finding.cve_id},
          {"firmware_version", finding.firmware_version},
          {"component", finding.component},
          {"component_version", finding.component_version},
          {"status", vendor_statement ? registry::FindingStatusName(finding.status)
                                      : std::string_view("under-investigation")},
          {"vendor_statement", vendor_statement},
          {"justification", finding.justification},
          {"fixed_in_version", finding.fixed_in_version},
          {"remediation", finding.remediation},
          {"state", finding.public_state},
          {"acknowledge_due", FormatIso8601(finding.acknowledge_due)}};
}

void AddMonitoringRoutes(Router& router, ApiContext& context, registry::FindingsService& findings) {
  ApiContext* c = &context;
  registry::FindingsService* f = &findings;
  const std::string sbom = "/api/v1/products/{id}/firmware-versions/{version}/sbom";
  router.Add("PUT", sbom,
             RequireAuthentication(context, [c, f](HttpRequest& request, const Principal& actor) {
               return PutSbom(*c, *f, request, actor);
             }));
  router.Add("GET", sbom,
             RequireAuthentication(context, [f](HttpRequest& request, const Principal& actor) {
               return GetSbom(*f, request, actor);
             }));
  router.Add("GET", "/api/v1/products/{id}/sboms",
             RequireAuthentication(context, [f](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               return RespondList(f->ListSboms(actor, *id), "sboms", SbomToJson);
             }));
  router.Add("PUT", "/api/v1/products/{id}/firmware-versions/{version}/devtest-report",
             RequireAuthentication(context, [f](HttpRequest& request, const Principal& actor) {
               return PutDeviceTestReport(*f, request, actor);
             }));
  router.Add("GET", "/api/v1/findings",
             RequireAuthentication(context, [f](HttpRequest& request, const Principal& actor) {
               return ListFindings(*f, request, actor);
             }));
  router.Add("GET", "/api/v1/findings/overdue",
             RequireAuthentication(context, [f](HttpRequest&, const Principal& actor) {
               return RespondList(f->ListOverdueFindings(actor), "findings", FindingToJson);
             }));
  router.Add("POST", "/api/v1/findings/{id}/triage",
             RequireAuthentication(context, [f](HttpRequest& request, const Principal& actor) {
               return Triage(*f, request, actor);
             }));
  router.Add("GET", "/api/v1/labels/{regno}/monitoring",
             [c, f](HttpRequest& request) { return PublicMonitoring(*c, *f, request); });
}

}  // namespace iotmark::server
