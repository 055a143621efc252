// CSRF protection for every form: the token in a form's hidden field is an
// HMAC-SHA256 (keyed with a per-server secret) of what the request is bound
// to — the session token for signed-in users, or a random value in a
// first-party cookie for anonymous forms (sign in, vulnerability report).
// A forged cross-site POST cannot read either, so it cannot produce the token.
// Immutable after construction; safe to share between threads.
#ifndef IOTMARK_WEB_CSRF_H_
#define IOTMARK_WEB_CSRF_H_

#include <string>
#include <string_view>

namespace iotmark::web {

class CsrfGuard {
 public:
  // `secret` must be at least 32 bytes of randomness.
  explicit CsrfGuard(std::string secret) : secret_(std::move(secret)) {}

  // The token for forms bound to `binding` (hex, 64 characters).
  std::string TokenFor(std::string_view binding) const;

  // True when `token` is the token for `binding` (constant-time comparison);
  // false for an empty binding or token.
  bool Verify(std::string_view binding, std::string_view token) const;

 private:
  std::string secret_;
};

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_CSRF_H_
