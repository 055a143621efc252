#include "server/response_policy.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "common/sha256.h"

namespace iotmark::server {

namespace {

constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool EtagListMatches(std::string_view list, std::string_view etag) {
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

void AddSecurityHeaders(HttpResponse& response) {
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("Referrer-Policy", "no-referrer");
  response.SetHeader("Cross-Origin-Resource-Policy", "same-origin");
  if (!response.Header("Content-Security-Policy")) {
    response.SetHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  if (!response.Header("Cache-Control")) response.SetHeader("Cache-Control", "no-store");
}

void MakeCacheable(HttpResponse& response, std::optional<TimePoint> last_modified,
                   int max_age_seconds) {
  response.SetHeader("ETag", "\"" + Sha256Hex(response.body).substr(0, 32) + "\"");
  response.SetHeader("Cache-Control", "public, max-age=" + std::to_string(max_age_seconds));
  if (last_modified) response.SetHeader("Last-Modified", FormatHttpDate(*last_modified));
}

void ApplyConditionalGet(const HttpRequest& request, HttpResponse& response) {
  if (response.status != 200) return;
  if (request.method != "GET" && request.method != "HEAD") return;
  if (!response.Header("ETag")) {
    // Private answers get a validator too (scripts poll with If-None-Match);
    // they stay Cache-Control: no-store.
    response.SetHeader("ETag", "\"" + Sha256Hex(response.body).substr(0, 32) + "\"");
  }
  auto etag = response.Header("ETag");
  bool not_modified = false;
  if (auto if_none_match = request.Header("if-none-match")) {
    not_modified = etag && EtagListMatches(*if_none_match, *etag);
  } else if (auto if_modified_since = request.Header("if-modified-since")) {
    auto last_modified_text = response.Header("Last-Modified");
    auto since = ParseHttpDate(*if_modified_since);
    auto last_modified =
        last_modified_text ? ParseHttpDate(*last_modified_text) : std::optional<TimePoint>();
    not_modified = since && last_modified && *last_modified <= *since;
  }
  if (!not_modified) return;
  response.status = 304;
  response.body.clear();
}

std::string FormatHttpDate(TimePoint time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kWeekdays[parts.tm_wday % 7], parts.tm_mday, kMonths[parts.tm_mon % 12],
                parts.tm_year + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec);
  return buffer;
}

std::optional<TimePoint> ParseHttpDate(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (text.size() != 29 || text.substr(25) != " GMT") return std::nullopt;
  std::string copy(text);
  char weekday[4] = {};
  char month[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(copy.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d GMT", weekday, &day, month, &year,
                  &hour, &minute, &second) != 7) {
    return std::nullopt;
  }
  int month_index = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::string_view(kMonths[i]) == month) month_index = i;
  }
  if (month_index < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month_index;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

}  // namespace iotmark::server
