#include "registry/login_throttle.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace iotmark::registry {
namespace {

using std::chrono::seconds;

// The in-memory throttle never fails; these unwrap its answers.
std::optional<TimePoint> Blocked(const LoginThrottle& throttle, std::string_view account,
                                 std::string_view address, TimePoint now) {
  auto blocked = throttle.BlockedUntil(account, address, now);
  EXPECT_TRUE(blocked.ok()) << blocked.status().ToString();
  return blocked.ok() ? *blocked : std::nullopt;
}
void Fail(LoginThrottle& throttle, std::string_view account, std::string_view address,
          TimePoint now) {
  EXPECT_TRUE(throttle.RecordFailure(account, address, now).ok());
}
void Succeed(LoginThrottle& throttle, std::string_view account, std::string_view address) {
  EXPECT_TRUE(throttle.RecordSuccess(account, address).ok());
}

TEST(LoginThrottleTest, CountFailureForgetsOldCountersAndCapsTheLockout) {
  LoginThrottleOptions options;
  options.max_lockout = seconds(100);
  const TimePoint now = *ParseIso8601("2026-04-01T00:00:00Z");
  LoginThrottleCounter counter = CountFailure(std::nullopt, 2, now, options);
  EXPECT_EQ(counter.failures, 1);
  EXPECT_LE(counter.locked_until, now);
  counter = CountFailure(counter, 2, now, options);
  EXPECT_EQ(counter.locked_until, now + seconds(30));
  for (int i = 0; i < 10; ++i) counter = CountFailure(counter, 2, now, options);
  EXPECT_EQ(counter.locked_until, now + seconds(100));
  const TimePoint later = now + options.forget_after + seconds(1);
  counter = CountFailure(counter, 2, later, options);
  EXPECT_EQ(counter.failures, 1);
}

TEST(LoginThrottleTest, LocksAccountAfterFiveFailuresAndGrows) {
  LoginThrottle throttle;
  TimePoint now = *ParseIso8601("2026-04-01T00:00:00Z");
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(Blocked(throttle, "a@x", "10.0.0.1", now));
    Fail(throttle, "a@x", "10.0.0.1", now);
  }
  EXPECT_FALSE(Blocked(throttle, "a@x", "10.0.0.1", now));
  Fail(throttle, "a@x", "10.0.0.1", now);                    // 5th failure
  auto blocked = Blocked(throttle, "a@x", "10.0.0.2", now);  // any address
  ASSERT_TRUE(blocked);
  EXPECT_EQ(*blocked, now + seconds(30));
  EXPECT_FALSE(Blocked(throttle, "other@x", "10.0.0.2", now));
  now += seconds(31);
  EXPECT_FALSE(Blocked(throttle, "a@x", "10.0.0.1", now));
  Fail(throttle, "a@x", "10.0.0.1", now);  // 6th: 60 s
  EXPECT_EQ(*Blocked(throttle, "a@x", "10.0.0.1", now), now + seconds(60));
  now += seconds(61);
  Fail(throttle, "a@x", "10.0.0.1", now);  // 7th: 120 s
  EXPECT_EQ(*Blocked(throttle, "a@x", "10.0.0.1", now), now + seconds(120));
  Succeed(throttle, "a@x", "10.0.0.1");
  EXPECT_FALSE(Blocked(throttle, "a@x", "10.0.0.9", now));
}

TEST(LoginThrottleTest, LocksAddressGuessingManyAccountsAndCapsLockout) {
  LoginThrottleOptions options;
  options.free_failures_per_address = 3;
  options.max_lockout = seconds(100);
  LoginThrottle throttle(options);
  TimePoint now = *ParseIso8601("2026-04-01T00:00:00Z");
  for (int i = 0; i < 3; ++i) Fail(throttle, "user" + std::to_string(i), "10.0.0.7", now);
  EXPECT_TRUE(Blocked(throttle, "fresh@x", "10.0.0.7", now));
  EXPECT_FALSE(Blocked(throttle, "fresh@x", "10.0.0.8", now));
  // A success on one account does not clear the address.
  Succeed(throttle, "user0", "10.0.0.7");
  EXPECT_TRUE(Blocked(throttle, "fresh@x", "10.0.0.7", now));
  for (int i = 0; i < 20; ++i) Fail(throttle, "userX", "10.0.0.7", now);
  EXPECT_EQ(*Blocked(throttle, "fresh@x", "10.0.0.7", now), now + seconds(100));
}

}  // namespace
}  // namespace iotmark::registry
