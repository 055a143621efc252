#include "server/api_error.h"

#include <algorithm>
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
    case StatusCode::kResourceExhausted:
      return 429;
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
    case StatusCode::kResourceExhausted:
      return "too_many_requests";
    case StatusCode::kUnavailable:
      return "store_unavailable";
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

int RetryAfterSecondsFor(const Status& status) {
  int fallback = 0;
  if (status.code() == StatusCode::kUnavailable) fallback = kStoreRetryAfterSeconds;
  if (status.code() == StatusCode::kResourceExhausted) fallback = kThrottleRetryAfterSeconds;
  if (fallback == 0) return 0;
  if (auto wait = status.retry_after()) {
    return static_cast<int>(std::clamp<long long>(wait->count(), 1, 86400));
  }
  return fallback;
}

HttpResponse ErrorFromStatus(const Status& status) {
  const int http_status = HttpStatusFor(status.code());
  HttpResponse response;
  if (status.code() == StatusCode::kUnavailable) {
    // The store's own text (driver, SQL) stays in the log.
    response = ErrorResponse(http_status, ErrorCodeFor(status.code()),
                             "ストアが一時的に利用できません。後でもう一度お試しください / the "
                             "store is unavailable for a moment; try again");
    response.log_detail = status.ToString();
  } else if (http_status >= 500) {
    // Internal details stay in the log (request_pipeline.cc), not in the answer.
    response =
        ErrorResponse(http_status, ErrorCodeFor(status.code()), "内部エラー / internal error");
    response.log_detail = status.ToString();
  } else {
    response =
        ErrorResponse(http_status, ErrorCodeFor(status.code()), status.message(), status.field());
  }
  if (int seconds = RetryAfterSecondsFor(status); seconds > 0) {
    response.SetHeader("Retry-After", std::to_string(seconds));
  }
  return response;
}

}  // namespace iotmark::server
