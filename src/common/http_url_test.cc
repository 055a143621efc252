#include "common/http_url.h"

#include <gtest/gtest.h>

#include <string>

namespace iotmark {
namespace {

TEST(HttpUrlTest, AcceptsHttpAndHttpsWithAHost) {
  EXPECT_TRUE(IsHttpUrl("https://example.jp/security"));
  EXPECT_TRUE(IsHttpUrl("http://127.0.0.1:8080/p?x=1#y"));
  EXPECT_TRUE(IsHttpUrl("https://例え.jp/ポリシー"));
}

// Issue 11: policy, advisory and support URLs are http(s) only.
TEST(HttpUrlTest, RefusesOtherSchemesAndHostileText) {
  for (std::string url : {"javascript:alert(6)", "JAVASCRIPT:alert(6)", "data:text/html,x",
                          "ftp://example.jp/", "https://", "https:///path", "https://:80/",
                          "https://example.jp/a b", "https://example.jp/\"><script>",
                          "https://example.jp/\n", "//example.jp/", "https://example.jp/\xff",
                          "vbscript:x", " https://example.jp/"}) {
    EXPECT_FALSE(IsHttpUrl(url)) << url;
  }
  EXPECT_FALSE(IsHttpUrl("https://example.jp/" + std::string(kMaxHttpUrlBytes, 'a')));
}

}  // namespace
}  // namespace iotmark
