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

enum class LoginKind { kHttpBasic, kHttpForm };

struct LoginSection {
  LoginKind kind = LoginKind::kHttpBasic;
  std::string path = "/login";
  std::string username;
  std::string password;
  std::string username_field = "username";  // http-form
  std::string password_field = "password";  // http-form
  std::string success_marker;               // http-form: body text of a successful login
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

// S1.1-04 thresholds. Defaults follow common practice: after
// `lockout_after` (5) consecutive failures the device must refuse (lock out),
// or every failed attempt from then on must take at least `min_delay_ms`
// (2000 ms). `attempts` wrong passwords are tried (default 10).
struct BruteForceSection {
  int attempts = 10;
  int lockout_after = 5;
  int min_delay_ms = 2000;
  int request_timeout_ms = 15000;  // an attempt not answered by then = device stopped answering
  int recovery_timeout_s = 120;    // how long to wait for the valid credential to work again
};

// S1.1-14: a settings endpoint (JSON object) and a password-change endpoint.
struct SettingsSection {
  std::string path = "/api/settings";
  std::string password_path = "/api/password";
  std::string key = "device_name";
  std::string value = "iotmark-devtest";
  std::string new_password = "Devtest-Changed-9x";
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
