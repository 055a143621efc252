// LoginThrottleRepository: storage of the login-throttle counters
// (registry/login_throttle.h), so that every server on one store counts the
// same failures and a restart forgets none. See registry/repositories.h for
// the contract every repository keeps.
#ifndef IOTMARK_REGISTRY_LOGIN_THROTTLE_REPOSITORY_H_
#define IOTMARK_REGISTRY_LOGIN_THROTTLE_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace iotmark::registry {

// What a counter is kept for: one account (normalised email) or one client address.
enum class ThrottleScope { kAccount, kAddress };

// Consecutive failures of one key, and until when it is locked.
struct LoginThrottleCounter {
  int failures = 0;
  TimePoint last_failure;
  TimePoint locked_until;
};

class LoginThrottleRepository {
 public:
  virtual ~LoginThrottleRepository() = default;
  // The counter of `key`, or nothing when it has none.
  virtual Result<std::optional<LoginThrottleCounter>> Load(store::Transaction& transaction,
                                                           ThrottleScope scope,
                                                           std::string_view key) = 0;
  // Creates or replaces the counter of `key`.
  virtual Status Save(store::Transaction& transaction, ThrottleScope scope, std::string_view key,
                      const LoginThrottleCounter& counter) = 0;
  // Drops the counter of `key` (none is fine).
  virtual Status Remove(store::Transaction& transaction, ThrottleScope scope,
                        std::string_view key) = 0;
  // Drops every counter whose last failure is before `cutoff`; yields how many.
  virtual Result<std::int64_t> RemoveOlderThan(store::Transaction& transaction,
                                               TimePoint cutoff) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LOGIN_THROTTLE_REPOSITORY_H_
