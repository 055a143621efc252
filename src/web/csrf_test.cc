#include "web/csrf.h"

#include <gtest/gtest.h>

namespace iotmark::web {
namespace {

const std::string kSecret(32, 'k');

TEST(CsrfGuard, AcceptsOnlyTheTokenOfTheSameBinding) {
  CsrfGuard guard(kSecret);
  const std::string token = guard.TokenFor("session|abc");
  EXPECT_EQ(token.size(), 64u);
  EXPECT_TRUE(guard.Verify("session|abc", token));
  EXPECT_FALSE(guard.Verify("session|abd", token));
  EXPECT_FALSE(guard.Verify("session|abc", ""));
  EXPECT_FALSE(guard.Verify("", token));
  std::string tampered = token;
  tampered[10] = tampered[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(guard.Verify("session|abc", tampered));
  EXPECT_FALSE(guard.Verify("session|abc", token.substr(0, 63)));
}

TEST(CsrfGuard, AnotherSecretGivesAnotherToken) {
  CsrfGuard first(kSecret);
  CsrfGuard second(std::string(32, 'j'));
  EXPECT_NE(first.TokenFor("x"), second.TokenFor("x"));
  EXPECT_FALSE(second.Verify("x", first.TokenFor("x")));
}

}  // namespace
}  // namespace iotmark::web
