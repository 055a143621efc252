#include "crypto/password.h"

#include <gtest/gtest.h>

namespace iotmark::crypto {
namespace {

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterx"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
  // Salted: the same password hashes differently.
  EXPECT_NE(*hash, *HashPassword("correct horse battery"));
}

TEST(PasswordTest, RefusesShortAndHugePasswords) {
  EXPECT_EQ(HashPassword("short").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HashPassword(std::string(kMaximumPasswordLength + 1, 'a')).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace iotmark::crypto
