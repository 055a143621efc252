#include "simdevice/device_state.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "simdevice/firmware_image.h"

namespace iotmark::simdevice {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DeviceStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("iotmark-state-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    config_.login.password = "Factory-Pass-1";
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::unique_ptr<DeviceState> Boot() {
    auto state = std::make_unique<DeviceState>(config_, directory_, clock_, "");
    EXPECT_TRUE(state->Load().ok());
    return state;
  }

  std::filesystem::path directory_;
  SimDeviceConfig config_;
  FakeClock clock_{TimePoint(seconds(1'800'000'000))};
};

TEST_F(DeviceStateTest, LockoutRefusesEvenTheRightPasswordUntilItEnds) {
  config_.brute_force.mode = BruteForceMode::kLockout;
  config_.brute_force.max_failures = 3;
  config_.brute_force.lockout_seconds = 10;
  auto state = Boot();
  EXPECT_EQ(state->Authenticate("admin", "Factory-Pass-1").result, LoginResult::kOk);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(state->Authenticate("admin", "wrong").result, LoginResult::kFailed);
  }
  LoginOutcome locked = state->Authenticate("admin", "Factory-Pass-1");
  EXPECT_EQ(locked.result, LoginResult::kLockedOut);
  EXPECT_EQ(locked.retry_after_seconds, 10);
  clock_.Advance(seconds(4));
  EXPECT_EQ(state->Authenticate("admin", "Factory-Pass-1").retry_after_seconds, 6);
  clock_.Advance(seconds(6));
  EXPECT_EQ(state->Authenticate("admin", "Factory-Pass-1").result, LoginResult::kOk);
}

TEST_F(DeviceStateTest, NoProtectionNeverBlocksOrSlows) {
  auto state = Boot();
  for (int i = 0; i < 50; ++i) {
    LoginOutcome outcome = state->Authenticate("admin", "wrong");
    EXPECT_EQ(outcome.result, LoginResult::kFailed);
    EXPECT_EQ(outcome.delay.count(), 0);
  }
  EXPECT_EQ(state->Authenticate("admin", "Factory-Pass-1").result, LoginResult::kOk);
}

TEST_F(DeviceStateTest, DelayGrowsPastTheThresholdAndResetsOnSuccess) {
  config_.brute_force.mode = BruteForceMode::kDelay;
  config_.brute_force.max_failures = 2;
  config_.brute_force.delay_base_ms = 100;
  config_.brute_force.delay_factor = 2;
  config_.brute_force.delay_max_ms = 350;
  auto state = Boot();
  std::vector<long long> delays;
  for (int i = 0; i < 6; ++i) delays.push_back(state->Authenticate("admin", "x").delay.count());
  EXPECT_EQ(delays, (std::vector<long long>{0, 0, 100, 200, 350, 350}));
  EXPECT_EQ(state->Authenticate("admin", "Factory-Pass-1").result, LoginResult::kOk);
  EXPECT_EQ(state->Authenticate("admin", "x").delay.count(), 0);
}

TEST_F(DeviceStateTest, DefaultPasswordAcceptedOnlyWhenConfiguredAndUntilChanged) {
  auto strict = Boot();
  EXPECT_EQ(strict->Authenticate("admin", "password").result, LoginResult::kFailed);
  EXPECT_EQ(strict->Authenticate("admin", "").result, LoginResult::kFailed);

  config_.default_password_accepted = true;
  auto weak = Boot();
  EXPECT_EQ(weak->Authenticate("admin", "password").result, LoginResult::kOk);
  EXPECT_EQ(weak->ChangePassword("New-Passw0rd-2", std::nullopt), PasswordChangeResult::kOk);
  EXPECT_EQ(weak->Authenticate("admin", "password").result, LoginResult::kFailed);
  EXPECT_EQ(weak->Authenticate("admin", "Factory-Pass-1").result, LoginResult::kFailed);
  EXPECT_EQ(weak->Authenticate("admin", "New-Passw0rd-2").result, LoginResult::kOk);
}

TEST_F(DeviceStateTest, PasswordRulesAndForcedChange) {
  config_.force_password_change = true;
  auto state = Boot();
  EXPECT_TRUE(state->PasswordChangeRequired());
  EXPECT_EQ(state->ChangePassword("short", std::nullopt), PasswordChangeResult::kWeak);
  EXPECT_EQ(state->ChangePassword("password", std::nullopt), PasswordChangeResult::kWeak);
  EXPECT_EQ(state->ChangePassword("Good-Passw0rd", std::string("nope")),
            PasswordChangeResult::kWrongCurrent);
  EXPECT_EQ(state->ChangePassword("Good-Passw0rd", std::string("Factory-Pass-1")),
            PasswordChangeResult::kOk);
  EXPECT_FALSE(state->PasswordChangeRequired());
}

TEST_F(DeviceStateTest, PersistenceSwitchesDecideWhatSurvivesABoot) {
  auto first = Boot();
  ASSERT_EQ(first->ChangePassword("Changed-Pass-3", std::nullopt), PasswordChangeResult::kOk);
  ASSERT_TRUE(first->UpdateSettings({{"device_name", "\"kitchen\""}}).ok());
  auto second = Boot();
  EXPECT_EQ(second->Authenticate("admin", "Changed-Pass-3").result, LoginResult::kOk);
  EXPECT_EQ(second->Settings().at("device_name"), "\"kitchen\"");

  config_.persist_credentials = false;
  config_.persist_settings = false;
  auto forgetful = Boot();
  EXPECT_EQ(forgetful->Authenticate("admin", "Factory-Pass-1").result, LoginResult::kOk);
  EXPECT_EQ(forgetful->Settings().at("device_name"), "\"ABC-100\"");
}

TEST_F(DeviceStateTest, FirmwareSignatureAndFactoryResetKeepOrLoseVersion) {
  Result<VendorKey> key = EnsureVendorKey(directory_);
  ASSERT_TRUE(key.ok());
  std::string signed_image = *MakeFirmwareImage(*key, "ABC-100", "1.2.0", false);
  std::string tampered = *MakeFirmwareImage(*key, "ABC-100", "6.6.6", true);

  DeviceState strict(config_, directory_, clock_, key->public_key);
  FirmwareOutcome refused = strict.InstallFirmware(tampered);
  EXPECT_FALSE(refused.accepted);
  EXPECT_EQ(refused.error, "signature_invalid");
  EXPECT_EQ(strict.InstallFirmware("junk").error, "malformed_image");
  EXPECT_EQ(strict.FirmwareVersion(), "1.0.0");
  EXPECT_TRUE(strict.InstallFirmware(signed_image).accepted);
  EXPECT_EQ(strict.FirmwareVersion(), "1.2.0");
  ASSERT_TRUE(strict.FactoryReset().ok());
  EXPECT_EQ(strict.FirmwareVersion(), "1.2.0");

  config_.firmware_require_signature = false;
  config_.factory_reset_keeps_updated_firmware = false;
  DeviceState lax(config_, directory_, clock_, key->public_key);
  ASSERT_TRUE(lax.Load().ok());
  EXPECT_EQ(lax.FirmwareVersion(), "1.2.0") << "persisted by the first boot";
  FirmwareOutcome accepted = lax.InstallFirmware(tampered);
  EXPECT_TRUE(accepted.accepted);
  EXPECT_FALSE(accepted.verified);
  EXPECT_EQ(lax.FirmwareVersion(), "6.6.6");
  ASSERT_TRUE(lax.FactoryReset().ok());
  EXPECT_EQ(lax.FirmwareVersion(), "1.0.0");
  EXPECT_FALSE(std::filesystem::exists(directory_ / "firmware.json"));
}

}  // namespace
}  // namespace iotmark::simdevice
