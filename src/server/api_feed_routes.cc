// The registry's change stream for machines: the public change list, the
// signed bulk export with its deltas (registry/label_export.h), and webhook
// subscriptions (registry/webhooks.h). docs/api.md describes them.
#include "registry/webhooks.h"
#include "server/api_error.h"
#include "server/api_routes.h"
#include "server/json_input.h"
#include "server/response_policy.h"

namespace iotmark::server {

namespace {

using nlohmann::json;
using registry::Principal;

constexpr std::uint64_t kDefaultChangeLimit = 100;
constexpr std::uint64_t kDefaultExportLimit = 1000;

// The `since` and `limit` query parameters; limit defaults to `default_limit`.
struct Window {
  std::int64_t since = 0;
  int limit = 0;
};

Result<Window> ReadWindow(const HttpRequest& request, std::uint64_t default_limit) {
  auto since = UnsignedQuery(request, "since");
  if (!since.ok()) return since.status();
  auto limit = UnsignedQuery(request, "limit");
  if (!limit.ok()) return limit.status();
  if (*since && **since > static_cast<std::uint64_t>(INT64_MAX)) {
    return Status::InvalidArgument("too large").WithField("$query.since");
  }
  const std::uint64_t wanted = limit->value_or(default_limit);
  return Window{static_cast<std::int64_t>(since->value_or(0)),
                wanted > 100000 ? 100000 : static_cast<int>(wanted)};
}

json WebhookToJson(const registry::WebhookSubscription& subscription) {
  json body{
      {"id", subscription.id},
      {"url", subscription.url},
      {"registration_number",
       subscription.registration_number ? json(*subscription.registration_number) : json(nullptr)},
      {"cursor", subscription.cursor},
      {"created_at", FormatIso8601(subscription.created_at)},
      {"consecutive_failures", subscription.consecutive_failures},
      {"next_attempt_at", FormatIso8601(subscription.next_attempt_at)},
      {"last_attempt_at", subscription.last_attempt_at
                              ? json(FormatIso8601(*subscription.last_attempt_at))
                              : json(nullptr)},
      {"last_result", subscription.last_result},
      {"delivered_changes", subscription.delivered_changes}};
  if (!subscription.secret.empty()) body["secret"] = subscription.secret;
  return body;
}

HttpResponse Changes(ApiContext& context, HttpRequest& request) {
  auto window = ReadWindow(request, kDefaultChangeLimit);
  if (!window.ok()) return ErrorFromStatus(window.status());
  const auto [since, limit] = *window;
  std::optional<std::string> label;
  if (auto number = request.Query("registration_number"); number && !number->empty()) {
    label = std::string(*number);
  }
  auto page = context.registry.ListChanges(since, limit, label);
  if (!page.ok()) return ErrorFromStatus(page.status());
  json changes = json::array();
  std::optional<TimePoint> newest;
  for (const auto& change : page->changes) {
    changes.push_back(registry::ChangeJson(change, context.public_url));
    if (!newest || change.at > *newest) newest = change.at;
  }
  const std::int64_t next = page->changes.empty() ? since : page->changes.back().sequence;
  HttpResponse response = JsonResponse({{"since", since},
                                        {"next_since", next},
                                        {"latest_sequence", page->latest_sequence},
                                        {"more", page->more},
                                        {"changes", std::move(changes)}});
  MakeCacheable(response, newest, 10);
  return response;
}

HttpResponse Export(ApiContext& context, HttpRequest& request) {
  auto window = ReadWindow(request, kDefaultExportLimit);
  if (!window.ok()) return ErrorFromStatus(window.status());
  const auto [since, limit] = *window;
  auto page = context.registry.ExportLabels(since, limit);
  if (!page.ok()) return ErrorFromStatus(page.status());
  HttpResponse response;
  response.content_type = "application/json; charset=utf-8";
  response.body = std::move(page->document);
  response.SetHeader("X-Iotmark-Export-Until", std::to_string(page->until));
  response.SetHeader("X-Iotmark-Latest-Sequence", std::to_string(page->latest_sequence));
  if (page->more) {
    response.SetHeader("Link", "<" + context.public_url +
                                   "/api/v1/export/labels?since=" + std::to_string(page->until) +
                                   "&limit=" + std::to_string(limit) + ">; rel=\"next\"");
  }
  MakeCacheable(response, page->last_modified, 10);
  return response;
}

HttpResponse CreateWebhook(ApiContext& context, HttpRequest& request, const Principal& actor) {
  auto body = ParseJsonObject(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  registry::NewWebhook input;
  auto url = RequiredString(*body, "url");
  if (!url.ok()) return ErrorFromStatus(url.status());
  input.url = *url;
  auto label = OptionalString(*body, "registration_number");
  if (!label.ok()) return ErrorFromStatus(label.status());
  input.registration_number = *label;
  auto created = context.registry.CreateWebhook(actor, input);
  // The registry names its input ("url"); the answer names the body's field.
  if (!created.ok() && created.status().code() == StatusCode::kInvalidArgument &&
      created.status().field() == "url") {
    return ErrorResponse(400, "invalid_field", created.status().message(), "$.url");
  }
  return Respond(created, WebhookToJson, 201);
}

}  // namespace

void AddFeedRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("GET", "/api/v1/changes", [c](HttpRequest& request) { return Changes(*c, request); });
  router.Add("GET", "/api/v1/export/labels",
             [c](HttpRequest& request) { return Export(*c, request); });
  router.Add("POST", "/api/v1/webhooks",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               return CreateWebhook(*c, request, actor);
             }));
  router.Add("GET", "/api/v1/webhooks",
             RequireAuthentication(context, [c](HttpRequest&, const Principal& actor) {
               return RespondList(c->registry.ListWebhooks(actor), "webhooks", WebhookToJson);
             }));
  router.Add("DELETE", "/api/v1/webhooks/{id}",
             RequireAuthentication(context, [c](HttpRequest& request, const Principal& actor) {
               auto id = IdParameter(request, "id");
               if (!id.ok()) return ErrorFromStatus(id.status());
               Status deleted = c->registry.DeleteWebhook(actor, *id);
               if (!deleted.ok()) return ErrorFromStatus(deleted);
               HttpResponse response;
               response.status = 204;
               return response;
             }));
}

}  // namespace iotmark::server
