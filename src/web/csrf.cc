#include "web/csrf.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace iotmark::web {

std::string CsrfGuard::TokenFor(std::string_view binding) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(binding.data()), binding.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    token.push_back(kHex[digest[i] >> 4]);
    token.push_back(kHex[digest[i] & 0xF]);
  }
  return token;
}

bool CsrfGuard::Verify(std::string_view binding, std::string_view token) const {
  if (binding.empty() || token.empty()) return false;
  const std::string expected = TokenFor(binding);
  if (token.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

}  // namespace iotmark::web
