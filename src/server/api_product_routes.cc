// /api/v1/products: products, firmware versions and the security
// information the vendor keeps (update releases, vulnerabilities).
#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/json_input.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

// A date or date-time field ("2026-11-23" or "2026-11-23T10:00:00Z").
Result<std::optional<TimePoint>> OptionalTime(const json& object, std::string_view name) {
  auto text = OptionalString(object, name);
  if (!text.ok()) return text.status();
  if (!*text) return std::optional<TimePoint>();
  auto time = ParseIso8601(**text);
  if (!time) {
    return Status::InvalidArgument(
               "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ / 日付が正しくありません")
        .WithField(FieldPath("$", name));
  }
  return std::optional<TimePoint>(*time);
}

HttpResponse CreateProduct(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewProduct input;
  auto organization = OptionalInteger(*body, "organization_id");
  if (!organization.ok()) return ErrorFromStatus(organization.status());
  if (*organization) {
    input.organization_id = **organization;
  } else if (actor.organization_id) {
    input.organization_id = *actor.organization_id;
  } else {
    return ErrorResponse(400, "invalid_field",
                         "organization_id が必要です / organization_id is required",
                         "$.organization_id");
  }
  for (auto [field, target] :
       {std::pair{"model_number", &input.model_number}, std::pair{"name", &input.name},
        std::pair{"product_type", &input.product_type}}) {
    auto value = RequiredString(*body, field);
    if (!value.ok()) return ErrorFromStatus(value.status());
    *target = *value;
  }
  return Respond(context.registry.CreateProduct(actor, input), ProductToJson, 201);
}

HttpResponse AddFirmware(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewFirmwareVersion input;
  auto version = RequiredString(*body, "version");
  if (!version.ok()) return ErrorFromStatus(version.status());
  auto released = OptionalTime(*body, "released_on");
  if (!released.ok()) return ErrorFromStatus(released.status());
  input.version = *version;
  input.released_on = *released;
  return Respond(context.registry.AddFirmwareVersion(actor, *id, input), FirmwareVersionToJson,
                 201);
}

HttpResponse AddUpdate(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewUpdateRelease input;
  auto version = RequiredString(*body, "version");
  if (!version.ok()) return ErrorFromStatus(version.status());
  auto released = OptionalTime(*body, "released_on");
  if (!released.ok()) return ErrorFromStatus(released.status());
  if (!*released) {
    return ErrorResponse(400, "invalid_field", "released_on が必要です / released_on is required",
                         "$.released_on");
  }
  auto summary = RequiredString(*body, "summary");
  if (!summary.ok()) return ErrorFromStatus(summary.status());
  auto relevant = OptionalBool(*body, "security_relevant");
  if (!relevant.ok()) return ErrorFromStatus(relevant.status());
  input.version = *version;
  input.released_on = **released;
  input.summary = *summary;
  input.security_relevant = relevant->value_or(false);
  return Respond(context.registry.AddUpdateRelease(actor, *id, input), UpdateReleaseToJson, 201);
}

HttpResponse AddVulnerability(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewVulnerability input;
  auto identifier = RequiredString(*body, "identifier");
  if (!identifier.ok()) return ErrorFromStatus(identifier.status());
  auto severity = RequiredString(*body, "severity");
  if (!severity.ok()) return ErrorFromStatus(severity.status());
  auto fixed = OptionalString(*body, "fixed_in_version");
  if (!fixed.ok()) return ErrorFromStatus(fixed.status());
  auto advisory = OptionalString(*body, "advisory_url");
  if (!advisory.ok()) return ErrorFromStatus(advisory.status());
  input.identifier = *identifier;
  input.severity = *severity;
  input.fixed_in_version = fixed->value_or("");
  input.advisory_url = advisory->value_or("");
  return Respond(context.registry.AddVulnerability(actor, *id, input), VulnerabilityToJson, 201);
}

}  // namespace

void AddProductRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("GET", "/api/v1/products",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               std::optional<std::int64_t> organization;
               auto filter = UnsignedQuery(request, "organization_id");
               if (!filter.ok()) return ErrorFromStatus(filter.status());
               if (*filter) organization = static_cast<std::int64_t>(**filter);
               return RespondList(c->registry.ListProducts(actor, organization), "products",
                                  ProductToJson);
             }));
  router.Add("POST", "/api/v1/products",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return CreateProduct(*c, request, actor);
             }));
  router.Add("GET", "/api/v1/products/{id}",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               return Respond(c->registry.GetProduct(actor, *id), ProductToJson);
             }));
  router.Add("POST", "/api/v1/products/{id}/firmware-versions",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return AddFirmware(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/products/{id}/updates",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return AddUpdate(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/products/{id}/vulnerabilities",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return AddVulnerability(*c, request, actor);
             }));
}

}  // namespace iotmark::server
