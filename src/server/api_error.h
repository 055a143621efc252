// JSON error responses with stable machine-readable codes:
//   {"error": {"code": "invalid_field", "message": "...", "field": "$.email"}}
//
// A Status maps to an HTTP status by its code (InvalidArgument → 400,
// NotFound → 404, Unauthenticated → 401, PermissionDenied → 403,
// FailedPrecondition / AlreadyExists → 409, ResourceExhausted → 429,
// Unavailable → 503, …). The Status's structured detail fills the answer:
// its field() becomes "field", its retry_after() the Retry-After header.
#ifndef IOTMARK_SERVER_API_ERROR_H_
#define IOTMARK_SERVER_API_ERROR_H_

#include <string>
#include <string_view>

#include "common/status.h"
#include "server/http_types.h"

namespace iotmark::server {

// Builds a JSON error response. `field` is omitted from the body when empty.
HttpResponse ErrorResponse(int http_status, std::string_view code, std::string_view message,
                           std::string_view field = {});

// Maps a non-OK Status to an error response (see the header comment).
HttpResponse ErrorFromStatus(const Status& status);

// The HTTP status for a Status code.
int HttpStatusFor(StatusCode code);

// The stable error code string for a Status code ("not_found", …).
std::string_view ErrorCodeFor(StatusCode code);

// A store that cannot answer now (connection lost, database down, statement
// timeout, SQLite busy) is kUnavailable: answered 503 {"code":
// "store_unavailable"} with Retry-After (the status's retry_after(), else
// kStoreRetryAfterSeconds), never 500. A throttled caller
// (kResourceExhausted) is 429 {"code": "too_many_requests"} with Retry-After
// (its retry_after(), else kThrottleRetryAfterSeconds).
inline constexpr int kStoreRetryAfterSeconds = 2;
inline constexpr int kThrottleRetryAfterSeconds = 30;

// The Retry-After seconds for an error status (at least 1), or 0 when the
// status is not one to retry (not kUnavailable or kResourceExhausted).
int RetryAfterSecondsFor(const Status& status);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_API_ERROR_H_
