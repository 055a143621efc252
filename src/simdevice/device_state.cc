#include "simdevice/device_state.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/files.h"
#include "simdevice/firmware_image.h"

namespace iotmark::simdevice {
namespace {

constexpr const char* kCredentialsFile = "credentials.json";
constexpr const char* kSettingsFile = "settings.json";
constexpr const char* kFirmwareFile = "firmware.json";
constexpr size_t kMaxSettings = 64;

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

std::string HashPassword(const std::string& salt, const std::string& password) {
  unsigned char digest[32];
  std::string input = salt + ":" + password;
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  std::string hex(65, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<nlohmann::json> ReadJsonFile(const std::filesystem::path& path) {
  Result<std::string> text = ReadFile(path, 1 << 20);
  if (!text.ok()) return text.status();
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& error) {
    return Status::ParseError(path.string() + ": " + error.what());
  }
}

void RemoveFile(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

}  // namespace

DeviceState::DeviceState(const SimDeviceConfig& config, std::filesystem::path state_dir,
                         const Clock& clock, std::string vendor_public_key)
    : config_(config),
      state_dir_(std::move(state_dir)),
      clock_(clock),
      vendor_public_key_(std::move(vendor_public_key)) {
  if (sodium_init() < 0) std::abort();
  ResetToFactory();
  firmware_version_ = config_.firmware_version;
}

void DeviceState::ResetToFactory() {
  SetPassword(config_.login.password);
  password_changed_ = false;
  settings_ = config_.default_settings;
  sessions_.clear();
  consecutive_failures_ = 0;
  locked_until_.reset();
}

void DeviceState::SetPassword(const std::string& password) {
  salt_ = RandomHex(16);
  password_hash_ = HashPassword(salt_, password);
}

Status DeviceState::Load() {
  std::error_code ec;
  std::filesystem::path credentials = state_dir_ / kCredentialsFile;
  if (config_.persist_credentials && std::filesystem::exists(credentials, ec)) {
    Result<nlohmann::json> json = ReadJsonFile(credentials);
    if (!json.ok()) return json.status();
    try {
      salt_ = json->at("salt_hex").get<std::string>();
      password_hash_ = json->at("hash_hex").get<std::string>();
      password_changed_ = json->at("changed").get<bool>();
    } catch (const nlohmann::json::exception& error) {
      return Status::ParseError(credentials.string() + ": " + error.what());
    }
  }
  std::filesystem::path settings = state_dir_ / kSettingsFile;
  if (config_.persist_settings && std::filesystem::exists(settings, ec)) {
    Result<nlohmann::json> json = ReadJsonFile(settings);
    if (!json.ok()) return json.status();
    if (!json->is_object()) return Status::ParseError(settings.string() + ": not a JSON object");
    settings_.clear();
    for (const auto& [key, value] : json->items()) settings_[key] = value.dump();
  }
  std::filesystem::path firmware = state_dir_ / kFirmwareFile;
  if (config_.firmware_persist_version && std::filesystem::exists(firmware, ec)) {
    Result<nlohmann::json> json = ReadJsonFile(firmware);
    if (!json.ok()) return json.status();
    auto version = json->find("version");
    if (version == json->end() || !version->is_string()) {
      return Status::ParseError(firmware.string() + ": field 'version' missing");
    }
    firmware_version_ = version->get<std::string>();
  }
  return Status::Ok();
}

bool DeviceState::PasswordMatches(const std::string& password) const {
  if (password.empty()) return false;
  if (ConstantTimeEqual(HashPassword(salt_, password), password_hash_)) return true;
  return config_.default_password_accepted && !password_changed_ &&
         password == config_.default_password;
}

LoginOutcome DeviceState::Authenticate(const std::string& username, const std::string& password) {
  LoginOutcome outcome;
  const BruteForceConfig& policy = config_.brute_force;
  TimePoint now = clock_.Now();
  if (policy.mode == BruteForceMode::kLockout && locked_until_) {
    if (now < *locked_until_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*locked_until_ - now);
      outcome.result = LoginResult::kLockedOut;
      outcome.retry_after_seconds = static_cast<int>((left.count() + 999) / 1000);
      return outcome;
    }
    locked_until_.reset();
    consecutive_failures_ = 0;
  }
  if (policy.mode == BruteForceMode::kDelay && consecutive_failures_ >= policy.max_failures) {
    double delay = policy.delay_base_ms *
                   std::pow(policy.delay_factor, consecutive_failures_ - policy.max_failures);
    delay = std::min<double>(delay, policy.delay_max_ms);
    outcome.delay = std::chrono::milliseconds(static_cast<long long>(delay));
  }
  if (username == config_.login.username && PasswordMatches(password)) {
    outcome.result = LoginResult::kOk;
    consecutive_failures_ = 0;
    return outcome;
  }
  outcome.result = LoginResult::kFailed;
  ++consecutive_failures_;
  if (policy.mode == BruteForceMode::kLockout && consecutive_failures_ >= policy.max_failures) {
    locked_until_ = now + std::chrono::seconds(policy.lockout_seconds);
  }
  return outcome;
}

bool DeviceState::LockedOut() const {
  return config_.brute_force.mode == BruteForceMode::kLockout && locked_until_ &&
         clock_.Now() < *locked_until_;
}

std::string DeviceState::CreateSession() {
  std::string token = RandomHex(16);
  sessions_.insert(token);
  return token;
}

bool DeviceState::HasSession(const std::string& token) const { return sessions_.count(token) > 0; }

bool DeviceState::PasswordChangeRequired() const {
  return config_.force_password_change && !password_changed_;
}

PasswordChangeResult DeviceState::ChangePassword(
    const std::string& new_password, const std::optional<std::string>& current_password) {
  if (current_password && !PasswordMatches(*current_password)) {
    return PasswordChangeResult::kWrongCurrent;
  }
  if (new_password.size() < 8 || new_password == config_.default_password) {
    return PasswordChangeResult::kWeak;
  }
  SetPassword(new_password);
  password_changed_ = true;
  // A write failure keeps the change in memory only, like a device with a worn flash.
  if (config_.persist_credentials) (void)PersistCredentials();
  return PasswordChangeResult::kOk;
}

Status DeviceState::PersistCredentials() const {
  nlohmann::json json = {{"username", config_.login.username},
                         {"salt_hex", salt_},
                         {"hash_hex", password_hash_},
                         {"changed", password_changed_}};
  return WriteFileAtomic(state_dir_ / kCredentialsFile, json.dump(2) + "\n");
}

Status DeviceState::UpdateSettings(const SettingsMap& changes) {
  SettingsMap merged = settings_;
  for (const auto& [key, value] : changes) merged[key] = value;
  if (merged.size() > kMaxSettings) {
    return Status::InvalidArgument("more than " + std::to_string(kMaxSettings) + " settings");
  }
  settings_ = std::move(merged);
  if (config_.persist_settings) return PersistSettings();
  return Status::Ok();
}

Status DeviceState::PersistSettings() const {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [key, value] : settings_) json[key] = nlohmann::json::parse(value);
  return WriteFileAtomic(state_dir_ / kSettingsFile, json.dump(2) + "\n");
}

FirmwareOutcome DeviceState::InstallFirmware(const std::string& image) {
  FirmwareOutcome outcome;
  FirmwareCheck check = CheckFirmwareImage(vendor_public_key_, image);
  outcome.verified = check.verified;
  if (config_.firmware_require_signature) {
    if (!check.parsed) {
      outcome.error = "malformed_image";
    } else if (!check.verified) {
      outcome.error = "signature_invalid";
    }
    if (!outcome.error.empty()) {
      outcome.version = firmware_version_;
      return outcome;
    }
  }
  outcome.accepted = true;
  if (check.parsed) {
    firmware_version_ = check.version;
    if (config_.firmware_persist_version) {
      nlohmann::json json = {{"version", firmware_version_}, {"verified", check.verified}};
      (void)WriteFileAtomic(state_dir_ / kFirmwareFile, json.dump(2) + "\n");
    }
  }
  outcome.version = firmware_version_;
  return outcome;
}

Status DeviceState::FactoryReset() {
  ResetToFactory();
  RemoveFile(state_dir_ / kCredentialsFile);
  RemoveFile(state_dir_ / kSettingsFile);
  RemoveFile(state_dir_ / "device_tls_key.pem");
  RemoveFile(state_dir_ / "device_tls_cert.pem");
  if (!config_.factory_reset_keeps_updated_firmware) {
    RemoveFile(state_dir_ / kFirmwareFile);
    firmware_version_ = config_.firmware_version;
  }
  return Status::Ok();
}

}  // namespace iotmark::simdevice
