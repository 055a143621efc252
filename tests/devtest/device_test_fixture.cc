#include "device_test_fixture.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <mutex>

#include "common/files.h"
#include "netns_fixture.h"
#include "vulndb/database.h"

namespace iotmark::testing {

namespace fs = std::filesystem;

namespace {

std::string DeviceYaml(const Flaws& flaws, std::uint16_t undeclared_port) {
  std::string yaml;
  yaml += "default_password_accepted: " +
          std::string(flaws.default_password_accepted ? "true" : "false") + "\n";
  yaml += flaws.no_brute_force_protection
              ? "brute_force: {mode: none}\n"
              : "brute_force: {mode: lockout, max_failures: 3, lockout_seconds: 2}\n";
  yaml += "show_model_number: " + std::string(flaws.hide_model_number ? "false" : "true") + "\n";
  yaml += "firmware_version: 1.0.0\n";
  yaml += "firmware_update: {require_signature: " +
          std::string(flaws.unsigned_firmware_accepted ? "false" : "true") +
          ", persist_version: " + std::string(flaws.firmware_version_lost ? "false" : "true") +
          "}\n";
  yaml += "factory_reset: {keep_updated_firmware: " +
          std::string(flaws.reset_reverts_firmware ? "false" : "true") + "}\n";
  yaml += "persistence: {credentials: " + std::string(flaws.credentials_lost ? "false" : "true") +
          ", settings: " + std::string(flaws.settings_lost ? "false" : "true") + "}\n";
  yaml += "tls: {enabled: true, port: {TLS_PORT}, min_version: " +
          std::string(flaws.legacy_tls ? "tls1.0" : "tls1.2") + "}\n";
  yaml += "extra_tcp:\n  - {port: {TCP_PORT}, banner: \"220 (vsFTPd " +
          std::string(flaws.vulnerable_service ? "2.3.4" : "3.0.5") + ")\"}\n";
  if (flaws.undeclared_port) {
    yaml += "  - {port: " + std::to_string(undeclared_port) + ", banner: \"debug shell\"}\n";
  }
  yaml += "extra_udp: [{port: {UDP_PORT}, reply: \"ACME CoAP 0.9\"}]\n";
  return yaml;
}

// A YAML single-quoted scalar: inner single quotes are doubled.
std::string SingleQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char character : text) {
    quoted += character;
    if (character == '\'') quoted += '\'';
  }
  return quoted + "'";
}

}  // namespace

std::string DeviceUnderTest::VulnDatabasePath() {
  static std::once_flag once;
  static std::string path;
  std::call_once(once, [] {
    path = (fs::temp_directory_path() /
            ("iotmark-devtest-vulns-" + std::to_string(::getpid()) + ".db"))
               .string();
    fs::remove(path);
    auto database = vulndb::VulnDatabase::Open(path);
    if (database.ok()) {
      (void)database->ImportFeed(fs::path(IOTMARK_VULNDB_FIXTURE) / "nvd-test-feed.json");
    }
  });
  return path;
}

void EnterTestNamespace() {
  // One namespace per test process (CTest runs each test in its own), entered
  // before the first device starts: the devices, `iotmark devtest run` and its
  // full-range scan all live there, away from the host's own listeners.
  static std::unique_ptr<NetworkNamespace> ns = [] {
    auto created = NetworkNamespace::Create();
    if (!created.ok()) {
      ADD_FAILURE() << created.status().message();
      return std::unique_ptr<NetworkNamespace>();
    }
    Status entered = (*created)->Enter();
    if (!entered.ok()) ADD_FAILURE() << entered.message();
    return std::move(*created);
  }();
}

DeviceUnderTest::DeviceUnderTest(const Flaws& flaws) {
  EnterTestNamespace();
  undeclared_port_ = FreeLoopbackPort(SOCK_STREAM);
  device_ = std::make_unique<SimDeviceProcess>(DeviceYaml(flaws, undeclared_port_));
  directory_ = device_->state_dir().parent_path() / "devtest";
  fs::create_directories(directory_);
}

DeviceUnderTest::~DeviceUnderTest() = default;

std::string DeviceUnderTest::TargetYaml() const {
  std::string iotmark = IOTMARK_BINARY;
  std::string state = device_->state_dir().string();
  std::string http = std::to_string(device_->http_port());
  std::string make = iotmark + " sim-device make-firmware --state-dir " + state;
  std::string upload =
      "curl -sf --noproxy '*' -u \"$IOTMARK_DEVTEST_USERNAME:$IOTMARK_DEVTEST_PASSWORD\" "
      "--data-binary @\"$IOTMARK_DEVTEST_OUT_DIR/";
  std::string yaml;
  yaml += "host: 127.0.0.1\nmodel_number: ABC-100\n";
  yaml += "declared_ports: {tcp: [" + http + ", " + std::to_string(device_->tls_port()) + ", " +
          std::to_string(device_->tcp_port()) + "], udp: [" + std::to_string(device_->udp_port()) +
          "]}\n";
  yaml += "web: {base_url: \"http://127.0.0.1:" + http + "\"}\n";
  yaml += "login: {kind: http-basic, username: admin, password: \"" +
          std::string(SimDeviceProcess::kFactoryPassword) + "\"}\n";
  yaml += "power_cycle: {command: \"" + iotmark + " sim-device power-cycle --state-dir " + state +
          "\", ready_timeout_s: 20}\n";
  yaml += "factory_reset: {command: \"" + iotmark + " sim-device factory-reset --state-dir " +
          state + "\", ready_timeout_s: 20}\n";
  yaml += "firmware_update:\n";
  yaml += "  command: " +
          SingleQuoted(make + " --version 1.1.0 -o \"$IOTMARK_DEVTEST_OUT_DIR/fw.json\" && " +
                       upload + "fw.json\" \"$IOTMARK_DEVTEST_BASE_URL/api/firmware\"") +
          "\n";
  yaml += "  expected_version: 1.1.0\n";
  yaml +=
      "  tampered_command: " +
      SingleQuoted(make + " --version 9.9.9 --tamper -o \"$IOTMARK_DEVTEST_OUT_DIR/bad.json\" && " +
                   upload + "bad.json\" \"$IOTMARK_DEVTEST_BASE_URL/api/firmware\"") +
      "\n";
  yaml += "vulndb: " + VulnDatabasePath() + "\n";
  yaml +=
      "brute_force: {attempts: 5, lockout_after: 3, min_delay_ms: 300, request_timeout_ms: "
      "5000, recovery_timeout_s: 10}\n";
  yaml += "settings: {key: device_name, value: devtest-value}\n";
  yaml += "scan: {timeout_ms: 300}\n";  // every TCP port and the default UDP list
  yaml += "tls: {base_url: \"https://127.0.0.1:" + std::to_string(device_->tls_port()) + "\"}\n";
  return yaml;
}

void ReadReport(const fs::path& out_dir, DevtestRun& run) {
  auto text = ReadFile(out_dir / "report.json");
  if (!text.ok()) return;
  run.report = nlohmann::json::parse(*text, nullptr, false);
  if (!run.report.is_object()) return;
  for (const auto& item : run.report["cases"]) {
    run.verdicts[item["id"].get<std::string>()] = item["verdict"].get<std::string>();
  }
}

DevtestRun DeviceUnderTest::Run(const std::string& yaml) {
  DevtestRun run;
  fs::path target = directory_ / ("target-" + std::to_string(runs_) + ".yaml");
  fs::path out = directory_ / ("out-" + std::to_string(runs_++));
  (void)WriteFileAtomic(target, yaml.empty() ? TargetYaml() : yaml);
  run.exit_code = RunIotmark({"devtest", "run", "--target", target.string(), "--out", out.string()},
                             &run.output);
  ReadReport(out, run);
  return run;
}

}  // namespace iotmark::testing
