// `iotmark devtest run` over the sim-device's Telnet and MQTT logins
// (login_services): the same switchable flaws as its HTTP login reach the
// verdicts of S1.1-01/-02/-04 through the telnet and mqtt login kinds.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "device_test_fixture.h"

namespace iotmark::testing {
namespace {

namespace fs = std::filesystem;

DevtestRun RunOn(SimDeviceProcess& device, const std::string& login, const std::string& extra) {
  fs::path dir = device.state_dir().parent_path();
  (void)WriteFileAtomic(dir / "passwords.txt", "admin\npassword\n");
  std::string yaml = "host: 127.0.0.1\nlogin: " + login +
                     "\ndefault_passwords_file: " + (dir / "passwords.txt").string() + "\n" + extra;
  (void)WriteFileAtomic(dir / "target.yaml", yaml);
  DevtestRun run;
  run.exit_code = RunIotmark({"devtest", "run", "--target", (dir / "target.yaml").string(), "--out",
                              (dir / "out").string()},
                             &run.output);
  ReadReport(dir / "out", run);
  return run;
}

TEST(SimLoginServicesTest, TelnetWithLockoutPassesBruteForce) {
  SimDeviceProcess device(
      "brute_force: {mode: lockout, max_failures: 3, lockout_seconds: 8}\n"
      "login_services: {telnet: {port: {TCP_PORT}}}\n");
  ASSERT_TRUE(device.Start().ok()) << device.Log();
  DevtestRun run =
      RunOn(device,
            "{kind: telnet, port: " + std::to_string(device.tcp_port()) +
                ", username: admin, password: " + SimDeviceProcess::kFactoryPassword + "}",
            "brute_force: {attempts: 5, lockout_after: 3, parallel: 8, parallel_attempts: 16, "
            "recovery_timeout_s: 20}\n");
  EXPECT_EQ(run.verdicts["S1.1-01-default-passwords"], "PASS") << run.output;
  EXPECT_EQ(run.verdicts["S1.1-02-empty-password"], "PASS") << run.output;
  EXPECT_EQ(run.verdicts["S1.1-04-brute-force"], "PASS") << run.output;
  for (const auto& item : run.report["cases"]) {
    if (item["id"] != "S1.1-04-brute-force") continue;
    const auto& m = item["measurements"];
    EXPECT_EQ(m["sequential"]["wrong_guesses_evaluated"], 3) << m.dump(1);
    // The connection-level lock-out: later tries see the connection closed.
    EXPECT_GT(m["sequential"]["outcomes"]["connection-failed"].get<int>(), 0) << m.dump(1);
    EXPECT_GT(m["recovery_seconds"].get<double>(), 5.0);
    EXPECT_LE(m["guesses_per_minute"].get<double>(), 30.0);
  }
}

TEST(SimLoginServicesTest, MqttWithoutProtectionAndDefaultPasswordFails) {
  std::uint16_t port = FreeLoopbackPort(SOCK_STREAM);
  SimDeviceProcess device(
      "default_password_accepted: true\nbrute_force: {mode: none}\n"
      "login_services: {mqtt: {port: " +
      std::to_string(port) + "}}\n");
  ASSERT_TRUE(device.Start().ok()) << device.Log();
  DevtestRun run =
      RunOn(device,
            "{kind: mqtt, port: " + std::to_string(port) +
                ", username: admin, password: " + SimDeviceProcess::kFactoryPassword + "}",
            "");
  EXPECT_EQ(run.verdicts["S1.1-01-default-passwords"], "FAIL") << run.output;
  EXPECT_EQ(run.verdicts["S1.1-02-empty-password"], "PASS") << run.output;
  EXPECT_EQ(run.verdicts["S1.1-04-brute-force"], "FAIL") << run.output;
  EXPECT_EQ(run.exit_code, 1);
}

}  // namespace
}  // namespace iotmark::testing
