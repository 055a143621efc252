// The clock every component asks for the time, so tests can move time
// forward (label expiry, surveillance deadlines) without waiting.
// Implementations are thread-safe.
#ifndef IOTMARK_COMMON_CLOCK_H_
#define IOTMARK_COMMON_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iotmark {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// Wall-clock time.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  static SystemClock& Instance();
};

// A clock that only moves when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void Advance(std::chrono::system_clock::duration by) { now_ += by.count(); }
  void Set(TimePoint at) { now_ = at.time_since_epoch().count(); }

 private:
  std::atomic<TimePoint::duration::rep> now_;
};

// "2026-11-23T10:00:00Z" (UTC, seconds precision).
std::string FormatIso8601(TimePoint time);
// "2026-11-23" (UTC).
std::string FormatDate(TimePoint time);
// Parses "YYYY-MM-DD" (a real calendar date) to midnight UTC.
std::optional<TimePoint> ParseDate(std::string_view text);
// Parses "YYYY-MM-DDTHH:MM:SSZ" or a date alone.
std::optional<TimePoint> ParseIso8601(std::string_view text);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_CLOCK_H_
