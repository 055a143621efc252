#include "server/api_support.h"

#include <algorithm>
#include <cctype>

#include "server/api_error.h"

namespace iotmark::server {

Result<registry::Principal> AuthenticateRequest(ApiContext& context, const HttpRequest& request) {
  auto header = request.Header("authorization");
  if (!header) {
    return Status::Unauthenticated("ログインが必要です / authentication required");
  }
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), value.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
      })) {
    return Status::Unauthenticated(
        "Authorization ヘッダーは Bearer トークンが必要です / expected a Bearer token");
  }
  std::string_view token = value.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  return context.registry.Authenticate(token);
}

HttpResponse JsonResponse(const nlohmann::json& body, int status) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Handler RequireAuthentication(ApiContext& context, AuthenticatedHandler handler) {
  return [&context, handler = std::move(handler)](HttpRequest& request) {
    auto principal = AuthenticateRequest(context, request);
    if (!principal.ok()) {
      HttpResponse response = ErrorFromStatus(principal.status());
      response.SetHeader("WWW-Authenticate", "Bearer realm=\"iotmark\"");
      return response;
    }
    HttpResponse response = handler(request, principal.value());
    response.log_subject = "user:" + std::to_string(principal->user_id);
    return response;
  };
}

Result<std::int64_t> IdParameter(const HttpRequest& request, const std::string& name) {
  const std::string& text = request.Param(name);
  std::int64_t value = 0;
  bool valid = !text.empty() && text.size() <= 18 &&
               std::all_of(text.begin(), text.end(),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (valid) value = std::stoll(text);
  if (!valid || value <= 0) {
    return Status::InvalidArgument("expected a positive integer id / IDが正しくありません")
        .WithField("$path." + name);
  }
  return value;
}

Result<std::optional<std::uint64_t>> UnsignedQuery(const HttpRequest& request,
                                                   std::string_view name) {
  auto text = request.Query(name);
  if (!text) return std::optional<std::uint64_t>();
  bool valid = !text->empty() && text->size() <= 18 &&
               std::all_of(text->begin(), text->end(),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!valid) {
    return Status::InvalidArgument("expected a non-negative integer / 整数が必要です")
        .WithField("$query." + std::string(name));
  }
  return std::optional<std::uint64_t>(std::stoull(std::string(*text)));
}

HttpResponse FieldErrorsResponse(const std::vector<registry::FieldError>& errors) {
  nlohmann::json details = nlohmann::json::array();
  for (const auto& error : errors) {
    details.push_back({{"field", error.field}, {"message", error.message}});
  }
  nlohmann::json error = {{"code", "invalid_checklist"},
                          {"message", "チェックリストに誤りがあります / the checklist has " +
                                          std::to_string(errors.size()) + " error(s)"},
                          {"details", details}};
  if (!errors.empty()) error["field"] = errors.front().field;
  HttpResponse response = JsonResponse({{"error", error}}, 400);
  return response;
}

}  // namespace iotmark::server
