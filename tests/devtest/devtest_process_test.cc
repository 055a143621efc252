// `iotmark devtest run` against real sim-device processes: compliant (every
// case PASS), each flaw switched on alone (that case FAILs, the others stay
// PASS), unreachable and dying devices (never PASS), target-file errors, and
// `checklist apply-devtest` + `checklist validate`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/files.h"
#include "device_test_fixture.h"

namespace iotmark::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kAllCases = {"S1.1-12-tls",
                                            "S1.1-10-model-number",
                                            "S1.1-13-open-ports",
                                            "S1.1-13-known-vulnerabilities",
                                            "S1.1-01-default-passwords",
                                            "S1.1-02-empty-password",
                                            "S1.1-06-firmware-update",
                                            "S1.1-08-tampered-firmware",
                                            "S1.1-14-persistence",
                                            "S1.1-15-factory-reset",
                                            "S1.1-04-brute-force"};

// Starts a device with `flaws`, runs the device test, and checks that exactly
// `failing` cases FAIL and every other case PASSes.
void ExpectOnlyFailing(const Flaws& flaws, const std::set<std::string>& failing) {
  DeviceUnderTest dut(flaws);
  ASSERT_TRUE(dut.device().Start().ok()) << dut.device().Log();
  DevtestRun run = dut.Run();
  ASSERT_EQ(run.verdicts.size(), kAllCases.size()) << run.output;
  for (const std::string& id : kAllCases) {
    std::string expected = failing.count(id) ? "FAIL" : "PASS";
    EXPECT_EQ(run.verdicts[id], expected) << id << "\n" << run.report.dump(1).substr(0, 20000);
  }
  EXPECT_EQ(run.exit_code, failing.empty() ? 0 : 1) << run.output;
}

TEST(DevtestProcessTest, CompliantDevicePassesEveryCase) {
  DeviceUnderTest dut(Flaws{});
  ASSERT_TRUE(dut.device().Start().ok()) << dut.device().Log();
  DevtestRun run = dut.Run();
  for (const std::string& id : kAllCases) EXPECT_EQ(run.verdicts[id], "PASS") << id << run.output;
  EXPECT_EQ(run.exit_code, 0) << run.output;
  // Human summary on stdout, Japanese first; progress on stderr (same capture here).
  EXPECT_NE(run.output.find("実機テスト結果 / Device test results"), std::string::npos);
  EXPECT_NE(run.output.find("[devtest] S1.1-04"), std::string::npos);
  // Every case has bilingual rationale, times and hashed evidence that exists.
  fs::path out = dut.directory() / "out-0";
  for (const auto& item : run.report["cases"]) {
    EXPECT_FALSE(item["rationale"]["ja"].get<std::string>().empty());
    EXPECT_FALSE(item["rationale"]["en"].get<std::string>().empty());
    EXPECT_FALSE(item["started_at"].get<std::string>().empty());
    ASSERT_FALSE(item["evidence"].empty()) << item["id"];
    for (const auto& file : item["evidence"]) {
      EXPECT_TRUE(fs::exists(out / file["path"].get<std::string>())) << file["path"];
      EXPECT_EQ(file["sha256"].get<std::string>().size(), 64u);
    }
  }
  // Brute force: each attempt recorded; the ones after the threshold blocked; recovery measured.
  for (const auto& item : run.report["cases"]) {
    if (item["id"] != "S1.1-04-brute-force") continue;
    const auto& attempts = item["measurements"]["attempts"];
    ASSERT_EQ(attempts.size(), 5u);
    EXPECT_EQ(attempts[0]["http_status"], 401);
    EXPECT_EQ(attempts[4]["outcome"], "blocked");
    EXPECT_GT(item["measurements"]["recovery_seconds"].get<double>(), 0.5);
  }
}

TEST(DevtestProcessTest, DefaultPasswordFlawFailsOnlyS1101) {
  Flaws flaws;
  flaws.default_password_accepted = true;
  ExpectOnlyFailing(flaws, {"S1.1-01-default-passwords"});
}

TEST(DevtestProcessTest, MissingBruteForceProtectionFailsOnlyS1104) {
  Flaws flaws;
  flaws.no_brute_force_protection = true;
  ExpectOnlyFailing(flaws, {"S1.1-04-brute-force"});
}

TEST(DevtestProcessTest, HiddenModelNumberFailsOnlyS1110) {
  Flaws flaws;
  flaws.hide_model_number = true;
  ExpectOnlyFailing(flaws, {"S1.1-10-model-number"});
}

TEST(DevtestProcessTest, UnsignedFirmwareFailsOnlyS1108) {
  Flaws flaws;
  flaws.unsigned_firmware_accepted = true;
  ExpectOnlyFailing(flaws, {"S1.1-08-tampered-firmware"});
}

TEST(DevtestProcessTest, LostFirmwareVersionFailsOnlyS1106) {
  Flaws flaws;
  flaws.firmware_version_lost = true;
  ExpectOnlyFailing(flaws, {"S1.1-06-firmware-update"});
}

TEST(DevtestProcessTest, ResetRevertingFirmwareFailsOnlyS1115) {
  Flaws flaws;
  flaws.reset_reverts_firmware = true;
  ExpectOnlyFailing(flaws, {"S1.1-15-factory-reset"});
}

TEST(DevtestProcessTest, LostCredentialsFailOnlyS1114) {
  Flaws flaws;
  flaws.credentials_lost = true;
  ExpectOnlyFailing(flaws, {"S1.1-14-persistence"});
}

TEST(DevtestProcessTest, LostSettingsFailOnlyS1114) {
  Flaws flaws;
  flaws.settings_lost = true;
  ExpectOnlyFailing(flaws, {"S1.1-14-persistence"});
}

TEST(DevtestProcessTest, UndeclaredPortFailsAndIsListed) {
  Flaws flaws;
  flaws.undeclared_port = true;
  DeviceUnderTest dut(flaws);
  ASSERT_TRUE(dut.device().Start().ok());
  DevtestRun run = dut.Run();
  EXPECT_EQ(run.verdicts["S1.1-13-open-ports"], "FAIL") << run.output;
  for (const std::string& id : kAllCases) {
    if (id != "S1.1-13-open-ports") {
      EXPECT_EQ(run.verdicts[id], "PASS") << id << run.output;
    }
  }
  for (const auto& item : run.report["cases"]) {
    if (item["id"] == "S1.1-13-open-ports") {
      EXPECT_EQ(item["measurements"]["undeclared_tcp"].size(), 1u);
    }
  }
  EXPECT_EQ(run.exit_code, 1);
}

TEST(DevtestProcessTest, VulnerableServiceFailsListingCveAndScore) {
  Flaws flaws;
  flaws.vulnerable_service = true;
  DeviceUnderTest dut(flaws);
  ASSERT_TRUE(dut.device().Start().ok());
  DevtestRun run = dut.Run();
  EXPECT_EQ(run.verdicts["S1.1-13-known-vulnerabilities"], "FAIL") << run.output;
  EXPECT_NE(run.output.find("CVE-2099-0001 (CVSS 9.8"), std::string::npos) << run.output;
  for (const std::string& id : kAllCases) {
    if (id != "S1.1-13-known-vulnerabilities") {
      EXPECT_EQ(run.verdicts[id], "PASS") << id;
    }
  }
}

TEST(DevtestProcessTest, LegacyTlsFailsOnlyS1112) {
  Flaws flaws;
  flaws.legacy_tls = true;
  ExpectOnlyFailing(flaws, {"S1.1-12-tls"});
}

TEST(DevtestProcessTest, UnreachableDeviceGivesErrorNeverPass) {
  DeviceUnderTest dut(Flaws{});  // never started
  DevtestRun run = dut.Run();
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_EQ(run.verdicts.size(), kAllCases.size());
  for (const auto& [id, verdict] : run.verdicts) EXPECT_EQ(verdict, "ERROR") << id;
}

TEST(DevtestProcessTest, DeviceDyingMidTestIsNeverPass) {
  DeviceUnderTest dut(Flaws{});
  ASSERT_TRUE(dut.device().Start().ok());
  std::string yaml = dut.TargetYaml();
  // The "power cycle" kills the device: everything from S1.1-06 on sees no device.
  std::string stop = std::string(IOTMARK_BINARY) + " sim-device stop --state-dir " +
                     dut.device().state_dir().string();
  std::size_t at = yaml.find("power_cycle:");
  std::size_t end = yaml.find('\n', at);
  yaml.replace(at, end - at, "power_cycle: {command: \"" + stop + "\", ready_timeout_s: 2}");
  DevtestRun run = dut.Run(yaml);
  EXPECT_NE(run.exit_code, 0) << run.output;
  for (const char* id : {"S1.1-06-firmware-update", "S1.1-08-tampered-firmware",
                         "S1.1-14-persistence", "S1.1-15-factory-reset", "S1.1-04-brute-force"}) {
    EXPECT_TRUE(run.verdicts[id] == "ERROR" || run.verdicts[id] == "INCONCLUSIVE")
        << id << " = " << run.verdicts[id];
  }
}

TEST(DevtestProcessTest, AbsentSectionsAreNeverPass) {
  DeviceUnderTest dut(Flaws{});
  ASSERT_TRUE(dut.device().Start().ok());
  std::string yaml = "host: 127.0.0.1\nmodel_number: ABC-100\nweb: {base_url: \"http://127.0.0.1:" +
                     std::to_string(dut.device().http_port()) + "\"}\n";
  DevtestRun run = dut.Run(yaml);
  EXPECT_EQ(run.verdicts["S1.1-10-model-number"], "PASS");
  for (const auto& [id, verdict] : run.verdicts) {
    if (id == "S1.1-10-model-number") continue;
    EXPECT_TRUE(verdict == "NA" || verdict == "INCONCLUSIVE") << id << " = " << verdict;
  }
  // INCONCLUSIVE never exits 0 silently: exit 1 and the summary names what to judge.
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("A reviewer must still judge"), std::string::npos) << run.output;
}

TEST(DevtestProcessTest, InvalidTargetNamesTheFieldAndExits2) {
  DeviceUnderTest dut(Flaws{});
  DevtestRun run = dut.Run(
      "host: 127.0.0.1\nweb: {base_url: \"http://127.0.0.1:1\"}\nlogin: {kind: "
      "http-basic, username: admin}\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("login.password: required"), std::string::npos) << run.output;
  run = dut.Run("host: 10.1.2.3\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find(":1: host:"), std::string::npos) << run.output;
}

TEST(DevtestProcessTest, ApplyDevtestFillsTheChecklistThatValidateAccepts) {
  DeviceUnderTest dut(Flaws{});
  ASSERT_TRUE(dut.device().Start().ok());
  DevtestRun run = dut.Run();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  fs::path checklist = dut.directory() / "checklist" / "checklist.json";
  fs::create_directories(checklist.parent_path());
  std::string output;
  ASSERT_EQ(RunIotmark({"--schemes", std::string(IOTMARK_TEST_SOURCE_DIR) + "/schemes", "checklist",
                        "init", "--scheme", "jcstar-star1", "-o", checklist.string()},
                       &output),
            0)
      << output;
  ASSERT_EQ(RunIotmark({"checklist", "apply-devtest", checklist.string(),
                        (dut.directory() / "out-0").string()},
                       &output),
            0)
      << output;
  auto text = ReadFile(checklist);
  ASSERT_TRUE(text.ok());
  nlohmann::json json = nlohmann::json::parse(*text);
  std::string dump = json.dump();
  EXPECT_NE(dump.find("devtest/out-0/report.json"), std::string::npos);
  EXPECT_NE(dump.find("device-test"), std::string::npos);
  // A log changed after the test is refused.
  {
    std::ofstream(dut.directory() / "out-0" / "logs" / "S1.1-10-model-number.log", std::ios::app)
        << "tampered\n";
  }
  EXPECT_EQ(RunIotmark({"checklist", "apply-devtest", checklist.string(),
                        (dut.directory() / "out-0").string()},
                       &output),
            2);
  EXPECT_NE(output.find("sha256"), std::string::npos) << output;
}

}  // namespace
}  // namespace iotmark::testing
