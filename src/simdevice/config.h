// The configuration of a simulated IoT device (`iotmark sim-device`).
//
// Every behaviour the device tests look at is one field here, so a test can
// switch one flaw on and leave the rest compliant. LoadSimDeviceConfig checks
// every key (unknown keys are errors) and that the device listens on loopback
// only; a SimDeviceConfig that came out of it is always valid.
// The format is documented in docs/sim-device-config.md.
#ifndef IOTMARK_SIMDEVICE_CONFIG_H_
#define IOTMARK_SIMDEVICE_CONFIG_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::simdevice {

enum class TlsVersion { kTls10, kTls11, kTls12, kTls13 };
enum class BruteForceMode { kNone, kLockout, kDelay };

struct TlsConfig {
  bool enabled = false;
  std::uint16_t port = 8443;
  TlsVersion min_version = TlsVersion::kTls12;
};

struct LoginConfig {
  bool basic = true;
  bool form = true;
  std::string username = "admin";
  std::string password = "Init-Passw0rd-7Q";  // the factory password
};

struct BruteForceConfig {
  BruteForceMode mode = BruteForceMode::kNone;
  int max_failures = 5;
  int lockout_seconds = 30;
  int delay_base_ms = 200;
  double delay_factor = 2.0;
  int delay_max_ms = 10000;
};

struct ExtraTcpListener {
  std::uint16_t port = 0;
  std::string banner;
};

struct ExtraUdpResponder {
  std::uint16_t port = 0;
  std::string reply;
};

// Network logins besides HTTP (issue 10 §3): each checks the same
// credentials and brute-force policy as the HTTP login. Off unless enabled;
// port 0 = any free port (read it from the ready file).
struct LoginServiceConfig {
  bool enabled = false;
  std::uint16_t port = 0;
};
struct LoginServicesConfig {
  LoginServiceConfig ssh;     // SSH password / keyboard-interactive (libssh server)
  LoginServiceConfig telnet;  // BusyBox-style "login: " / "Password: " prompts
  LoginServiceConfig mqtt;    // MQTT 3.1.1 CONNECT with user name and password
};

// A setting value is kept as its JSON text ("\"name\"", "42", "true").
using SettingsMap = std::map<std::string, std::string>;

struct SimDeviceConfig {
  std::string listen_address = "127.0.0.1";
  std::uint16_t http_port = 8080;
  std::filesystem::path state_dir;  // empty = not given
  TlsConfig tls;
  LoginConfig login;
  bool default_password_accepted = false;
  std::string default_password = "password";
  bool force_password_change = false;
  BruteForceConfig brute_force;
  std::string model_number = "ABC-100";
  bool show_model_number = true;
  std::string firmware_version = "1.0.0";
  bool show_firmware_version = true;
  bool firmware_require_signature = true;
  bool firmware_persist_version = true;
  bool factory_reset_keeps_updated_firmware = true;
  bool persist_credentials = true;
  bool persist_settings = true;
  SettingsMap default_settings = {{"device_name", "\"ABC-100\""}};  // JSON text per key
  LoginServicesConfig login_services;
  std::vector<ExtraTcpListener> extra_tcp;
  std::vector<ExtraUdpResponder> extra_udp;
};

// Parses YAML text; `source_name` names the file in error messages and
// `base_dir` resolves a relative state_dir.
Result<SimDeviceConfig> ParseSimDeviceConfig(const std::string& yaml_text,
                                             const std::string& source_name,
                                             const std::filesystem::path& base_dir);
Result<SimDeviceConfig> LoadSimDeviceConfig(const std::filesystem::path& path);

std::string TlsVersionName(TlsVersion version);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_CONFIG_H_
