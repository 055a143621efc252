#include "common/clock.h"

#include <gtest/gtest.h>

namespace iotmark {
namespace {

TEST(ClockTest, ParsesAndFormatsDates) {
  auto date = ParseDate("2026-11-23");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(FormatIso8601(*date), "2026-11-23T00:00:00Z");
  EXPECT_FALSE(ParseDate("2026-02-30").has_value());
  EXPECT_FALSE(ParseDate("2026-1-01").has_value());
  EXPECT_FALSE(ParseDate("abcd-ef-gh").has_value());
  // Outside what a 64-bit nanosecond TimePoint holds (1677..2262): no date,
  // not an overflowed one (found by fuzz/scheme_pack_fuzz, UBSan in chrono.h).
  EXPECT_FALSE(ParseDate("9999-12-31").has_value());
  EXPECT_FALSE(ParseDate("2263-01-01").has_value());
  EXPECT_FALSE(ParseDate("0000-01-01").has_value());
  EXPECT_FALSE(ParseDate("1677-01-01").has_value());
  EXPECT_FALSE(ParseIso8601("9999-12-31T23:59:59Z").has_value());
  ASSERT_TRUE(ParseDate("2261-12-31").has_value());
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2261-12-31T23:59:59Z")), "2261-12-31T23:59:59Z");
  EXPECT_EQ(FormatDate(*ParseDate("1678-01-01")), "1678-01-01");
  auto time = ParseIso8601("2024-02-29T23:59:58Z");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(FormatIso8601(*time), "2024-02-29T23:59:58Z");
  EXPECT_FALSE(ParseIso8601("2024-02-29T24:00:00Z").has_value());
}

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(*ParseDate("2026-01-01"));
  auto before = clock.Now();
  EXPECT_EQ(clock.Now(), before);
  clock.Advance(std::chrono::hours(24 * 731));
  EXPECT_EQ(FormatDate(clock.Now()), "2028-01-02");
}

}  // namespace
}  // namespace iotmark
