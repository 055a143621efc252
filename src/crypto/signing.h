// Ed25519 signatures (libsodium) and the key files that hold the keys.
//
// Key files are text: one line "ed25519-public:<base64 of 32 bytes>" or
// "ed25519-secret:<base64 of the 32-byte seed>". Secret key files are written
// with mode 0600 and refused when readable by group or others. A secret key
// is never logged and never printed by any function here.
#ifndef IOTMARK_CRYPTO_SIGNING_H_
#define IOTMARK_CRYPTO_SIGNING_H_

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::crypto {

inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSecretKeyBytes = 64;  // libsodium form: seed || public key
inline constexpr std::size_t kSignatureBytes = 64;

struct PublicKey {
  std::array<std::uint8_t, kPublicKeyBytes> bytes{};
  // Base64 of the 32 bytes (what the well-known URL serves).
  std::string ToBase64() const;
  // Lowercase hex of the first 8 bytes of SHA-256(bytes): a short key id.
  std::string KeyId() const;
  static Result<PublicKey> FromBase64(std::string_view text);
  bool operator==(const PublicKey&) const = default;
};

// A key pair. Holds the secret in memory; wiped on destruction.
class SigningKey {
 public:
  static Result<SigningKey> Generate();
  // From a 32-byte seed (deterministic; for tests).
  static Result<SigningKey> FromSeed(std::string_view seed32);
  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  // Detached signature of `message` (64 bytes, raw).
  std::string Sign(std::string_view message) const;
  // Base64 of Sign(message).
  std::string SignBase64(std::string_view message) const;

 private:
  friend Status WriteSecretKeyFile(const std::filesystem::path& path, const SigningKey& key);
  SigningKey() = default;
  std::array<std::uint8_t, kSecretKeyBytes> secret_{};
  PublicKey public_key_;
};

// True when `signature` (raw 64 bytes) is a valid signature of `message`.
bool Verify(const PublicKey& key, std::string_view message, std::string_view signature);
// Same with a base64 signature; false for malformed base64.
bool VerifyBase64(const PublicKey& key, std::string_view message,
                  std::string_view signature_base64);

// Key files. WriteSecretKeyFile refuses to overwrite an existing file.
Status WriteSecretKeyFile(const std::filesystem::path& path, const SigningKey& key);
Status WritePublicKeyFile(const std::filesystem::path& path, const PublicKey& key);
Result<SigningKey> ReadSecretKeyFile(const std::filesystem::path& path);
// Accepts a public key file, or a bare base64 line.
Result<PublicKey> ReadPublicKeyFile(const std::filesystem::path& path);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_SIGNING_H_
