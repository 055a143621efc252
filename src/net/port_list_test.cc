#include "net/port_list.h"

#include <gtest/gtest.h>

namespace iotmark::net {
namespace {

TEST(PortListTest, ParsesRangesSortsAndDeduplicates) {
  Result<std::vector<std::uint16_t>> ports = ParsePortList("8080, 20-22,21,1");
  ASSERT_TRUE(ports.ok()) << ports.status().ToString();
  EXPECT_EQ(*ports, (std::vector<std::uint16_t>{1, 20, 21, 22, 8080}));
  Result<std::vector<std::uint16_t>> all = ParsePortList("1-65535");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 65535u);
  EXPECT_TRUE(ParsePortList("")->empty());
}

TEST(PortListTest, NamesTheBadItem) {
  for (const char* bad : {"0", "65536", "10-5", "a", "1,,2", "1-", "-3", "80x"}) {
    Result<std::vector<std::uint16_t>> ports = ParsePortList(bad);
    ASSERT_FALSE(ports.ok()) << bad;
    EXPECT_NE(ports.status().message().find("bad item"), std::string::npos);
  }
}

TEST(PortListTest, RangesAreTheInverseOfParsing) {
  EXPECT_EQ(PortRanges({}), std::vector<std::string>{});
  EXPECT_EQ(PortRanges({1, 2, 3, 80, 8080, 8081}),
            (std::vector<std::string>{"1-3", "80", "8080-8081"}));
  auto all = ParsePortList("1-65535");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(PortRanges(*all), std::vector<std::string>{"1-65535"});
  EXPECT_EQ(PortRangesText({53, 67, 68, 69}), "53, 67-69");
}

}  // namespace
}  // namespace iotmark::net
