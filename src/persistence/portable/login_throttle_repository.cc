#include "persistence/portable/login_throttle_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::LoginThrottleCounter;
using registry::ThrottleScope;

namespace {

store::Value ScopeValue(ThrottleScope scope) {
  return std::string(scope == ThrottleScope::kAccount ? "account" : "address");
}

}  // namespace

Result<std::optional<LoginThrottleCounter>> PortableLoginThrottleRepository::Load(
    store::Transaction& transaction, ThrottleScope scope, std::string_view key) {
  auto row = transaction.QueryOne(
      "SELECT failures, last_failure_at, locked_until FROM login_throttle "
      "WHERE scope = ? AND throttle_key = ?",
      {ScopeValue(scope), std::string(key)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<LoginThrottleCounter>();
  const store::Row& r = **row;
  LoginThrottleCounter counter;
  counter.failures = static_cast<int>(r.Int(0));
  counter.last_failure = FromSeconds(r.Int(1));
  counter.locked_until = FromSeconds(r.Int(2));
  return std::optional<LoginThrottleCounter>(counter);
}

Status PortableLoginThrottleRepository::Save(store::Transaction& transaction, ThrottleScope scope,
                                             std::string_view key,
                                             const LoginThrottleCounter& counter) {
  return transaction
      .Execute(
          "INSERT INTO login_throttle (scope, throttle_key, failures, last_failure_at, "
          "locked_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, throttle_key) DO UPDATE SET "
          "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
          "locked_until = excluded.locked_until",
          {ScopeValue(scope), std::string(key), std::int64_t{counter.failures},
           Seconds(counter.last_failure), Seconds(counter.locked_until)})
      .status();
}

Status PortableLoginThrottleRepository::Remove(store::Transaction& transaction, ThrottleScope scope,
                                               std::string_view key) {
  return transaction
      .Execute("DELETE FROM login_throttle WHERE scope = ? AND throttle_key = ?",
               {ScopeValue(scope), std::string(key)})
      .status();
}

Result<std::int64_t> PortableLoginThrottleRepository::RemoveOlderThan(
    store::Transaction& transaction, TimePoint cutoff) {
  return transaction.Execute("DELETE FROM login_throttle WHERE last_failure_at < ?",
                             {Seconds(cutoff)});
}

}  // namespace iotmark::persistence::portable
