// Public label reads (details, search, signed record, OSCAL assessment,
// security information, label images, the signing key, health) and the
// label lifecycle actions of vendors and operators.
#include <algorithm>

#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/json_input.h"
#include "server/label_image.h"
#include "server/oscal_assessment.h"
#include "server/response_policy.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

// The time of the label's last recorded change (for Last-Modified).
TimePoint LastChange(const registry::Label& label) {
  TimePoint last = label.issued_at;
  for (const auto& event : label.history) last = std::max(last, event.at);
  return last;
}

// Until when the label's status as read cannot change by time alone: its
// validity end, or its surveillance deadline (at most an hour ahead).
TimePoint StatusFreshUntil(const registry::Label& label, TimePoint now) {
  TimePoint until = now + std::chrono::hours(1);
  if (label.status == registry::LabelStatus::kActive ||
      label.status == registry::LabelStatus::kUnderSurveillance) {
    until = std::min(until, label.valid_until);
  }
  if (label.surveillance) until = std::min(until, label.surveillance->deadline);
  return until;
}

// A public, cacheable JSON answer.
HttpResponse PublicJson(const json& body, std::optional<TimePoint> last_modified) {
  HttpResponse response = JsonResponse(body);
  MakeCacheable(response, last_modified);
  return response;
}

HttpResponse SearchLabels(ApiContext& context, HttpRequest& request) {
  registry::LabelQuery query;
  query.text = std::string(request.Query("q").value_or(""));
  if (auto level = request.Query("level"); level && !level->empty())
    query.level = std::string(*level);
  if (auto status = request.Query("status"); status && !status->empty()) {
    auto parsed = registry::ParseLabelStatus(*status);
    if (!parsed.ok())
      return ErrorResponse(400, "invalid_field", parsed.status().message(), "$query.status");
    query.status = *parsed;
  }
  query.vendor = std::string(request.Query("vendor").value_or(""));
  auto page = UnsignedQuery(request, "page");
  if (!page.ok()) return ErrorFromStatus(page.status());
  if (*page) {
    if (**page < 1 || **page > 100000) {
      return ErrorResponse(400, "invalid_field", "page は1以上 / page must be >= 1", "$query.page");
    }
    query.page = static_cast<int>(**page);
  }
  auto page_size = UnsignedQuery(request, "page_size");
  if (!page_size.ok()) return ErrorFromStatus(page_size.status());
  if (*page_size) {
    if (**page_size < 1 || **page_size > 100) {
      return ErrorResponse(400, "invalid_field", "page_size は1〜100 / page_size must be 1..100",
                           "$query.page_size");
    }
    query.page_size = static_cast<int>(**page_size);
  }
  auto result = context.registry.SearchLabels(query);
  if (!result.ok()) return ErrorFromStatus(result.status());
  return PublicJson(LabelPageToJson(*result), std::nullopt);
}

HttpResponse Assessment(ApiContext& context, HttpRequest& request) {
  auto label = context.registry.GetLabel(request.Param("regno"));
  if (!label.ok()) return ErrorFromStatus(label.status());
  // The checklist is public once a label is issued; the registry keeps it
  // with the application, read here with a read-only auditor identity.
  registry::Principal reader;
  reader.role = registry::Role::kAuditor;
  reader.email = "system:public-assessment";
  auto application = context.registry.GetApplication(reader, label->application_id);
  if (!application.ok()) return ErrorFromStatus(application.status());
  auto document = BuildAssessmentResults(*label, *application, context.public_url);
  if (!document.ok()) return ErrorFromStatus(document.status());
  return PublicJson(*document, LastChange(*label));
}

HttpResponse LabelImage(ApiContext& context, HttpRequest& request, bool png) {
  auto label = context.registry.GetLabel(request.Param("regno"));
  if (!label.ok()) return ErrorFromStatus(label.status());
  LabelImageContent content;
  content.registration_number = label->registration_number;
  content.level = 1;
  std::string digits;
  for (char c : label->level) {
    if (c >= '1' && c <= '9') digits.push_back(c);
  }
  if (!digits.empty()) content.level = digits.front() - '0';
  content.public_url = context.public_url + "/labels/" + label->registration_number;
  content.valid_until = FormatDate(label->valid_until);
  auto image = png ? RenderLabelPng(content) : RenderLabelSvg(content);
  if (!image.ok()) return ErrorFromStatus(image.status());
  HttpResponse response;
  response.content_type = png ? "image/png" : "image/svg+xml; charset=utf-8";
  response.body = std::move(image.value());
  if (!png)
    response.SetHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  MakeCacheable(response, LastChange(*label), 300);
  return response;
}

// A lifecycle action with one required text field.
using LabelAction = Result<registry::Label> (registry::RegistryService::*)(const Principal&,
                                                                           std::string_view,
                                                                           std::string_view);

Handler LabelActionHandler(ApiContext& context, LabelAction action, const char* field) {
  ApiContext* c = &context;
  return RequireAuthentication(
      context, [c, action, field](HttpRequest& request, const Principal& actor) {
        auto body = ParseJsonObject(request.body);
        if (!body.ok()) return ErrorFromStatus(body.status());
        auto text = RequiredString(*body, field);
        if (!text.ok()) return ErrorFromStatus(text.status());
        return Respond((c->registry.*action)(actor, request.Param("regno"), *text),
                       [](const registry::Label& label) { return LabelToJson(label); });
      });
}

HttpResponse OpenSurveillance(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto evidence_request = RequiredString(*body, "evidence_request");
  if (!evidence_request.ok()) return ErrorFromStatus(evidence_request.status());
  auto deadline_text = RequiredString(*body, "deadline");
  if (!deadline_text.ok()) return ErrorFromStatus(deadline_text.status());
  auto deadline = ParseIso8601(*deadline_text);
  if (!deadline) {
    return ErrorResponse(400, "invalid_field",
                         "期限の形式が違います / expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
                         "$.deadline");
  }
  return Respond(context.registry.OpenSurveillance(actor, request.Param("regno"), *evidence_request,
                                                   *deadline),
                 [](const registry::Label& label) { return LabelToJson(label); });
}

HttpResponse FirmwareCoverage(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto version = RequiredString(*body, "version");
  if (!version.ok()) return ErrorFromStatus(version.status());
  auto covered = OptionalBool(*body, "covered");
  if (!covered.ok()) return ErrorFromStatus(covered.status());
  if (!*covered) {
    return ErrorResponse(400, "invalid_field", "covered が必要です / covered is required",
                         "$.covered");
  }
  auto reason = OptionalString(*body, "reason");
  if (!reason.ok()) return ErrorFromStatus(reason.status());
  return Respond(context.registry.SetFirmwareCoverage(actor, request.Param("regno"), *version,
                                                      **covered, reason->value_or("")),
                 [](const registry::Label& label) { return LabelToJson(label); });
}

}  // namespace

void AddLabelRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("GET", "/healthz", [c](HttpRequest&) {
    return JsonResponse({{"status", "ok"}, {"time", FormatIso8601(c->clock.Now())}});
  });
  router.Add("GET", "/.well-known/iotmark-label-key", [c](HttpRequest&) {
    const auto& key = c->registry.public_key();
    return PublicJson({{"algorithm", "Ed25519"},
                       {"key_id", key.KeyId()},
                       {"public_key", key.ToBase64()},
                       {"key_file", "ed25519-public:" + key.ToBase64()}},
                      std::nullopt);
  });
  router.Add("GET", "/api/v1/labels",
             [c](HttpRequest& request) { return SearchLabels(*c, request); });
  router.Add("GET", "/api/v1/labels/{regno}", [c](HttpRequest& request) {
    const std::string& regno = request.Param("regno");
    const TimePoint now = c->clock.Now();
    if (c->label_cache) {
      if (std::optional<HttpResponse> hit = c->label_cache->Lookup(regno, now)) return *hit;
    }
    const LabelResponseCache::Stamp stamp =
        c->label_cache ? c->label_cache->Begin() : LabelResponseCache::Stamp{};
    auto label = c->registry.GetLabel(regno);
    if (!label.ok()) return ErrorFromStatus(label.status());
    json body = LabelToJson(*label);
    body["public_url"] = c->public_url + "/labels/" + label->registration_number;
    HttpResponse response = PublicJson(body, LastChange(*label));
    if (c->label_cache)
      c->label_cache->Store(regno, response, stamp, StatusFreshUntil(*label, now));
    return response;
  });
  router.Add("GET", "/api/v1/labels/{regno}/record", [c](HttpRequest& request) {
    auto record = c->registry.GetSignedLabelRecord(request.Param("regno"));
    if (!record.ok()) return ErrorFromStatus(record.status());
    HttpResponse response;
    response.body = std::move(record.value());
    MakeCacheable(response, std::nullopt);
    return response;
  });
  router.Add("GET", "/api/v1/labels/{regno}/assessment",
             [c](HttpRequest& request) { return Assessment(*c, request); });
  router.Add("GET", "/api/v1/labels/{regno}/security", [c](HttpRequest& request) {
    auto information = c->registry.GetSecurityInformation(request.Param("regno"));
    if (!information.ok()) return ErrorFromStatus(information.status());
    return PublicJson(SecurityInformationToJson(*information), std::nullopt);
  });
  router.Add("GET", "/labels/{regno}/label.svg",
             [c](HttpRequest& request) { return LabelImage(*c, request, false); });
  router.Add("GET", "/labels/{regno}/label.png",
             [c](HttpRequest& request) { return LabelImage(*c, request, true); });

  // Authenticated: the caller's labels with history, and lifecycle actions.
  router.Add("GET", "/api/v1/manage/labels",
             RequireAuthentication(context, [c](HttpRequest&, const Principal& actor) {
               return RespondList(c->registry.ListLabels(actor), "labels",
                                  [](const registry::Label& label) { return LabelToJson(label); });
             }));
  router.Add("POST", "/api/v1/labels/{regno}/withdraw",
             LabelActionHandler(context, &registry::RegistryService::WithdrawLabel, "reason"));
  router.Add("POST", "/api/v1/labels/{regno}/spec-change",
             LabelActionHandler(context, &registry::RegistryService::ReportSpecificationChange,
                                "description"));
  router.Add("POST", "/api/v1/labels/{regno}/surveillance",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return OpenSurveillance(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/labels/{regno}/surveillance/evidence",
             LabelActionHandler(context, &registry::RegistryService::SubmitSurveillanceEvidence,
                                "evidence"));
  router.Add("POST", "/api/v1/labels/{regno}/surveillance/close",
             LabelActionHandler(context, &registry::RegistryService::CloseSurveillance, "note"));
  router.Add("POST", "/api/v1/labels/{regno}/revoke",
             LabelActionHandler(context, &registry::RegistryService::RevokeLabel, "reason"));
  router.Add("POST", "/api/v1/labels/{regno}/firmware-coverage",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return FirmwareCoverage(*c, request, actor);
             }));
}

}  // namespace iotmark::server
