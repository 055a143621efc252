#include "common/clock.h"

#include <cstdio>

namespace iotmark {

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

std::string FormatIso8601(TimePoint time) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  auto days = std::chrono::floor<std::chrono::days>(seconds);
  std::chrono::year_month_day date(days);
  std::chrono::hh_mm_ss clock_time(seconds - days);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), long(clock_time.hours().count()),
                long(clock_time.minutes().count()), long(clock_time.seconds().count()));
  return buffer;
}

std::string FormatDate(TimePoint time) { return FormatIso8601(time).substr(0, 10); }

namespace {
constexpr int kFirstYear = 1678;
constexpr int kLastYear = 2261;
}  // namespace

std::optional<TimePoint> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  year = std::stoi(std::string(text.substr(0, 4)));
  // TimePoint counts nanoseconds in 64 bits: about 1677-09-21 to 2262-04-11.
  // Converting a day outside that span is a signed overflow (UB), so such a
  // date is no date here; the years kept leave a day of margin for the time
  // of day ParseIso8601 adds.
  if (year < kFirstYear || year > kLastYear) return std::nullopt;
  month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                   std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return TimePoint(std::chrono::sys_days(date));
}

std::optional<TimePoint> ParseIso8601(std::string_view text) {
  auto date = ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return date;
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  for (std::size_t i : {11u, 12u, 14u, 15u, 17u, 18u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int hours = std::stoi(std::string(text.substr(11, 2)));
  int minutes = std::stoi(std::string(text.substr(14, 2)));
  int seconds = std::stoi(std::string(text.substr(17, 2)));
  if (hours > 23 || minutes > 59 || seconds > 60) return std::nullopt;
  return *date + std::chrono::hours(hours) + std::chrono::minutes(minutes) +
         std::chrono::seconds(seconds);
}

}  // namespace iotmark
