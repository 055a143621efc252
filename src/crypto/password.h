// Password hashing with Argon2id (libsodium crypto_pwhash_str), using the
// "interactive" limits (64 MiB, 2 passes) so a login costs tens of
// milliseconds. The encoded hash string carries its own salt and parameters.
#ifndef IOTMARK_CRYPTO_PASSWORD_H_
#define IOTMARK_CRYPTO_PASSWORD_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::crypto {

// Passwords shorter than this are refused by HashPassword.
inline constexpr std::size_t kMinimumPasswordLength = 10;
inline constexpr std::size_t kMaximumPasswordLength = 1024;

// "$argon2id$v=19$m=65536,t=2,p=1$…". Refuses too short / too long passwords.
Result<std::string> HashPassword(std::string_view password);
// Constant-time comparison inside libsodium; false for a malformed hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);
// True when the hash was made with weaker limits than today's and should be redone.
bool PasswordNeedsRehash(std::string_view encoded_hash);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_PASSWORD_H_
