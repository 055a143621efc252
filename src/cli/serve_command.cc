// `iotmark serve`: the label registry's HTTP service and JSON API
// (src/server/serve.h, docs/api.md).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/command.h"

#if IOTMARK_HAVE_SERVER_API
#include "server/serve.h"
#endif

namespace iotmark::cli {
namespace {

struct ServeCommandOptions {
  std::string database_url;
  std::string listen = "127.0.0.1:8080";
  std::string public_url;
  std::string key_directory;
  int threads = 2;
  size_t body_limit = 1 << 20;
  int header_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int expiry_interval_seconds = 60;
  int webhook_interval_ms = 1000;
  std::string access_log = "-";
  bool webhook_allow_non_loopback = false;
  std::string smtp_url;
  std::string smtp_from = "iotmark@localhost.localdomain";
  std::string smtp_username;
  std::string smtp_password_file;
  bool smtp_allow_non_loopback = false;
  int mail_interval_ms = 5000;
};

int RunServe(const ServeCommandOptions& options, const Context& context) {
  // The readiness line is the only thing on stdout; logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("iotmark-serve"));
#if IOTMARK_HAVE_SERVER_API
  server::ServeOptions serve;
  serve.database_url = options.database_url;
  serve.listen = options.listen;
  serve.public_url = options.public_url;
  serve.key_directory = options.key_directory;
  serve.schemes_directory = SchemesDirectory(context);
  serve.threads = options.threads;
  serve.body_limit = options.body_limit;
  serve.header_timeout = std::chrono::milliseconds(options.header_timeout_ms);
  serve.body_timeout = std::chrono::milliseconds(options.body_timeout_ms);
  serve.expiry_interval = std::chrono::seconds(options.expiry_interval_seconds);
  serve.webhook_interval = std::chrono::milliseconds(options.webhook_interval_ms);
  serve.webhook_allow_non_loopback = options.webhook_allow_non_loopback;
  serve.access_log = options.access_log;
  serve.smtp_url = options.smtp_url;
  serve.smtp_from = options.smtp_from;
  serve.smtp_username = options.smtp_username;
  serve.smtp_password_file = options.smtp_password_file;
  serve.smtp_allow_non_loopback = options.smtp_allow_non_loopback;
  serve.mail_interval = std::chrono::milliseconds(options.mail_interval_ms);
  Status status = server::Serve(serve);
  if (!status.ok()) {
    std::cerr << "iotmark serve: " << status.ToString() << "\n";
    return kExitUsage;
  }
  return kExitOk;
#else
  std::cerr << "iotmark serve: this build has no registry library (src/registry), so the API "
               "cannot run / レジストリが組み込まれていません\n";
  return kExitUsage;
#endif
}

void SetupServe(CLI::App& root, Context& context) {
  auto options = std::make_shared<ServeCommandOptions>();
  auto* command = root.add_subcommand(
      "serve", "ラベル登録簿のHTTP API / Serve the label registry's JSON API over HTTP");
  command->add_option("--db", options->database_url, "Store URL: sqlite:registry.db or postgresql://user@host:port/db")
      ->required();
  command->add_option("--listen", options->listen,
                      "HOST:PORT to listen on (port 0 = any free port; printed when ready)");
  command->add_option(
      "--public-url", options->public_url,
      "Base URL of the public pages, put in label QR codes (default http://LISTEN)");
  command->add_option("--key-dir", options->key_directory,
                      "Folder of label-signing.key / .pub (default: <db folder>/keys; created)");
  command->add_option("--threads", options->threads, "Server threads")->check(CLI::Range(1, 64));
  command->add_option("--body-limit", options->body_limit, "Largest request body in bytes")
      ->check(CLI::Range(size_t{1024}, size_t{64} << 20));
  command
      ->add_option("--header-timeout-ms", options->header_timeout_ms,
                   "Time allowed for a request header (and keep-alive idle)")
      ->check(CLI::Range(50, 600'000));
  command
      ->add_option("--body-timeout-ms", options->body_timeout_ms, "Time allowed for a request body")
      ->check(CLI::Range(50, 600'000));
  command
      ->add_option("--expiry-interval", options->expiry_interval_seconds,
                   "Seconds between label expiry sweeps")
      ->check(CLI::Range(1, 86'400));
  command
      ->add_option("--webhook-interval-ms", options->webhook_interval_ms,
                   "Milliseconds between webhook delivery rounds")
      ->check(CLI::Range(50, 3'600'000));
  command->add_option("--access-log", options->access_log,
                      "Access log: - (stderr, default), off, or a file (appended, buffered, "
                      "flushed every second)");
  command->add_flag("--webhook-allow-non-loopback", options->webhook_allow_non_loopback,
                    "Let webhook subscriptions name receivers outside 127.0.0.0/8 and [::1] "
                    "(IP literals, http only)");
  command->add_option("--smtp-url", options->smtp_url,
                      "SMTP server for mail to vendors' contacts (new vulnerability reports and "
                      "findings), e.g. smtp://127.0.0.1:2525; without it mail stays queued");
  command->add_option("--smtp-from", options->smtp_from, "Sender address of that mail");
  command->add_option("--smtp-username", options->smtp_username, "SMTP AUTH user (optional)");
  command->add_option("--smtp-password-file", options->smtp_password_file,
                      "File whose first line is the SMTP AUTH password");
  command->add_flag("--smtp-allow-non-loopback", options->smtp_allow_non_loopback,
                    "Allow an SMTP server outside 127.0.0.0/8 and [::1]");
  command->add_option("--mail-interval-ms", options->mail_interval_ms,
                      "How often queued mail is sent")
      ->check(CLI::Range(50, 3'600'000));
  command->callback([options, &context] { context.exit_code = RunServe(*options, context); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(serve, SetupServe);

}  // namespace iotmark::cli
