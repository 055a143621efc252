// HMAC-SHA-256 (libsodium's crypto_auth_hmacsha256): the signature webhook
// deliveries carry so a receiver can tell they came from this registry.
// Pure functions, thread-safe.
#ifndef IOTMARK_CRYPTO_HMAC_H_
#define IOTMARK_CRYPTO_HMAC_H_

#include <string>
#include <string_view>

namespace iotmark::crypto {

// Lower-case hex of HMAC-SHA-256(key, message); any key length.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_HMAC_H_
