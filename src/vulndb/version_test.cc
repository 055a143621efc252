#include "vulndb/version.h"

#include <gtest/gtest.h>

namespace iotmark::vulndb {
namespace {

TEST(CompareVersionsTest, DottedNumbersCompareByValue) {
  EXPECT_LT(CompareVersions("2.3.4", "2.3.10"), 0);
  EXPECT_GT(CompareVersions("10.0", "9.9.9"), 0);
  EXPECT_EQ(CompareVersions("2.3.4", "2.3.04"), 0);
  EXPECT_LT(CompareVersions("1.0", "1.0.1"), 0);
  EXPECT_EQ(CompareVersions("2020.81", "2020.81"), 0);
}

TEST(CompareVersionsTest, SuffixesRankSensibly) {
  EXPECT_LT(CompareVersions("1.0rc1", "1.0"), 0);
  EXPECT_LT(CompareVersions("1.0-beta2", "1.0"), 0);
  EXPECT_LT(CompareVersions("1.0rc1", "1.0rc2"), 0);
  EXPECT_LT(CompareVersions("7.4", "7.4p1"), 0);
  EXPECT_LT(CompareVersions("1.0.2", "1.0.2k"), 0);
  EXPECT_LT(CompareVersions("1.0.2j", "1.0.2k"), 0);
  EXPECT_GT(CompareVersions("1.0.1", "1.0rc1"), 0);
  EXPECT_EQ(CompareVersions("1.0.2K", "1.0.2k"), 0);
}

}  // namespace
}  // namespace iotmark::vulndb
