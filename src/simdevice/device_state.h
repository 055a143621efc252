// The behaviour of the simulated device without any networking: credentials,
// brute-force protection, sessions, settings, firmware version, factory reset,
// and what of it survives a power cycle (the state directory).
//
// Invariants: the in-memory state always equals "factory defaults + what was
// loaded from the state directory + changes since start"; a change is written
// to the state directory (atomically) exactly when the config says it
// persists. Not thread-safe: the device runs it on its one I/O thread.
#ifndef IOTMARK_SIMDEVICE_DEVICE_STATE_H_
#define IOTMARK_SIMDEVICE_DEVICE_STATE_H_

#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "simdevice/config.h"

namespace iotmark::simdevice {

enum class LoginResult { kOk, kFailed, kLockedOut };

struct LoginOutcome {
  LoginResult result = LoginResult::kFailed;
  std::chrono::milliseconds delay{0};  // answer only after this long (brute_force.mode delay)
  int retry_after_seconds = 0;         // when locked out
};

enum class PasswordChangeResult { kOk, kWeak, kWrongCurrent };

struct FirmwareOutcome {
  bool accepted = false;
  bool verified = false;
  std::string version;  // the version running after the request
  std::string error;    // "malformed_image" / "signature_invalid" when refused
};

class DeviceState {
 public:
  DeviceState(const SimDeviceConfig& config, std::filesystem::path state_dir, const Clock& clock,
              std::string vendor_public_key);

  // Reads what the state directory keeps (as the config allows).
  Status Load();

  // One login attempt with the brute-force policy applied.
  LoginOutcome Authenticate(const std::string& username, const std::string& password);
  // True while brute_force.mode lockout refuses every attempt (the SSH,
  // Telnet and MQTT listeners then refuse connections: a connection-level lock-out).
  bool LockedOut() const;

  std::string CreateSession();
  bool HasSession(const std::string& token) const;

  // True while force_password_change is on and the password is the factory one.
  bool PasswordChangeRequired() const;
  bool PasswordChanged() const { return password_changed_; }
  PasswordChangeResult ChangePassword(const std::string& new_password,
                                      const std::optional<std::string>& current_password);

  const SettingsMap& Settings() const { return settings_; }
  // Merges `changes` (JSON text per key). Fails when there would be more than 64 keys.
  Status UpdateSettings(const SettingsMap& changes);

  const std::string& FirmwareVersion() const { return firmware_version_; }
  FirmwareOutcome InstallFirmware(const std::string& image);

  // Deletes credentials, settings, device keys (and the firmware version unless
  // keep_updated_firmware) from memory and from the state directory.
  Status FactoryReset();

  const SimDeviceConfig& config() const { return config_; }
  const std::filesystem::path& state_dir() const { return state_dir_; }

 private:
  bool PasswordMatches(const std::string& password) const;
  void SetPassword(const std::string& password);
  void ResetToFactory();
  Status PersistCredentials() const;
  Status PersistSettings() const;

  SimDeviceConfig config_;
  std::filesystem::path state_dir_;
  const Clock& clock_;
  std::string vendor_public_key_;

  std::string salt_;
  std::string password_hash_;
  bool password_changed_ = false;
  SettingsMap settings_;
  std::string firmware_version_;
  std::set<std::string> sessions_;

  int consecutive_failures_ = 0;
  std::optional<TimePoint> locked_until_;
};

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_DEVICE_STATE_H_
