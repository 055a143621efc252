#include "checklist/date.h"

#include <gtest/gtest.h>

namespace iotmark::checklist {
namespace {

TEST(DateTest, AcceptsRealDates) {
  EXPECT_TRUE(IsValidDate("2026-03-31"));
  EXPECT_TRUE(IsValidDate("2028-02-29"));
  EXPECT_TRUE(IsValidDate("2000-02-29"));
}

TEST(DateTest, RefusesImpossibleOrMisformattedDates) {
  for (const char* bad :
       {"2025-02-29", "1900-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-01-00",
        "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00", "", "abcd-ef-gh", "1899-12-31"}) {
    EXPECT_FALSE(IsValidDate(bad)) << bad;
  }
}

}  // namespace
}  // namespace iotmark::checklist
