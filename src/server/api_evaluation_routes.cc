// /api/v1/evaluations: the evaluation body's (評価機関) view of the ★3/★4
// applications that name it and its evaluation report (per-criterion results
// and the report file's SHA-256). The operator's certification step is
// POST /api/v1/applications/{id}/certify (api_application_routes.cc).
#include <string>

#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/json_input.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

json ReportToJson(const registry::EvaluationReport& report) {
  json results = json::array();
  for (const auto& result : report.results) {
    results.push_back(
        {{"criterion", result.criterion_id}, {"result", result.result}, {"note", result.note}});
  }
  return {{"id", report.id},
          {"application_id", report.application_id},
          {"lab_organization_id", report.lab_organization_id},
          {"evaluator_user_id", report.evaluator_user_id},
          {"results", results},
          {"failures", report.Failures()},
          {"report_sha256", report.report_sha256},
          {"summary", report.summary},
          {"recorded_at", FormatIso8601(report.recorded_at)}};
}

json EvaluationToJson(const registry::Evaluation& evaluation) {
  return {{"application", ApplicationToJson(evaluation.application)},
          {"report", evaluation.report ? ReportToJson(*evaluation.report) : json(nullptr)}};
}

// The registry names a result's criterion `criterion_id`; the body calls it
// `criterion`, so field paths are given in the body's terms.
Status InBodyTerms(Status status) {
  std::string field(status.field());
  if (field.empty()) return status;
  const std::string suffix = ".criterion_id";
  if (field.size() > suffix.size() &&
      field.compare(field.size() - suffix.size(), suffix.size(), suffix) == 0) {
    field.replace(field.size() - suffix.size(), suffix.size(), ".criterion");
  }
  if (field.rfind("$", 0) != 0) field = "$." + field;
  return Status(status.code(), std::string(status.message())).WithField(field);
}

Result<registry::NewEvaluationReport> ReadReport(const json& body) {
  registry::NewEvaluationReport input;
  auto results = body.find("results");
  if (results == body.end() || results->is_null()) {
    return Status::InvalidArgument("results が必要です / results is required")
        .WithField("$.results");
  }
  if (!results->is_array()) {
    return Status::InvalidArgument("expected an array, got " + std::string(JsonTypeName(*results)) +
                                   " / 型が違います")
        .WithField("$.results");
  }
  for (std::size_t i = 0; i < results->size(); ++i) {
    const json& item = (*results)[i];
    const std::string path = "$.results[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      return Status::InvalidArgument("expected an object, got " + std::string(JsonTypeName(item)) +
                                     " / 型が違います")
          .WithField(path);
    }
    registry::CriterionEvaluation result;
    auto criterion = RequiredString(item, "criterion", path);
    if (!criterion.ok()) return criterion.status();
    auto verdict = RequiredString(item, "result", path);
    if (!verdict.ok()) return verdict.status();
    auto note = OptionalString(item, "note", path);
    if (!note.ok()) return note.status();
    result.criterion_id = *criterion;
    result.result = *verdict;
    result.note = note->value_or("");
    input.results.push_back(std::move(result));
  }
  auto sha256 = RequiredString(body, "report_sha256");
  if (!sha256.ok()) return sha256.status();
  input.report_sha256 = *sha256;
  auto summary = OptionalString(body, "summary");
  if (!summary.ok()) return summary.status();
  input.summary = summary->value_or("");
  return input;
}

HttpResponse RecordReport(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto input = ReadReport(*body);
  if (!input.ok()) return ErrorFromStatus(input.status());
  auto report = context.registry.RecordEvaluationReport(actor, *id, *input);
  if (!report.ok()) return ErrorFromStatus(InBodyTerms(report.status()));
  return JsonResponse(ReportToJson(*report), 201);
}

}  // namespace

void AddEvaluationRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("GET", "/api/v1/evaluations",
             RequireAuthentication(context, [c](HttpRequest&, const Principal& actor) {
               return RespondList(c->registry.ListEvaluations(actor), "evaluations",
                                  EvaluationToJson);
             }));
  router.Add("POST", "/api/v1/evaluations/{id}/report",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return RecordReport(*c, request, actor);
             }));
}

}  // namespace iotmark::server
