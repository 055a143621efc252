// One login attempt against the device under test, for every `login.kind` of
// the target file (docs/target-format.md): http-basic, http-form,
// http-digest, ssh-password, telnet, mqtt.
//
// The cases (S1.1-01/-02/-04/-14/-15) only see LoginClient::Try and its
// outcome, so every password check runs over every kind alike. A client
// keeps no connection between tries (each try is a fresh connection, as a
// one-guess-per-connection attacker does); Try is thread-safe, so the
// brute-force case may call it from several threads at once.
#ifndef IOTMARK_DEVTEST_LOGIN_LOGIN_CLIENT_H_
#define IOTMARK_DEVTEST_LOGIN_LOGIN_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "devtest/target.h"

namespace iotmark::devtest {

enum class LoginOutcome {
  kAccepted,          // the device let us in
  kRefused,           // wrong credentials (HTTP 401 / failure page, SSH denied, CONNACK 4/5, ...)
  kBlocked,           // the device says it is protecting itself (HTTP 429/423/403/503, Retry-After)
  kConnectionFailed,  // connection refused, dropped before an answer, or timed out
  kOther,             // any other answer (HTTP 400/404/500, unexpected prompt, ...): see detail
};
std::string_view LoginOutcomeName(LoginOutcome outcome);

// The result of one try. HTTP kinds fill http_status / headers / body.
struct LoginAttempt {
  LoginOutcome outcome = LoginOutcome::kConnectionFailed;
  std::string detail;  // human-readable: "HTTP 401", "SSH auth denied", "CONNACK 5", errors
  double elapsed_ms = 0;
  int http_status = 0;
  std::vector<std::string> redirects;  // Location headers followed, in order
  std::string retry_after;             // HTTP Retry-After when present
  std::string set_cookie;              // http-form: the session cookie of a successful login
  std::string body;                    // HTTP: the final body (first 64 KiB)
  std::string tls_note;                // https: certificate facts (not verified, recorded)
};

class LoginClient {
 public:
  virtual ~LoginClient() = default;
  virtual LoginAttempt Try(const std::string& username, const std::string& password,
                           int timeout_ms) const = 0;
  // "ssh-password 127.0.0.1:22" — what the log and report name as the login endpoint.
  virtual std::string Describe() const = 0;
};

// The client for target.login->kind. Preconditions: target.login is set, and
// target.web too for the http-* kinds (LoadTarget checks both).
std::unique_ptr<LoginClient> MakeLoginClient(const Target& target);

// Elapsed wall time for measurements (not domain time).
double MillisecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_LOGIN_LOGIN_CLIENT_H_
