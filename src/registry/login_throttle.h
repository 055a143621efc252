// Login throttling per account and per client address, so iotmark itself
// meets S1.1-04 (limits on repeated authentication attempts).
//
// Policy (defaults, all configurable through LoginThrottleOptions): after
// `free_failures` consecutive failures for one key (account or address), the
// key is locked for `initial_lockout`, doubling with each further failure up
// to `max_lockout`. A successful login clears the account's counter (not the
// address's). State is kept in memory (per process; a restart forgets it,
// which is documented in docs/registry.md). Thread-safe.
#ifndef IOTMARK_REGISTRY_LOGIN_THROTTLE_H_
#define IOTMARK_REGISTRY_LOGIN_THROTTLE_H_

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace iotmark::registry {

struct LoginThrottleOptions {
  int free_failures_per_account = 5;
  int free_failures_per_address = 20;
  std::chrono::seconds initial_lockout{30};
  std::chrono::seconds max_lockout{std::chrono::hours(1)};
  // Counters older than this are forgotten.
  std::chrono::seconds forget_after{std::chrono::hours(24)};
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = {}) : options_(options) {}

  // When a login for (account, address) may not be tried yet, the time it may.
  std::optional<TimePoint> BlockedUntil(std::string_view account, std::string_view address,
                                        TimePoint now) const;
  void RecordFailure(std::string_view account, std::string_view address, TimePoint now);
  void RecordSuccess(std::string_view account, std::string_view address);

 private:
  struct Counter {
    int failures = 0;
    TimePoint last_failure;
    TimePoint locked_until;
  };
  void Fail(std::map<std::string, Counter, std::less<>>& table, std::string_view key,
            int free_failures, TimePoint now);
  std::optional<TimePoint> Locked(const std::map<std::string, Counter, std::less<>>& table,
                                  std::string_view key, TimePoint now) const;

  LoginThrottleOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, Counter, std::less<>> accounts_;
  std::map<std::string, Counter, std::less<>> addresses_;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LOGIN_THROTTLE_H_
