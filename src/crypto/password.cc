// Argon2id password hashing through libsodium.
#include "crypto/password.h"

#include <sodium.h>

#include <string>

#include "crypto/random.h"

namespace iotmark::crypto {

Result<std::string> HashPassword(std::string_view password) {
  if (!EnsureSodium()) return Status::Internal("libsodium failed to start");
  if (password.size() < kMinimumPasswordLength) {
    return Status::InvalidArgument("password: at least " + std::to_string(kMinimumPasswordLength) +
                                   " characters are required / パスワードは" +
                                   std::to_string(kMinimumPasswordLength) + "文字以上必要です");
  }
  if (password.size() > kMaximumPasswordLength) {
    return Status::InvalidArgument("password: longer than " +
                                   std::to_string(kMaximumPasswordLength) + " bytes");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  if (!EnsureSodium()) return false;
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  char hash[crypto_pwhash_STRBYTES] = {};
  encoded_hash.copy(hash, encoded_hash.size());
  return crypto_pwhash_str_verify(hash, password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view encoded_hash) {
  if (!EnsureSodium()) return true;
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return true;
  char hash[crypto_pwhash_STRBYTES] = {};
  encoded_hash.copy(hash, encoded_hash.size());
  return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace iotmark::crypto
