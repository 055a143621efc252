// Per-account and per-address login throttling (S1.1-04).
#include "registry/login_throttle.h"

#include <algorithm>

namespace iotmark::registry {

std::optional<TimePoint> LoginThrottle::Locked(
    const std::map<std::string, Counter, std::less<>>& table, std::string_view key,
    TimePoint now) const {
  auto found = table.find(key);
  if (found == table.end() || found->second.locked_until <= now) return std::nullopt;
  return found->second.locked_until;
}

std::optional<TimePoint> LoginThrottle::BlockedUntil(std::string_view account,
                                                     std::string_view address,
                                                     TimePoint now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<TimePoint> by_account = Locked(accounts_, account, now);
  std::optional<TimePoint> by_address = Locked(addresses_, address, now);
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

void LoginThrottle::Fail(std::map<std::string, Counter, std::less<>>& table, std::string_view key,
                         int free_failures, TimePoint now) {
  auto found = table.find(key);
  if (found == table.end()) found = table.emplace(std::string(key), Counter{}).first;
  Counter& counter = found->second;
  if (counter.failures > 0 && now - counter.last_failure > options_.forget_after) {
    counter = Counter{};
  }
  ++counter.failures;
  counter.last_failure = now;
  int over = counter.failures - free_failures;
  if (over >= 0) {
    // initial_lockout × 2^over, capped.
    auto lockout = options_.initial_lockout;
    for (int i = 0; i < over && lockout < options_.max_lockout; ++i) lockout *= 2;
    lockout = std::min(lockout, options_.max_lockout);
    counter.locked_until = now + lockout;
  }
  // Keep memory bounded: drop forgotten counters now and then.
  if (table.size() > 100000) {
    for (auto it = table.begin(); it != table.end();) {
      it = now - it->second.last_failure > options_.forget_after ? table.erase(it) : std::next(it);
    }
  }
}

void LoginThrottle::RecordFailure(std::string_view account, std::string_view address,
                                  TimePoint now) {
  std::lock_guard<std::mutex> lock(mutex_);
  Fail(accounts_, account, options_.free_failures_per_account, now);
  Fail(addresses_, address, options_.free_failures_per_address, now);
}

void LoginThrottle::RecordSuccess(std::string_view account, std::string_view address) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Only the account is cleared: one valid account must not reset the
  // counter of an address that is guessing other accounts' passwords.
  auto found = accounts_.find(account);
  if (found != accounts_.end()) accounts_.erase(found);
}

}  // namespace iotmark::registry
