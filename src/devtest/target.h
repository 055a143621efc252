// The target file of `iotmark devtest run` (docs/target-format.md): what the
// device under test is, how to reach and drive it, and the thresholds.
//
// Invariants after LoadTarget succeeds: host is an IP literal (IPv6 with an
// optional %zone) or a host name; a host that is not a loopback literal has an
// `authorization` (who authorised the test, whose device, when); every URL is
// http(s)://<host or host_ipv6>[:port] (any loopback literal for a loopback
// target); thresholds are positive; an absent optional section stays
// std::nullopt (its test cases then become NA or INCONCLUSIVE, never PASS).
// Parsing never resolves a name nor opens a socket.
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

// S1.1-13 scan ranges. Default: every TCP port 1-65535 and the documented
// UDP list (net::DefaultUdpPorts); a list given here replaces the default of
// its protocol (the item "default" stands for it), and the declared, web and
// TLS ports are always added. A scan narrower than the default cannot PASS.
struct ScanSection {
  std::optional<std::vector<std::uint16_t>> tcp;
  std::optional<std::vector<std::uint16_t>> udp;
  int timeout_ms = 500;
  // More TCP ports than this share (percent of those scanned) left without
  // any answer after every retry: the scan lost answers → INCONCLUSIVE.
  double max_unanswered_percent = 1.0;
};

// Who allowed the test of a device outside loopback (required then).
struct Authorization {
  std::string authorized_by;
  std::string device_owner;
  std::string date;  // YYYY-MM-DD
};

struct TlsSection {
  std::string base_url;  // "https://127.0.0.1:8443"
};

struct Target {
  std::filesystem::path file;  // where it was read from
  std::string host;            // IP literal or host name
  std::string host_ipv6;       // optional: the device's IPv6 literal, scanned too
  std::optional<Authorization> authorization;
  // Filled by `devtest run` after the refusal checks (names resolved); empty
  // = the IP literals of host and host_ipv6.
  std::vector<std::string> scan_addresses;
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

// True when host is a loopback IP literal (no authorization needed).
bool IsLoopbackTarget(const Target& target);
// The literal addresses of the target known without resolving: host when it
// is a literal, host_ipv6; names are left out.
std::vector<std::string> LiteralAddresses(const Target& target);

// The refusals of `devtest run` that need no packet: kInvalidArgument naming
// `authorization` when it is missing outside loopback, or
// `--allow-public-target` when an address (literal, or `resolved` ones) is
// globally routable and `allow_public` is false.
Status CheckTargetAllowed(const Target& target, bool allow_public,
                          const std::vector<std::string>& resolved = {});

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_TARGET_H_
