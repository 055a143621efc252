// Plain request and response types shared by the router, the handlers and
// the Beast transport, so that handler code never includes Boost headers.
//
// Header names in HttpRequest are lower-case; path parameters are filled in
// by the Router before a handler runs. Both types are plain values.
#ifndef IOTMARK_SERVER_HTTP_TYPES_H_
#define IOTMARK_SERVER_HTTP_TYPES_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iotmark::server {

struct HttpRequest {
  std::string method;                              // "GET", "POST", …
  std::string target;                              // the raw request target, path and query
  std::string path;                                // percent-decoded path without the query
  std::map<std::string, std::string> query;        // percent-decoded
  std::map<std::string, std::string> headers;      // lower-case names
  std::map<std::string, std::string> path_params;  // from the route pattern
  std::string body;
  std::string remote_address;  // "127.0.0.1"

  // The value of a header (name in lower case), if present.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  // The value of a query parameter, if present.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The value of a path parameter ("" when the route has none of that name).
  const std::string& Param(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Who made the request (a user id or email), for the access log only.
  std::string log_subject;
  // Why a 5xx happened (a Status message, what threw), for the server log
  // only: never sent (request_pipeline.cc logs it, cut and escaped).
  std::string log_detail;

  void SetHeader(std::string name, std::string value);
  std::optional<std::string_view> Header(std::string_view name) const;
};

using Handler = std::function<HttpResponse(HttpRequest&)>;

// Splits "a/b?x=1&y=%20" into a decoded path and query map. Returns false when
// the target is not a valid origin-form target (does not start with '/', or
// has bad percent escapes).
bool ParseTarget(std::string_view target, std::string& path,
                 std::map<std::string, std::string>& query);

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Returns
// nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Encodes everything outside the URL unreserved set.
std::string PercentEncode(std::string_view text);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_HTTP_TYPES_H_
