// Login throttling per account and per client address, so iotmark itself
// meets S1.1-04 (limits on repeated authentication attempts).
//
// Policy (defaults, all configurable through LoginThrottleOptions): after
// `free_failures` consecutive failures for one key (account or address), the
// key is locked for `initial_lockout`, doubling with each further failure up
// to `max_lockout`. A successful login clears the account's counter (not the
// address's). Counters untouched for `forget_after` start again from zero.
//
// Where the counters live: with a LoginThrottleRepository (the registry
// service always has one, persistence::MakeRepositories), in the store —
// every server on one store counts the same failures, a restart forgets
// none, and each failure is counted in one write transaction (the store
// serialises writers, so two servers never lose an increment). Without one,
// in this process's memory (tests of the policy). Thread-safe.
#ifndef IOTMARK_REGISTRY_LOGIN_THROTTLE_H_
#define IOTMARK_REGISTRY_LOGIN_THROTTLE_H_

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "registry/login_throttle_repository.h"
#include "store/store.h"

namespace iotmark::registry {

struct LoginThrottleOptions {
  int free_failures_per_account = 5;
  int free_failures_per_address = 20;
  std::chrono::seconds initial_lockout{30};
  std::chrono::seconds max_lockout{std::chrono::hours(1)};
  // Counters older than this are forgotten.
  std::chrono::seconds forget_after{std::chrono::hours(24)};
};

// The policy: `counter` (none = no failures yet) after one more failure at
// `now`, for a key allowed `free_failures` before it locks.
LoginThrottleCounter CountFailure(const std::optional<LoginThrottleCounter>& counter,
                                  int free_failures, TimePoint now,
                                  const LoginThrottleOptions& options);

class LoginThrottle {
 public:
  // Counters in memory.
  explicit LoginThrottle(LoginThrottleOptions options = {});
  // Counters in `store` through `repository` (in memory when it is null).
  // `store` must outlive the throttle.
  LoginThrottle(LoginThrottleOptions options, store::Store& store,
                std::shared_ptr<LoginThrottleRepository> repository);

  // When a login for (account, address) may not be tried yet, the time it may.
  Result<std::optional<TimePoint>> BlockedUntil(std::string_view account, std::string_view address,
                                                TimePoint now) const;
  Status RecordFailure(std::string_view account, std::string_view address, TimePoint now);
  Status RecordSuccess(std::string_view account, std::string_view address);

  // True when the counters are in the store.
  bool stored() const { return repository_ != nullptr; }

 private:
  using Table = std::map<std::string, LoginThrottleCounter, std::less<>>;
  static void FailInMemory(Table& table, std::string_view key, int free_failures, TimePoint now,
                           const LoginThrottleOptions& options);

  LoginThrottleOptions options_;
  store::Store* store_ = nullptr;
  std::shared_ptr<LoginThrottleRepository> repository_;
  std::atomic<std::int64_t> next_sweep_seconds_{0};  // stored: when to drop forgotten rows
  mutable std::mutex mutex_;                         // in memory: guards the tables
  Table accounts_;
  Table addresses_;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LOGIN_THROTTLE_H_
