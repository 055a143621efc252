// Vulnerability reports (S1.1-05): public intake against a label, the
// reporter's tracking view, and the vendor's inbox (acknowledge, status).
#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/json_input.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

HttpResponse Intake(ApiContext& context, HttpRequest& request) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewVulnerabilityReport input;
  input.registration_number = request.Param("regno");
  auto summary = RequiredString(*body, "summary");
  if (!summary.ok()) return ErrorFromStatus(summary.status());
  auto details = OptionalString(*body, "details");
  if (!details.ok()) return ErrorFromStatus(details.status());
  auto name = OptionalString(*body, "reporter_name");
  if (!name.ok()) return ErrorFromStatus(name.status());
  auto email = OptionalString(*body, "reporter_email");
  if (!email.ok()) return ErrorFromStatus(email.status());
  input.summary = *summary;
  input.details = details->value_or("");
  input.reporter_name = name->value_or("");
  input.reporter_email = email->value_or("");
  auto report = context.registry.SubmitVulnerabilityReport(input);
  if (!report.ok()) return ErrorFromStatus(report.status());
  // The reporter sees only what they sent, the deadlines and the token.
  json answer = {{"id", report->id},
                 {"registration_number", report->registration_number},
                 {"status", registry::ReportStatusName(report->status)},
                 {"received_at", FormatIso8601(report->received_at)},
                 {"acknowledge_due", FormatIso8601(report->acknowledge_due)},
                 {"tracking_token", report->tracking_token},
                 {"tracking_url", context.public_url + "/api/v1/vulnerability-reports/tracking/" +
                                      report->tracking_token}};
  return JsonResponse(answer, 201);
}

HttpResponse Acknowledge(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body.empty() ? std::string("{}") : request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto note = OptionalString(*body, "note");
  if (!note.ok()) return ErrorFromStatus(note.status());
  return Respond(
      context.registry.AcknowledgeReport(actor, *id, note->value_or("")),
      [](const registry::VulnerabilityReport& report) { return ReportToJson(report, false); });
}

HttpResponse UpdateStatus(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto status_name = RequiredString(*body, "status");
  if (!status_name.ok()) return ErrorFromStatus(status_name.status());
  auto status = registry::ParseReportStatus(*status_name);
  if (!status.ok())
    return ErrorResponse(400, "invalid_field", status.status().message(), "$.status");
  auto note = OptionalString(*body, "note");
  if (!note.ok()) return ErrorFromStatus(note.status());
  return Respond(
      context.registry.UpdateReportStatus(actor, *id, *status, note->value_or("")),
      [](const registry::VulnerabilityReport& report) { return ReportToJson(report, false); });
}

}  // namespace

void AddReportRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("POST", "/api/v1/labels/{regno}/vulnerability-reports",
             [c](HttpRequest& request) { return Intake(*c, request); });
  router.Add("GET", "/api/v1/vulnerability-reports/tracking/{token}", [c](HttpRequest& request) {
    auto report = c->registry.GetReportByToken(request.Param("token"));
    if (!report.ok()) return ErrorFromStatus(report.status());
    json body = ReportToJson(*report, false);
    body.erase("organization_id");
    body.erase("product_id");
    return JsonResponse(body);
  });
  router.Add("GET", "/api/v1/vulnerability-reports",
             RequireAuthentication(context, [c](HttpRequest&, const Principal& actor) {
               return RespondList(c->registry.ListVulnerabilityReports(actor), "reports",
                                  [](const registry::VulnerabilityReport& report) {
                                    return ReportToJson(report, false);
                                  });
             }));
  router.Add("POST", "/api/v1/vulnerability-reports/{id}/acknowledge",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return Acknowledge(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/vulnerability-reports/{id}/status",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return UpdateStatus(*c, request, actor);
             }));
}

}  // namespace iotmark::server
