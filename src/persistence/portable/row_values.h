// Conversions between domain values and store values shared by the portable
// repositories: times are BIGINT seconds since the Unix epoch (UTC), see
// store/store.h.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_ROW_VALUES_H_
#define IOTMARK_PERSISTENCE_PORTABLE_ROW_VALUES_H_

#include <chrono>
#include <cstdint>
#include <optional>

#include "common/clock.h"
#include "store/store.h"

namespace iotmark::persistence::portable {

inline std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}
inline TimePoint FromSeconds(std::int64_t seconds) {
  return TimePoint(std::chrono::seconds(seconds));
}
inline std::optional<TimePoint> OptionalTime(const store::Row& row, std::size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  return FromSeconds(row.Int(column));
}
inline store::Value OptionalSeconds(const std::optional<TimePoint>& time) {
  if (!time) return std::monostate{};
  return Seconds(*time);
}

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_ROW_VALUES_H_
