// Shared pieces of the JSON API handlers: the context they run in (the
// registry service, the public URL, the clock), bearer-token
// authentication, and small helpers to answer with JSON or an error.
#ifndef IOTMARK_SERVER_API_SUPPORT_H_
#define IOTMARK_SERVER_API_SUPPORT_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "registry/registry_service.h"
#include "server/api_error.h"
#include "server/http_types.h"
#include "server/label_response_cache.h"
#include "server/router.h"

namespace iotmark::server {

// Everything a handler needs; outlives the server.
struct ApiContext {
  registry::RegistryService& registry;
  const Clock& clock;
  std::string public_url;  // without trailing slash, e.g. "http://127.0.0.1:8080"
  // Rendered label answers (optional; serve.cc keeps it current).
  LabelResponseCache* label_cache = nullptr;
};

// The principal of a request's "Authorization: Bearer <token>" header, or
// kUnauthenticated (missing header, wrong scheme, unknown/expired token).
Result<registry::Principal> AuthenticateRequest(ApiContext& context, const HttpRequest& request);

// 200 (or `status`) with the JSON body.
HttpResponse JsonResponse(const nlohmann::json& body, int status = 200);

// A handler that runs only for an authenticated principal; otherwise 401
// with WWW-Authenticate: Bearer. The principal's id goes to the access log.
using AuthenticatedHandler = std::function<HttpResponse(HttpRequest&, const registry::Principal&)>;
Handler RequireAuthentication(ApiContext& context, AuthenticatedHandler handler);

// Parses a path parameter that must be a positive integer id (400 naming it).
Result<std::int64_t> IdParameter(const HttpRequest& request, const std::string& name);

// Parses an optional unsigned integer query parameter (400 naming it).
Result<std::optional<std::uint64_t>> UnsignedQuery(const HttpRequest& request,
                                                   std::string_view name);

// Answers {"<key>": [to_json(item)…]} or the error of `result`.
template <typename T, typename Convert>
HttpResponse RespondList(const Result<std::vector<T>>& result, const char* key, Convert to_json);

// Answers `value` as JSON via `to_json`, or the error of `result`.
template <typename T, typename Convert>
HttpResponse Respond(const Result<T>& result, Convert to_json, int status = 200) {
  if (!result.ok()) return ErrorFromStatus(result.status());
  return JsonResponse(to_json(result.value()), status);
}

template <typename T, typename Convert>
HttpResponse RespondList(const Result<std::vector<T>>& result, const char* key, Convert to_json) {
  if (!result.ok()) return ErrorFromStatus(result.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : result.value()) items.push_back(to_json(item));
  return JsonResponse({{key, items}});
}

// A 400 listing checklist field errors: error.field is the first field,
// error.details the whole list.
HttpResponse FieldErrorsResponse(const std::vector<registry::FieldError>& errors);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_API_SUPPORT_H_
