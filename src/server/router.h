// Maps (method, path) to a handler. Patterns are literal segments and
// "{name}" placeholders matching one non-empty segment:
//   router.Add("GET", "/api/v1/labels/{regno}/record", handler);
// A path that matches no pattern → 404 route_not_found; a path that matches a
// pattern under another method → 405 method_not_allowed with an Allow header.
// Literal segments win over placeholders. HEAD is served by GET routes.
// Add() is not thread-safe; Dispatch() is, once all routes are added.
#ifndef IOTMARK_SERVER_ROUTER_H_
#define IOTMARK_SERVER_ROUTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "server/http_types.h"

namespace iotmark::server {

class Router {
 public:
  void Add(std::string method, std::string_view pattern, Handler handler);

  // Runs the matching handler (filling request.path_params) or answers 404/405.
  HttpResponse Dispatch(HttpRequest& request) const;

  // Every registered "METHOD pattern", in registration order (for docs/tests).
  std::vector<std::string> Describe() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" for placeholders
    Handler handler;
  };

  // Returns the number of literal segments matched, or -1 when no match.
  static int Match(const Route& route, const std::vector<std::string_view>& segments,
                   std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a", "b"} (empty segments dropped).
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_ROUTER_H_
