// /api/v1/session, /api/v1/organizations, /api/v1/users.
#include "common/http_url.h"
#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/json_input.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

HttpResponse Login(ApiContext& context, HttpRequest& request) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto email = RequiredString(*body, "email");
  if (!email.ok()) return ErrorFromStatus(email.status());
  auto password = RequiredString(*body, "password");
  if (!password.ok()) return ErrorFromStatus(password.status());
  auto login = context.registry.Login(*email, *password, request.remote_address);
  if (!login.ok()) {
    HttpResponse response = ErrorFromStatus(login.status());
    if (response.status == 401) response.SetHeader("WWW-Authenticate", "Bearer realm=\"iotmark\"");
    return response;
  }
  HttpResponse response = JsonResponse({{"token", login->session.token},
                                        {"token_type", "Bearer"},
                                        {"expires_at", FormatIso8601(login->session.expires_at)},
                                        {"user", PrincipalToJson(login->principal)}},
                                       201);
  response.log_subject = "user:" + std::to_string(login->principal.user_id);
  return response;
}

HttpResponse Logout(ApiContext& context, HttpRequest& request, const Principal&) {
  std::string_view header = *request.Header("authorization");
  std::string_view token = header.substr(header.find(' ') + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  Status status = context.registry.Logout(token);
  if (!status.ok()) return ErrorFromStatus(status);
  return JsonResponse({{"revoked", true}});
}

Result<registry::DisclosurePolicy> ReadPolicy(const json& object, std::string_view path) {
  registry::DisclosurePolicy policy;
  auto acknowledge = OptionalInteger(object, "acknowledge_within_days", path);
  if (!acknowledge.ok()) return acknowledge.status();
  auto update = OptionalInteger(object, "status_update_every_days", path);
  if (!update.ok()) return update.status();
  auto url = OptionalString(object, "policy_url", path);
  if (!url.ok()) return url.status();
  if (*acknowledge) policy.acknowledge_within_days = static_cast<int>(**acknowledge);
  if (*update) policy.status_update_every_days = static_cast<int>(**update);
  if (*url) policy.policy_url = **url;
  if (!policy.policy_url.empty() && !IsHttpUrl(policy.policy_url)) {
    return Status::InvalidArgument("must be an http:// or https:// URL / URLが正しくありません")
        .WithField(FieldPath(path, "policy_url"));
  }
  if (policy.acknowledge_within_days < 1 || policy.acknowledge_within_days > 365) {
    return Status::InvalidArgument("must be 1..365 days")
        .WithField(FieldPath(path, "acknowledge_within_days"));
  }
  if (policy.status_update_every_days < 1 || policy.status_update_every_days > 365) {
    return Status::InvalidArgument("must be 1..365 days")
        .WithField(FieldPath(path, "status_update_every_days"));
  }
  return policy;
}

HttpResponse CreateOrganization(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewOrganization input;
  auto name = RequiredString(*body, "name");
  if (!name.ok()) return ErrorFromStatus(name.status());
  auto name_en = OptionalString(*body, "name_en");
  if (!name_en.ok()) return ErrorFromStatus(name_en.status());
  auto contact = RequiredString(*body, "contact_email");
  if (!contact.ok()) return ErrorFromStatus(contact.status());
  input.name = *name;
  input.name_en = name_en->value_or("");
  input.contact_email = *contact;
  auto kind = OptionalString(*body, "kind");
  if (!kind.ok()) return ErrorFromStatus(kind.status());
  if (*kind) {
    auto parsed = registry::ParseOrganizationKind(**kind);
    if (!parsed.ok()) {
      return ErrorResponse(400, "invalid_field",
                           "kind は vendor か evaluation-lab / kind must be \"vendor\" or "
                           "\"evaluation-lab\"",
                           "$.kind");
    }
    input.kind = *parsed;
  }
  if (body->contains("disclosure_policy")) {
    auto policy_object = RequiredObject(*body, "disclosure_policy");
    if (!policy_object.ok()) return ErrorFromStatus(policy_object.status());
    auto policy = ReadPolicy(*policy_object, "$.disclosure_policy");
    if (!policy.ok()) return ErrorFromStatus(policy.status());
    input.disclosure_policy = *policy;
  }
  return Respond(context.registry.CreateOrganization(actor, input), OrganizationToJson, 201);
}

HttpResponse SetPolicy(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  auto policy = ReadPolicy(*body, "$");
  if (!policy.ok()) return ErrorFromStatus(policy.status());
  Status status = context.registry.SetDisclosurePolicy(actor, *id, *policy);
  if (!status.ok()) return ErrorFromStatus(status);
  return Respond(context.registry.GetOrganization(actor, *id), OrganizationToJson);
}

HttpResponse CreateUser(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewUser input;
  auto email = RequiredString(*body, "email");
  if (!email.ok()) return ErrorFromStatus(email.status());
  auto password = RequiredString(*body, "password");
  if (!password.ok()) return ErrorFromStatus(password.status());
  auto role_name = RequiredString(*body, "role");
  if (!role_name.ok()) return ErrorFromStatus(role_name.status());
  auto role = registry::ParseRole(*role_name);
  if (!role.ok()) {
    return ErrorResponse(400, "invalid_field", role.status().message(), "$.role");
  }
  auto organization = OptionalInteger(*body, "organization_id");
  if (!organization.ok()) return ErrorFromStatus(organization.status());
  input.email = *email;
  input.password = *password;
  input.role = *role;
  if (*organization) input.organization_id = **organization;
  return Respond(context.registry.CreateUser(actor, input), UserToJson, 201);
}

HttpResponse SetDisabled(ApiContext& context, HttpRequest& request, const Principal& actor,
                         bool disabled) {
  auto id = IdParameter(request, "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  Status status = context.registry.SetUserDisabled(actor, *id, disabled);
  if (!status.ok()) return ErrorFromStatus(status);
  return JsonResponse({{"id", *id}, {"disabled", disabled}});
}

}  // namespace

void AddAccountRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("POST", "/api/v1/session", [c](HttpRequest& request) { return Login(*c, request); });
  router.Add("DELETE", "/api/v1/session",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return Logout(*c, request, actor);
             }));
  router.Add("GET", "/api/v1/session",
             RequireAuthentication(context, [](HttpRequest&, const Principal& actor) {
               return JsonResponse({{"user", PrincipalToJson(actor)}});
             }));
  router.Add("GET", "/api/v1/organizations",
             RequireAuthentication(context, [c](HttpRequest&, const Principal& actor) {
               return RespondList(c->registry.ListOrganizations(actor), "organizations",
                                  OrganizationToJson);
             }));
  router.Add("POST", "/api/v1/organizations",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return CreateOrganization(*c, request, actor);
             }));
  router.Add("GET", "/api/v1/organizations/{id}",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               return Respond(c->registry.GetOrganization(actor, *id), OrganizationToJson);
             }));
  router.Add("PUT", "/api/v1/organizations/{id}/disclosure-policy",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return SetPolicy(*c, request, actor);
             }));
  router.Add("GET", "/api/v1/users",
             RequireAuthentication(context, [c](HttpRequest&, const Principal& actor) {
               return RespondList(c->registry.ListUsers(actor), "users", UserToJson);
             }));
  router.Add("POST", "/api/v1/users",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return CreateUser(*c, request, actor);
             }));
  router.Add("POST", "/api/v1/users/{id}/disable",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return SetDisabled(*c, request, actor, true);
             }));
  router.Add("POST", "/api/v1/users/{id}/enable",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return SetDisabled(*c, request, actor, false);
             }));
  router.Add("DELETE", "/api/v1/users/{id}/sessions",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               Status status = c->registry.RevokeSessions(actor, *id);
               if (!status.ok()) return ErrorFromStatus(status);
               return JsonResponse({{"revoked", true}});
             }));
}

}  // namespace iotmark::server
