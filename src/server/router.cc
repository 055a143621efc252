#include "server/router.h"

#include <map>
#include <set>

#include "server/api_error.h"

namespace iotmark::server {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

void Router::Add(std::string method, std::string_view pattern, Handler handler) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::string(pattern);
  for (std::string_view segment : SplitPath(pattern)) route.segments.emplace_back(segment);
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

int Router::Match(const Route& route, const std::vector<std::string_view>& segments,
                  std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return -1;
  int literal_count = 0;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (expected.size() >= 2 && expected.front() == '{' && expected.back() == '}') {
      found[expected.substr(1, expected.size() - 2)] = std::string(segments[i]);
    } else if (expected == segments[i]) {
      ++literal_count;
    } else {
      return -1;
    }
  }
  if (params != nullptr) *params = std::move(found);
  return literal_count;
}

HttpResponse Router::Dispatch(HttpRequest& request) const {
  std::vector<std::string_view> segments = SplitPath(request.path);
  const std::string method = request.method == "HEAD" ? std::string("GET") : request.method;
  const Route* best = nullptr;
  int best_score = -1;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    int score = Match(route, segments, nullptr);
    if (score < 0) continue;
    allowed.insert(route.method);
    if (route.method == method && score > best_score) {
      best = &route;
      best_score = score;
    }
  }
  if (best != nullptr) {
    Match(*best, segments, &request.path_params);
    return best->handler(request);
  }
  if (allowed.empty()) {
    return ErrorResponse(404, "route_not_found",
                         "該当するAPIがありません / no such endpoint: " + request.path);
  }
  std::string allow;
  for (const std::string& name : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += name;
    if (name == "GET") allow += ", HEAD";
  }
  HttpResponse response =
      ErrorResponse(405, "method_not_allowed",
                    "このメソッドは使えません / method " + request.method + " not allowed here");
  response.SetHeader("Allow", allow);
  return response;
}

std::vector<std::string> Router::Describe() const {
  std::vector<std::string> lines;
  for (const Route& route : routes_) lines.push_back(route.method + " " + route.pattern);
  return lines;
}

}  // namespace iotmark::server
