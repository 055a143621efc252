#include "crypto/random.h"

#include <gtest/gtest.h>

#include <set>

namespace iotmark::crypto {
namespace {

TEST(RandomTest, TokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64 without padding
    EXPECT_EQ(token.find_first_of("+/="), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(RandomTest, Base64AndHexRoundTrip) {
  std::string raw("\x00\x01\xfe\xff ラベル", 12);
  EXPECT_EQ(*Base64Decode(Base64Encode(raw)), raw);
  EXPECT_EQ(*HexDecode(HexEncode(raw)), raw);
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
  EXPECT_FALSE(Base64Decode("***").has_value());
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_FALSE(HexDecode("zz").has_value());
}

}  // namespace
}  // namespace iotmark::crypto
