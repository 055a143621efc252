// Per-account and per-address login throttling (S1.1-04).
#include "registry/login_throttle.h"

#include <algorithm>

namespace iotmark::registry {
namespace {

std::optional<TimePoint> Locked(const std::optional<LoginThrottleCounter>& counter, TimePoint now) {
  if (!counter || counter->locked_until <= now) return std::nullopt;
  return counter->locked_until;
}

std::optional<TimePoint> Later(std::optional<TimePoint> a, std::optional<TimePoint> b) {
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

std::int64_t SecondsOf(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

LoginThrottleCounter CountFailure(const std::optional<LoginThrottleCounter>& current,
                                  int free_failures, TimePoint now,
                                  const LoginThrottleOptions& options) {
  LoginThrottleCounter counter = current.value_or(LoginThrottleCounter{});
  if (counter.failures > 0 && now - counter.last_failure > options.forget_after) {
    counter = LoginThrottleCounter{};
  }
  ++counter.failures;
  counter.last_failure = now;
  const int over = counter.failures - free_failures;
  if (over >= 0) {
    // initial_lockout × 2^over, capped.
    auto lockout = options.initial_lockout;
    for (int i = 0; i < over && lockout < options.max_lockout; ++i) lockout *= 2;
    lockout = std::min(lockout, options.max_lockout);
    counter.locked_until = now + lockout;
  }
  return counter;
}

LoginThrottle::LoginThrottle(LoginThrottleOptions options) : options_(options) {}

LoginThrottle::LoginThrottle(LoginThrottleOptions options, store::Store& store,
                             std::shared_ptr<LoginThrottleRepository> repository)
    : options_(options), store_(&store), repository_(std::move(repository)) {}

Result<std::optional<TimePoint>> LoginThrottle::BlockedUntil(std::string_view account,
                                                             std::string_view address,
                                                             TimePoint now) const {
  if (!repository_) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto find = [](const Table& table, std::string_view key) {
      auto found = table.find(key);
      return found == table.end() ? std::optional<LoginThrottleCounter>() : found->second;
    };
    return Later(Locked(find(accounts_, account), now), Locked(find(addresses_, address), now));
  }
  std::optional<TimePoint> blocked;
  Status status = store_->RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto by_account = repository_->Load(transaction, ThrottleScope::kAccount, account);
    if (!by_account.ok()) return by_account.status();
    auto by_address = repository_->Load(transaction, ThrottleScope::kAddress, address);
    if (!by_address.ok()) return by_address.status();
    blocked = Later(Locked(*by_account, now), Locked(*by_address, now));
    return Status::Ok();
  });
  if (!status.ok()) return status.WithPrefix("login throttle");
  return blocked;
}

void LoginThrottle::FailInMemory(Table& table, std::string_view key, int free_failures,
                                 TimePoint now, const LoginThrottleOptions& options) {
  auto found = table.find(key);
  std::optional<LoginThrottleCounter> current;
  if (found != table.end()) current = found->second;
  table[std::string(key)] = CountFailure(current, free_failures, now, options);
  // Keep memory bounded: drop forgotten counters now and then.
  if (table.size() > 100000) {
    for (auto it = table.begin(); it != table.end();) {
      it = now - it->second.last_failure > options.forget_after ? table.erase(it) : std::next(it);
    }
  }
}

Status LoginThrottle::RecordFailure(std::string_view account, std::string_view address,
                                    TimePoint now) {
  if (!repository_) {
    std::lock_guard<std::mutex> lock(mutex_);
    FailInMemory(accounts_, account, options_.free_failures_per_account, now, options_);
    FailInMemory(addresses_, address, options_.free_failures_per_address, now, options_);
    return Status::Ok();
  }
  // Forgotten rows go once an hour per process, in the same transaction.
  const std::int64_t now_seconds = SecondsOf(now);
  std::int64_t due = next_sweep_seconds_.load();
  const bool sweep =
      now_seconds >= due && next_sweep_seconds_.compare_exchange_strong(due, now_seconds + 3600);
  Status status = store_->RunInTransaction([&](store::Transaction& transaction) -> Status {
    for (auto [scope, key, free_failures] :
         {std::tuple{ThrottleScope::kAccount, account, options_.free_failures_per_account},
          std::tuple{ThrottleScope::kAddress, address, options_.free_failures_per_address}}) {
      auto current = repository_->Load(transaction, scope, key);
      if (!current.ok()) return current.status();
      IOTMARK_RETURN_IF_ERROR(repository_->Save(
          transaction, scope, key, CountFailure(*current, free_failures, now, options_)));
    }
    if (sweep) {
      auto removed = repository_->RemoveOlderThan(transaction, now - options_.forget_after);
      if (!removed.ok()) return removed.status();
    }
    return Status::Ok();
  });
  return status.WithPrefix("login throttle");
}

Status LoginThrottle::RecordSuccess(std::string_view account, std::string_view address) {
  // Only the account is cleared: one valid account must not reset the
  // counter of an address that is guessing other accounts' passwords.
  if (!repository_) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = accounts_.find(account);
    if (found != accounts_.end()) accounts_.erase(found);
    return Status::Ok();
  }
  // Most logins have no counter to clear: a read, not a write (a write
  // transaction would also wake every server's change watcher).
  bool counted = false;
  IOTMARK_RETURN_IF_ERROR(store_
                              ->RunReadOnly([&](store::Transaction& transaction) -> Status {
                                auto current = repository_->Load(transaction,
                                                                 ThrottleScope::kAccount, account);
                                if (!current.ok()) return current.status();
                                counted = current->has_value();
                                return Status::Ok();
                              })
                              .WithPrefix("login throttle"));
  if (!counted) return Status::Ok();
  return store_
      ->RunInTransaction([&](store::Transaction& transaction) {
        return repository_->Remove(transaction, ThrottleScope::kAccount, account);
      })
      .WithPrefix("login throttle");
}

}  // namespace iotmark::registry
