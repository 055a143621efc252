// Cryptographically secure random values (libsodium randombytes) and the
// base64 helpers the crypto component shares.
#ifndef IOTMARK_CRYPTO_RANDOM_H_
#define IOTMARK_CRYPTO_RANDOM_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace iotmark::crypto {

// Makes sure libsodium is initialised (idempotent, thread-safe). Every
// function of this component calls it; returns false only if the library
// cannot start (then nothing here is usable).
bool EnsureSodium();

// `bytes` random bytes as URL-safe base64 without padding (a session token
// with bytes = 32 has 256 bits of entropy).
std::string RandomToken(std::size_t bytes = 32);
std::string RandomBytes(std::size_t bytes);

std::string Base64Encode(std::string_view raw);
std::optional<std::string> Base64Decode(std::string_view text);
std::string HexEncode(std::string_view raw);
std::optional<std::string> HexDecode(std::string_view text);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_RANDOM_H_
