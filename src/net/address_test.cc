#include "net/address.h"

#include <gtest/gtest.h>

namespace iotmark::net {
namespace {

TEST(AddressTest, OnlyLoopbackLiteralsAreLoopback) {
  for (const char* yes : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopbackAddress(yes)) << yes;
  }
  for (const char* no : {"0.0.0.0", "10.0.0.1", "128.0.0.1", "::", "localhost", "", "127.0.0",
                         "::ffff:10.0.0.1", "1.1.1.1", "::1%lo"}) {
    EXPECT_FALSE(IsLoopbackAddress(no)) << no;
  }
  EXPECT_TRUE(IsIpLiteral("10.0.0.1"));
  EXPECT_FALSE(IsIpLiteral("example.com"));
}

TEST(AddressTest, LinkLocalWithZoneIsALiteral) {
  EXPECT_TRUE(IsIpLiteral("fe80::1%eth0"));
  EXPECT_TRUE(IsIpv6Literal("fe80::1a2b:3cff:fe4d:5e6f%enp0s31f6"));
  EXPECT_FALSE(IsIpLiteral("fe80::1%"));
  EXPECT_FALSE(IsIpLiteral("fe80::1%eth 0"));
  EXPECT_FALSE(IsIpLiteral("[::1]"));
  EXPECT_FALSE(IsIpv6Literal("192.168.1.2"));
}

TEST(AddressTest, GloballyRoutableFollowsTheSpecialPurposeRegistries) {
  for (const char* global : {"8.8.8.8", "1.1.1.1", "133.242.0.1", "100.128.0.1", "172.32.0.1",
                             "2400:cb00::1", "2a00:1450:4001::1", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(IsGloballyRoutable(global)) << global;
  }
  for (const char* local : {"127.0.0.1",          "10.1.2.3",     "172.16.0.1",    "172.31.255.255",
                            "192.168.1.20",       "169.254.3.4",  "100.64.0.1",    "192.0.2.10",
                            "198.51.100.7",       "203.0.113.9",  "198.18.0.1",    "224.0.0.251",
                            "255.255.255.255",    "0.0.0.0",      "::1",           "::",
                            "fe80::1%eth0",       "fd12:3456::1", "ff02::1",       "2001:db8::1",
                            "::ffff:192.168.0.1", "router.local", "not an address"}) {
    EXPECT_FALSE(IsGloballyRoutable(local)) << local;
  }
}

TEST(AddressTest, HostSyntaxAcceptsLiteralsAndNamesOnly) {
  for (const char* good : {"192.168.1.20", "fe80::1%eth0", "::1", "camera-01.lab.example",
                           "localhost", "device.", "a1"}) {
    EXPECT_EQ(HostSyntaxError(good), "") << good;
  }
  for (const char* bad : {"", "[::1]", "http://x", "a..b", "-a.b", "a_b", "999.1.1.1", "1.2.3",
                          "fe80::1%", "host name"}) {
    EXPECT_NE(HostSyntaxError(bad), "") << bad;
  }
}

}  // namespace
}  // namespace iotmark::net
