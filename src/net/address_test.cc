#include "net/address.h"

#include <gtest/gtest.h>

namespace iotmark::net {
namespace {

TEST(AddressTest, OnlyLoopbackLiteralsAreLoopback) {
  for (const char* yes : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopbackAddress(yes)) << yes;
  }
  for (const char* no : {"0.0.0.0", "10.0.0.1", "128.0.0.1", "::", "localhost", "", "127.0.0",
                         "::ffff:10.0.0.1", "1.1.1.1"}) {
    EXPECT_FALSE(IsLoopbackAddress(no)) << no;
  }
  EXPECT_TRUE(IsIpLiteral("10.0.0.1"));
  EXPECT_FALSE(IsIpLiteral("example.com"));
}

}  // namespace
}  // namespace iotmark::net
