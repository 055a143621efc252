// Test helper: a sim-device with a chosen set of flaws plus the matching
// target file, and a way to run `iotmark devtest run` on it and read the
// verdict of every case from report.json.
#ifndef IOTMARK_TESTS_DEVTEST_DEVICE_TEST_FIXTURE_H_
#define IOTMARK_TESTS_DEVTEST_DEVICE_TEST_FIXTURE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sim_device_process.h"

namespace iotmark::testing {

// Each flag switches one behaviour of the device from compliant to flawed.
struct Flaws {
  bool default_password_accepted = false;   // S1.1-01
  bool no_brute_force_protection = false;   // S1.1-04
  bool hide_model_number = false;           // S1.1-10
  bool unsigned_firmware_accepted = false;  // S1.1-08
  bool firmware_version_lost = false;       // S1.1-06
  bool reset_reverts_firmware = false;      // S1.1-15
  bool credentials_lost = false;            // S1.1-14
  bool settings_lost = false;               // S1.1-14
  bool undeclared_port = false;             // S1.1-13 ports
  bool vulnerable_service = false;          // S1.1-13 known vulnerabilities
  bool legacy_tls = false;                  // S1.1-12
};

struct DevtestRun {
  int exit_code = -1;
  std::string output;
  nlohmann::json report;
  std::map<std::string, std::string> verdicts;  // case id → verdict
};

class DeviceUnderTest {
 public:
  explicit DeviceUnderTest(const Flaws& flaws);
  ~DeviceUnderTest();

  SimDeviceProcess& device() { return *device_; }
  // The target file text; `extra` lines are appended (for tests of absent sections).
  std::string TargetYaml() const;
  // Writes TargetYaml() (or `yaml`) and runs `iotmark devtest run` into a fresh folder.
  DevtestRun Run(const std::string& yaml = "");
  const std::filesystem::path& directory() const { return directory_; }

  // A vulnerability DB built once from tests/fixtures/vulndb/nvd-test-feed.json.
  static std::string VulnDatabasePath();

 private:
  std::unique_ptr<SimDeviceProcess> device_;
  std::filesystem::path directory_;
  std::uint16_t undeclared_port_ = 0;
  int runs_ = 0;
};

// Moves this test process into a network namespace of its own (once, on first
// use; DeviceUnderTest does it itself), so full-range scans see only the test's devices.
void EnterTestNamespace();

// Reads report.json of a finished run into `run`.
void ReadReport(const std::filesystem::path& out_dir, DevtestRun& run);

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_DEVTEST_DEVICE_TEST_FIXTURE_H_
