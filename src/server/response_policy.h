// What every response gets on its way out, independent of the handler:
// security headers, and validators (ETag, Last-Modified) with 304 handling
// for cacheable public GETs.
#ifndef IOTMARK_SERVER_RESPONSE_POLICY_H_
#define IOTMARK_SERVER_RESPONSE_POLICY_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "server/http_types.h"

namespace iotmark::server {

// X-Content-Type-Options: nosniff, X-Frame-Options: DENY, Referrer-Policy,
// Content-Security-Policy (default-src 'none' for API answers), and
// Cache-Control: no-store unless the handler chose a cache policy.
void AddSecurityHeaders(HttpResponse& response);

// Marks a public response as cacheable: a strong ETag from the body's
// SHA-256, Cache-Control public with `max_age_seconds`, and Last-Modified
// when known.
void MakeCacheable(HttpResponse& response, std::optional<TimePoint> last_modified,
                   int max_age_seconds = 60);

// Gives every 200 answer to GET/HEAD an ETag (from the body's SHA-256 when
// the handler set none; such answers keep Cache-Control: no-store), then
// turns it into 304 Not Modified when If-None-Match matches the ETag, or
// (without If-None-Match) If-Modified-Since is not older than Last-Modified.
void ApplyConditionalGet(const HttpRequest& request, HttpResponse& response);

// "Mon, 23 Nov 2026 10:00:00 GMT" (RFC 9110 IMF-fixdate) and back.
std::string FormatHttpDate(TimePoint time);
std::optional<TimePoint> ParseHttpDate(std::string_view text);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_RESPONSE_POLICY_H_
