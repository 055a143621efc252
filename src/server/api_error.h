// JSON error responses with stable machine-readable codes:
//   {"error": {"code": "invalid_field", "message": "...", "field": "$.email"}}
//
// A Status maps to an HTTP status by its code (InvalidArgument → 400,
// NotFound → 404, Unauthenticated → 401, PermissionDenied → 403,
// FailedPrecondition / AlreadyExists → 409, …). A Status message that starts
// with a JSON path ("$.items[2].status: must be …") names the field, which is
// copied into "field".
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
// timeout, SQLite busy): kUnavailable whose message starts with
// "store unavailable". Answered 503 {"code": "store_unavailable"} with
// Retry-After (kStoreRetryAfterSeconds), never 500 and never 429.
inline constexpr int kStoreRetryAfterSeconds = 2;
bool IsStoreUnavailable(const Status& status);

// Splits "$.a.b: message" into field and message; field is empty if the
// message does not start with a JSON path.
void SplitFieldFromMessage(std::string_view text, std::string& field, std::string& message);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_API_ERROR_H_
