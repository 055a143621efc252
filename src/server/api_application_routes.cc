// /api/v1/applications: the vendor's draft → submit, and the operator's
// review steps (supply-chain inquiry, accept / reject, certify for ★3/★4,
// invoice, payment, issue). Refused steps come back from the registry as 409
// with the reason.
#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/json_input.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

// The checklist member: a JSON object, dumped to text for the registry.
Result<std::optional<std::string>> ChecklistText(const json& body) {
  if (!body.contains("checklist") || body["checklist"].is_null()) {
    return std::optional<std::string>();
  }
  const json& checklist = body["checklist"];
  if (!checklist.is_object()) {
    return Status::InvalidArgument("expected an object, got " +
                                   std::string(JsonTypeName(checklist)) + " / 型が違います")
        .WithField("$.checklist");
  }
  return std::optional<std::string>(checklist.dump());
}

// The answer to a stored checklist: the application plus its validation.
HttpResponse ApplicationWithValidation(ApiContext& context,
                                       const Result<registry::Application>& application,
                                       int status) {
  if (!application.ok()) return ErrorFromStatus(application.status());
  json body = ApplicationToJson(*application);
  json errors = json::array();
  if (!application->checklist_json.empty()) {
    for (const auto& error :
         context.registry.ValidateChecklist(application->checklist_json, application->level)) {
      errors.push_back({{"field", error.field}, {"message", error.message}});
    }
  }
  body["checklist_errors"] = errors;
  return JsonResponse(body, status);
}

HttpResponse CreateApplication(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewApplication input;
  auto product = RequiredInteger(*body, "product_id");
  if (!product.ok()) return ErrorFromStatus(product.status());
  input.product_id = *product;
  auto kind = OptionalString(*body, "kind");
  if (!kind.ok()) return ErrorFromStatus(kind.status());
  if (*kind) {
    auto parsed = registry::ParseApplicationKind(**kind);
    if (!parsed.ok())
      return ErrorResponse(400, "invalid_field", parsed.status().message(), "$.kind");
    input.kind = *parsed;
  }
  auto scheme = OptionalString(*body, "scheme");
  if (!scheme.ok()) return ErrorFromStatus(scheme.status());
  if (*scheme) input.scheme = **scheme;
  auto level = OptionalString(*body, "level");
  if (!level.ok()) return ErrorFromStatus(level.status());
  if (*level) input.level = **level;
  auto regno = OptionalString(*body, "label_registration_number");
  if (!regno.ok()) return ErrorFromStatus(regno.status());
  input.label_registration_number = *regno;
  auto months = OptionalInteger(*body, "requested_validity_months");
  if (!months.ok()) return ErrorFromStatus(months.status());
  if (*months) {
    if (**months < 1 || **months > 24) {
      return ErrorResponse(400, "invalid_field",
                           "有効期間は1〜24か月です / validity must be 1..24 months",
                           "$.requested_validity_months");
    }
    input.requested_validity_months = static_cast<int>(**months);
  }
  auto lab = OptionalInteger(*body, "evaluation_lab_id");
  if (!lab.ok()) return ErrorFromStatus(lab.status());
  input.evaluation_lab_id = *lab;
  auto checklist = ChecklistText(*body);
  if (!checklist.ok()) return ErrorFromStatus(checklist.status());
  input.checklist_json = checklist->value_or("");
  auto created = context.registry.CreateApplication(actor, input);
  if (!created.ok() && created.status().field() == "evaluation_lab_id") {
    return ErrorFromStatus(created.status().WithField("$.evaluation_lab_id"));
  }
  return ApplicationWithValidation(context, created, 201);
}

HttpResponse UpdateChecklist(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto checklist = ChecklistText(*body);
  if (!checklist.ok()) return ErrorFromStatus(checklist.status());
  if (!*checklist) {
    return ErrorResponse(400, "invalid_field", "checklist が必要です / checklist is required",
                         "$.checklist");
  }
  return ApplicationWithValidation(
      context, context.registry.UpdateApplicationChecklist(actor, *id, **checklist), 200);
}

HttpResponse Submit(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  // Validate first so the vendor gets every field error as a list.
  auto application = context.registry.GetApplication(actor, *id);
  if (!application.ok()) return ErrorFromStatus(application.status());
  if (application->state == registry::ApplicationState::kDraft) {
    if (application->checklist_json.empty()) {
      return ErrorResponse(400, "invalid_checklist",
                           "チェックリストがありません / no checklist uploaded", "$.checklist");
    }
    auto errors =
        context.registry.ValidateChecklist(application->checklist_json, application->level);
    if (!errors.empty()) return FieldErrorsResponse(errors);
  }
  return Respond(context.registry.SubmitApplication(actor, *id), ApplicationToJson);
}

// A step that takes only the id.
using Step = Result<registry::Application> (registry::RegistryService::*)(const Principal&,
                                                                          std::int64_t);

Handler StepHandler(ApiContext& context, Step step) {
  ApiContext* c = &context;
  return RequireAuthentication(context, [c, step](HttpRequest& request, const Principal& actor) {
    auto id = IdParameter(request, "id");
    if (!id.ok()) return ErrorFromStatus(id.status());
    return Respond((c->registry.*step)(actor, *id), ApplicationToJson);
  });
}

// The fee invoice; the body may state `amount_jpy` when the catalog has no
// fee for the application (an empty or `null` body uses the catalog's fee,
// as for the other steps, which take no body).
HttpResponse Invoice(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  std::optional<std::int64_t> amount;
  if (!request.body.empty() && request.body != "null") {
    auto body = ParseJsonObject(request.body);
    if (!body.ok()) return ErrorFromStatus(body.status());
    auto stated = OptionalInteger(*body, "amount_jpy");
    if (!stated.ok()) return ErrorFromStatus(stated.status());
    amount = *stated;
  }
  return Respond(context.registry.InvoiceFee(actor, *id, amount), ApplicationToJson);
}

HttpResponse InquiryResult(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto result = RequiredString(*body, "result");
  if (!result.ok()) return ErrorFromStatus(result.status());
  if (*result != "cleared" && *result != "flagged") {
    return ErrorResponse(400, "invalid_field",
                         "result は cleared か flagged / result must be \"cleared\" or \"flagged\"",
                         "$.result");
  }
  auto note = OptionalString(*body, "note");
  if (!note.ok()) return ErrorFromStatus(note.status());
  return Respond(
      context.registry.RecordInquiryResult(actor, *id, *result == "cleared", note->value_or("")),
      ApplicationToJson);
}

HttpResponse Reject(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto reason = RequiredString(*body, "reason");
  if (!reason.ok()) return ErrorFromStatus(reason.status());
  return Respond(context.registry.RejectApplication(actor, *id, *reason), ApplicationToJson);
}

}  // namespace

void AddApplicationRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("GET", "/api/v1/applications",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               std::optional<registry::ApplicationState> state;
               if (auto text = request.Query("state"); text && !text->empty()) {
                 auto parsed = registry::ParseApplicationState(*text);
                 if (!parsed.ok()) {
                   return ErrorResponse(400, "invalid_field", parsed.status().message(),
                                        "$query.state");
                 }
                 state = *parsed;
               }
               return RespondList(c->registry.ListApplications(actor, state), "applications",
                                  ApplicationToJson);
             }));
  router.Add("POST", "/api/v1/applications",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return CreateApplication(*c, request, actor);
             }));
  router.Add("GET", "/api/v1/applications/{id}",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               return ApplicationWithValidation(*c, c->registry.GetApplication(actor, *id), 200);
             }));
  router.Add("PUT", "/api/v1/applications/{id}/checklist",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return UpdateChecklist(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/applications/{id}/submit",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return Submit(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/applications/{id}/inquiry",
             StepHandler(context, &registry::RegistryService::StartSupplyChainInquiry));
  router.Add("POST", "/api/v1/applications/{id}/inquiry-result",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return InquiryResult(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/applications/{id}/accept",
             StepHandler(context, &registry::RegistryService::AcceptApplication));
  router.Add("POST", "/api/v1/applications/{id}/reject",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return Reject(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/applications/{id}/certify",
             StepHandler(context, &registry::RegistryService::CertifyApplication));
  router.Add("POST", "/api/v1/applications/{id}/invoice",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return Invoice(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/applications/{id}/payment",
             StepHandler(context, &registry::RegistryService::RecordPayment));
  router.Add("POST", "/api/v1/applications/{id}/issue",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               auto label = c->registry.IssueLabel(actor, *id);
               if (!label.ok()) return ErrorFromStatus(label.status());
               json body = LabelToJson(*label);
               body["public_url"] = c->public_url + "/labels/" + label->registration_number;
               return JsonResponse(body, 201);
             }));
  router.Add("POST", "/api/v1/checklists/validate",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal&) {
               // The one rule for JSON bodies (json_input.h) before the checklist parser.
               if (Status scanned = CheckJsonBody(request.body); !scanned.ok()) {
                 return ErrorFromStatus(scanned);
               }
               auto errors = c->registry.ValidateChecklist(request.body);
               json list = json::array();
               for (const auto& error : errors) {
                 list.push_back({{"field", error.field}, {"message", error.message}});
               }
               return JsonResponse({{"valid", errors.empty()}, {"errors", list}});
             }));
}

}  // namespace iotmark::server
