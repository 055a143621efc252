// The target file of `iotmark devtest run` (docs/target-format.md): what the
// device under test is, how to reach and drive it, and the thresholds.
//
// Invariants after LoadTarget succeeds: host is a loopback IP literal; every
// URL is http(s)://<loopback literal>[:port]; thresholds are positive; an
// absent optional section stays std::nullopt (its test cases then become NA
// or INCONCLUSIVE, never PASS).
#ifndef IOTMARK_DEVTEST_TARGET_H_
#define IOTMARK_DEVTEST_TARGET_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "devtest/target_vex.h"

namespace iotmark::devtest {

struct DeclaredPorts {
  std::vector<std::uint16_t> tcp;
  std::vector<std::uint16_t> udp;
};

struct WebSection {
  std::string base_url;  // "http://127.0.0.1:8080"
  std::string model_page = "/info";
  std::string version_page = "/version";
};

enum class LoginKind { kHttpBasic, kHttpForm, kHttpDigest, kSshPassword, kTelnet, kMqtt };
std::string_view LoginKindName(LoginKind kind);
bool IsHttpLogin(LoginKind kind);

// How the device's network login is reached (docs/target-format.md, "login").
// http-*: web.base_url + path; the others: host + port (0 = the kind's usual
// port: ssh 22, telnet 23, mqtt 1883).
struct LoginSection {
  LoginKind kind = LoginKind::kHttpBasic;
  std::string path = "/login";
  std::string username;
  std::string password;
  std::string username_field = "username";  // http-form
  std::string password_field = "password";  // http-form
  std::string success_marker;               // http-form: body text of a successful login
  std::uint16_t port = 0;                   // ssh-password, telnet, mqtt
  // telnet: ECMAScript regexes matched against the text received so far
  // (case-insensitive). Defaults fit BusyBox telnetd + /bin/login.
  std::string login_prompt = "login: *$";
  std::string password_prompt = "password: *$";
  std::string success_pattern = "[#$>] *$";
  std::string failure_pattern = "incorrect|failed|denied|invalid";
  std::string mqtt_client_id = "iotmark-devtest";  // mqtt
  std::uint16_t EffectivePort() const;
};

struct CommandSection {
  std::string command;
  int ready_timeout_s = 30;
};

struct FirmwareUpdateSection {
  std::string command;           // installs a genuine newer image
  std::string expected_version;  // the version it installs
  std::string tampered_command;  // tries to install a tampered image (S1.1-08); optional
};

// S1.1-04 thresholds (docs/devtest.md, "S1.1-04"). The case measures the
// rate of wrong guesses the device actually evaluates — one at a time
// (`attempts` tries) and over `parallel` connections at once
// (`parallel_attempts` tries in all) — including the time until the valid
// credential works again, and PASSes only when both rates stay at or under
// `max_guesses_per_minute`. The default bound follows common practice: a
// lock-out after `lockout_after` (5) failures, or at least `min_delay_ms`
// (2000 ms) per failed attempt, i.e. 60000 / min_delay_ms = 30 guesses per
// minute. 0 in max_guesses_per_minute = derived from min_delay_ms.
struct BruteForceSection {
  int attempts = 10;
  int lockout_after = 5;
  int min_delay_ms = 2000;
  int parallel = 8;
  int parallel_attempts = 40;
  double max_guesses_per_minute = 0;
  int request_timeout_ms = 15000;  // an attempt not answered by then = connection failed
  int recovery_timeout_s = 120;    // how long to wait for the valid credential to work again
  double GuessBoundPerMinute() const {
    return max_guesses_per_minute > 0 ? max_guesses_per_minute : 60000.0 / min_delay_ms;
  }
};

// S1.1-14: a settings endpoint (JSON object) and a password-change endpoint.
struct SettingsSection {
  std::string path = "/api/settings";
  std::string password_path = "/api/password";
  std::string key = "device_name";
  std::string value = "iotmark-devtest";
  std::string new_password = "Devtest-Changed-9x";
  // Optional: a shell command that changes the password instead of the POST
  // to password_path (e.g. over SSH for an ssh-password login); it gets
  // IOTMARK_DEVTEST_PASSWORD (current) and IOTMARK_DEVTEST_NEW_PASSWORD.
  std::string password_command;
};

struct ScanSection {
  std::vector<std::uint16_t> tcp;  // ports scanned besides the declared ones
  std::vector<std::uint16_t> udp;
  int timeout_ms = 500;
};

struct TlsSection {
  std::string base_url;  // "https://127.0.0.1:8443"
};

struct Target {
  std::filesystem::path file;  // where it was read from
  std::string host;
  std::string model_number;
  std::optional<DeclaredPorts> declared_ports;
  std::optional<WebSection> web;
  std::optional<LoginSection> login;
  std::optional<CommandSection> power_cycle;
  std::optional<CommandSection> factory_reset;
  std::optional<FirmwareUpdateSection> firmware_update;
  std::optional<SettingsSection> settings;
  std::optional<TlsSection> tls;
  std::string vulndb;  // absolute after loading (relative paths are resolved against the file)
  double cvss_threshold = 7.0;
  BruteForceSection brute_force;
  ScanSection scan;
  std::string default_passwords_file;  // empty = built-in list (src/devtest/default_passwords.txt)
  std::vector<VexStatement> vex;       // see devtest/target_vex.h
};

// Parses target YAML text; `source` names it in messages ("target.yaml:12:
// web.base_url: ..."). kInvalidArgument / kParseError naming field and line.
Result<Target> ParseTarget(std::string_view text, const std::filesystem::path& source);
Result<Target> LoadTarget(const std::filesystem::path& path);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_TARGET_H_
