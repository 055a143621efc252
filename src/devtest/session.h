// The connection between the test cases and the device under test: HTTP
// requests (through net::HttpFetch, Boost.Beast), logins, shell commands of
// the target file, waiting for readiness, and the per-case evidence log.
//
// Invariants: every request goes to the target's base URL (http or https;
// the certificate is recorded, not verified), every login to the target's
// login endpoint;
// `current_password` is the password the device is believed to have now
// (cases that change it update it). A CaseLog writes each line to its file
// at once, so a crash still leaves the evidence written so far.
#ifndef IOTMARK_DEVTEST_SESSION_H_
#define IOTMARK_DEVTEST_SESSION_H_

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "devtest/login/login_client.h"
#include "devtest/report.h"
#include "devtest/target.h"

namespace iotmark::devtest {

// A plain HTTP exchange as the cases see it.
struct Exchange {
  bool answered = false;  // false: connection failed or timed out (see error)
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  double elapsed_ms = 0;
  std::string error;
};

// The result of one login try (any login.kind): see devtest/login/login_client.h.
using LoginResult = LoginAttempt;

// The evidence log of one case: DIR/logs/<case id>.log. Line is thread-safe.
class CaseLog {
 public:
  CaseLog(const std::filesystem::path& out_dir, const std::string& case_id, const Clock& clock);
  void Line(const std::string& text);
  const std::filesystem::path& path() const { return path_; }
  std::string relative_path() const { return relative_; }

 private:
  std::filesystem::path path_;
  std::string relative_;
  std::ofstream stream_;
  std::mutex mutex_;
  const Clock& clock_;
};

struct CommandResult {
  int exit_code = -1;  // -1: could not start; 124: timed out
  double elapsed_ms = 0;
  std::string output_path;  // relative to the output folder
};

class DeviceSession {
 public:
  DeviceSession(const Target& target, std::filesystem::path out_dir, const Clock& clock,
                std::ostream& progress);

  const Target& target() const { return target_; }
  const std::filesystem::path& out_dir() const { return out_dir_; }
  const Clock& clock() const { return clock_; }
  void Progress(const std::string& line);

  std::string current_password;

  // GET/POST/PUT on the web UI (path relative to web.base_url). With
  // `authenticate`, for current_password: Basic (http-basic, and the
  // non-HTTP login kinds), a fresh form-login session (http-form), or the
  // answer to the Digest challenge (http-digest).
  Exchange Request(const std::string& method, const std::string& path, const std::string& body,
                   bool authenticate, CaseLog* log, int timeout_ms = 5000,
                   const std::vector<std::pair<std::string, std::string>>& extra_headers = {});
  // One login try through the target's login client (every login.kind);
  // thread-safe. Logged without the password.
  LoginResult Login(const std::string& username, const std::string& password, CaseLog* log,
                    int timeout_ms = 5000);
  // "ssh-password 127.0.0.1:22" (empty without a login section).
  std::string LoginEndpoint() const;

  // Runs `command` with /bin/sh -c, output to DIR/logs/<name>.log; the
  // environment gets IOTMARK_DEVTEST_BASE_URL, _USERNAME, _PASSWORD (current),
  // _OUT_DIR. Killed after `timeout_s`.
  CommandResult RunCommand(const std::string& command, const std::string& name, int timeout_s,
                           CaseLog* log,
                           const std::vector<std::pair<std::string, std::string>>& env = {});
  // Polls GET base_url + "/" until it answers, up to `timeout_s`.
  bool WaitReady(int timeout_s, CaseLog* log);

  // The firmware version from web.version_page (JSON "firmware_version" /
  // any "*version*" key, else the first dotted version in the text).
  std::optional<std::string> ReadFirmwareVersion(CaseLog* log);

  // Evidence entry for a file inside the output folder (sha256 computed now).
  EvidenceFile Evidence(const std::string& relative_path, const std::string& description) const;

 private:
  const Target& target_;
  std::filesystem::path out_dir_;
  const Clock& clock_;
  std::ostream& progress_;
  int command_counter_ = 0;
  std::unique_ptr<LoginClient> login_client_;
};

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_SESSION_H_
