// `iotmark serve`: opens the store, loads the scheme catalog and the label
// signing key, builds the RegistryService and the JSON API, and serves HTTP
// until SIGINT/SIGTERM. Prints one readiness line on stdout,
//   listening on http://127.0.0.1:PORT
// once the socket is bound (PORT is the real port when 0 was asked), so
// scripts and tests never guess ports.
#ifndef IOTMARK_SERVER_SERVE_H_
#define IOTMARK_SERVER_SERVE_H_

#include <chrono>
#include <string>

#include "common/status.h"

namespace iotmark::server {

struct ServeOptions {
  std::string database_url;  // "sqlite:PATH"
  std::string listen = "127.0.0.1:8080";
  std::string public_url;     // default: http://<listen>
  std::string key_directory;  // default: "<folder of the database>/keys"
  std::string schemes_directory;
  int threads = 2;
  size_t body_limit = 1 << 20;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::seconds expiry_interval{60};
  // How often due webhook deliveries are attempted.
  std::chrono::milliseconds webhook_interval{1000};
  // Access log: "-" stderr, "off", or a file (buffered, flushed every second).
  std::string access_log = "-";
  // Webhook receivers outside loopback (IP literals only).
  bool webhook_allow_non_loopback = false;
  // Mail to organisations' contacts (new vulnerability reports and findings),
  // sent over SMTP (net/smtp_client.h). Empty smtp_url: mails stay queued.
  std::string smtp_url;  // "smtp://127.0.0.1:2525"
  std::string smtp_from = "iotmark@localhost.localdomain";
  std::string smtp_username;
  std::string smtp_password_file;  // first line is the password
  bool smtp_allow_non_loopback = false;
  std::chrono::milliseconds mail_interval{5000};
};

// Serves until a signal; returns OK after a clean shutdown.
Status Serve(const ServeOptions& options);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_SERVE_H_
