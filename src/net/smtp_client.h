// Sending one plain-text mail over SMTP through libcurl (RFC 5321; smtp://
// with opportunistic STARTTLS, or smtps://). The message is UTF-8: the
// subject as an RFC 2047 encoded word, the body base64 (RFC 2045), so
// Japanese text arrives intact.
//
// Only IP-literal loopback servers are allowed unless allow_non_loopback is
// set (then any host, and libcurl resolves names). Thread-safe: each call
// owns its own curl handle.
#ifndef IOTMARK_NET_SMTP_CLIENT_H_
#define IOTMARK_NET_SMTP_CLIENT_H_

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::net {

struct SmtpOptions {
  std::string url;       // "smtp://127.0.0.1:2525" or "smtps://…:465"
  std::string from;      // envelope and header sender, e.g. "registry@operator.example"
  std::string username;  // optional AUTH
  std::string password;
  bool allow_non_loopback = false;
  std::chrono::seconds timeout{30};
};

// kInvalidArgument for a bad URL / sender / recipient or a non-loopback
// server when not allowed; kUnavailable naming libcurl's error (connection
// refused, the server's refusal, timeout).
Status SendMail(const SmtpOptions& options, std::string_view to, std::string_view subject,
                std::string_view body);

// The RFC 5322 message SendMail sends (exposed for tests).
std::string ComposeMail(std::string_view from, std::string_view to, std::string_view subject,
                        std::string_view body, std::string_view message_id);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_SMTP_CLIENT_H_
