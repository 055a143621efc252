#include "registry/login_throttle.h"

#include <gtest/gtest.h>

namespace iotmark::registry {
namespace {

using std::chrono::seconds;

TEST(LoginThrottleTest, LocksAccountAfterFiveFailuresAndGrows) {
  LoginThrottle throttle;
  TimePoint now = *ParseIso8601("2026-04-01T00:00:00Z");
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(throttle.BlockedUntil("a@x", "10.0.0.1", now));
    throttle.RecordFailure("a@x", "10.0.0.1", now);
  }
  EXPECT_FALSE(throttle.BlockedUntil("a@x", "10.0.0.1", now));
  throttle.RecordFailure("a@x", "10.0.0.1", now);                // 5th failure
  auto blocked = throttle.BlockedUntil("a@x", "10.0.0.2", now);  // any address
  ASSERT_TRUE(blocked);
  EXPECT_EQ(*blocked, now + seconds(30));
  EXPECT_FALSE(throttle.BlockedUntil("other@x", "10.0.0.2", now));
  now += seconds(31);
  EXPECT_FALSE(throttle.BlockedUntil("a@x", "10.0.0.1", now));
  throttle.RecordFailure("a@x", "10.0.0.1", now);  // 6th: 60 s
  EXPECT_EQ(*throttle.BlockedUntil("a@x", "10.0.0.1", now), now + seconds(60));
  now += seconds(61);
  throttle.RecordFailure("a@x", "10.0.0.1", now);  // 7th: 120 s
  EXPECT_EQ(*throttle.BlockedUntil("a@x", "10.0.0.1", now), now + seconds(120));
  throttle.RecordSuccess("a@x", "10.0.0.1");
  EXPECT_FALSE(throttle.BlockedUntil("a@x", "10.0.0.9", now));
}

TEST(LoginThrottleTest, LocksAddressGuessingManyAccountsAndCapsLockout) {
  LoginThrottleOptions options;
  options.free_failures_per_address = 3;
  options.max_lockout = seconds(100);
  LoginThrottle throttle(options);
  TimePoint now = *ParseIso8601("2026-04-01T00:00:00Z");
  for (int i = 0; i < 3; ++i) throttle.RecordFailure("user" + std::to_string(i), "10.0.0.7", now);
  EXPECT_TRUE(throttle.BlockedUntil("fresh@x", "10.0.0.7", now));
  EXPECT_FALSE(throttle.BlockedUntil("fresh@x", "10.0.0.8", now));
  // A success on one account does not clear the address.
  throttle.RecordSuccess("user0", "10.0.0.7");
  EXPECT_TRUE(throttle.BlockedUntil("fresh@x", "10.0.0.7", now));
  for (int i = 0; i < 20; ++i) throttle.RecordFailure("userX", "10.0.0.7", now);
  EXPECT_EQ(*throttle.BlockedUntil("fresh@x", "10.0.0.7", now), now + seconds(100));
}

}  // namespace
}  // namespace iotmark::registry
