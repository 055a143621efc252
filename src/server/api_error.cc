#include "server/api_error.h"

#include <nlohmann/json.hpp>

namespace iotmark::server {

HttpResponse ErrorResponse(int http_status, std::string_view code, std::string_view message,
                           std::string_view field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  HttpResponse response;
  response.status = http_status;
  response.body = nlohmann::json{{"error", error}}.dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kParseError:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ErrorCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_field";
    case StatusCode::kParseError:
      return "invalid_json";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "forbidden";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "transition_refused";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

void SplitFieldFromMessage(std::string_view text, std::string& field, std::string& message) {
  field.clear();
  message = std::string(text);
  if (text.empty() || text.front() != '$') return;
  size_t separator = text.find(": ");
  if (separator == std::string_view::npos) return;
  std::string_view candidate = text.substr(0, separator);
  if (candidate.find(' ') != std::string_view::npos) return;
  field = std::string(candidate);
  message = std::string(text.substr(separator + 2));
}

bool IsStoreUnavailable(const Status& status) {
  return status.code() == StatusCode::kUnavailable &&
         status.message().rfind("store unavailable", 0) == 0;
}

HttpResponse ErrorFromStatus(const Status& status) {
  if (IsStoreUnavailable(status)) {
    HttpResponse response =
        ErrorResponse(503, "store_unavailable",
                      "ストアが一時的に利用できません。後でもう一度お試しください / the store is "
                      "unavailable for a moment; try again");
    response.SetHeader("Retry-After", std::to_string(kStoreRetryAfterSeconds));
    return response;
  }
  std::string field;
  std::string message;
  SplitFieldFromMessage(status.message(), field, message);
  int http_status = HttpStatusFor(status.code());
  if (http_status >= 500) {
    // Internal details stay in the log (request_pipeline.cc), not in the answer.
    HttpResponse response =
        ErrorResponse(http_status, ErrorCodeFor(status.code()), "内部エラー / internal error");
    response.log_detail = status.message();
    return response;
  }
  return ErrorResponse(http_status, ErrorCodeFor(status.code()), message, field);
}

}  // namespace iotmark::server
