#include "registry/registration_number.h"

#include <gtest/gtest.h>

namespace iotmark::registry {
namespace {

TEST(RegistrationNumberTest, DammCheckDigitKnownValues) {
  // Worked example of the Damm algorithm: 572 → check digit 4.
  EXPECT_EQ(DammCheckDigit("572"), 4);
  EXPECT_EQ(DammCheckDigit("5724"), 0);  // a number with its digit checks to 0
  EXPECT_EQ(DammCheckDigit(""), 0);
}

TEST(RegistrationNumberTest, FormatsAndParsesRoundTrip) {
  auto text = FormatRegistrationNumber({1, 2026, 123});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->substr(0, 16), "JCS1-2026-000123");
  EXPECT_EQ((*text)[17] - '0', DammCheckDigit("12026000123"));
  auto parsed = ParseRegistrationNumber(*text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->stars, 1);
  EXPECT_EQ(parsed->year, 2026);
  EXPECT_EQ(parsed->sequence, 123);
}

TEST(RegistrationNumberTest, DetectsEverySingleDigitErrorAndAdjacentTransposition) {
  for (int sequence : {1, 42, 123, 98765, 999999}) {
    std::string good = *FormatRegistrationNumber({2, 2027, sequence});
    ASSERT_TRUE(ParseRegistrationNumber(good).ok());
    for (std::size_t i = 0; i < good.size(); ++i) {
      if (good[i] < '0' || good[i] > '9') continue;
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == good[i]) continue;
        std::string bad = good;
        bad[i] = digit;
        EXPECT_FALSE(ParseRegistrationNumber(bad).ok()) << bad;
      }
      if (i + 1 < good.size() && good[i + 1] >= '0' && good[i + 1] <= '9' &&
          good[i] != good[i + 1]) {
        std::string swapped = good;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_FALSE(ParseRegistrationNumber(swapped).ok()) << swapped;
      }
    }
  }
}

TEST(RegistrationNumberTest, RejectsMalformedText) {
  for (const char* bad :
       {"", "JCS1-2026-000123", "JCX1-2026-000123-4", "JCS5-2026-000123-4", "JCS1-20a6-000123-4",
        "JCS1-2026-000000-0", "JCS1_2026-000123-4", "JCS1-2026-000123-44"}) {
    auto parsed = ParseRegistrationNumber(bad);
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(FormatRegistrationNumber({0, 2026, 1}).ok());
  EXPECT_FALSE(FormatRegistrationNumber({1, 2026, 1000000}).ok());
}

}  // namespace
}  // namespace iotmark::registry
