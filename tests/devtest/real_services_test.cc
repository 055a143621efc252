// `iotmark devtest run` against real Debian daemons in a network namespace
// the test creates (tests/devtest/netns_fixture.h): the full-range scan sees
// exactly what was started there. Needs root (ip netns add) and dropbear-bin.
//
// What a reviewer would conclude, asserted: an undeclared dropbear → S1.1-13
// open ports FAIL naming its port; only declared ports open → PASS stating
// "65535 TCP ports (1-65535) and 12 UDP ports"; a narrowed scan, or a scan
// that lost answers, is INCONCLUSIVE (never PASS); an IPv6 address is
// scanned too; a dropbear port in range gives a report, not a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/files.h"
#include "netns_fixture.h"

namespace iotmark::testing {
namespace {

namespace fs = std::filesystem;

struct DaemonRun {
  int exit_code = -1;
  std::string output;
  nlohmann::json report;
  nlohmann::json OpenPorts() const {
    for (const auto& item : report["cases"]) {
      if (item["id"] == "S1.1-13-open-ports") return item;
    }
    return nlohmann::json::object();
  }
};

class RealServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ns = NetworkNamespace::Create();
    ASSERT_TRUE(ns.ok()) << ns.status().message();
    ns_ = std::move(*ns);
    directory_ = fs::temp_directory_path() / ("iotmark-real-services-" + ns_->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    std::string output;
    ASSERT_EQ(RunCommand({"dropbearkey", "-t", "ed25519", "-f", (directory_ / "host_key").string()},
                         &output),
              0)
        << output;
  }
  void TearDown() override {
    ns_.reset();  // kills the daemons, deletes the namespace (also after a failed assertion)
    fs::remove_all(directory_);
  }

  // dropbear in the foreground on `address`:`port` inside the namespace.
  void StartDropbear(const std::string& address, int port) {
    std::string listen = address.find(':') != std::string::npos ? "[" + address + "]" : address;
    ns_->Start({"dropbear", "-F", "-E", "-s", "-r", (directory_ / "host_key").string(), "-p",
                listen + ":" + std::to_string(port), "-P",
                (directory_ / ("dropbear-" + std::to_string(port) + ".pid")).string()},
               directory_ / ("dropbear-" + std::to_string(port) + ".log"));
    if (address == "127.0.0.1") {
      ASSERT_TRUE(ns_->WaitForTcpPort(port, 5000)) << "dropbear did not listen on " << port;
    } else {
      // Wait for the pid file dropbear writes once it listens.
      for (int i = 0;
           i < 100 && !fs::exists(directory_ / ("dropbear-" + std::to_string(port) + ".pid"));
           ++i) {
        usleep(50000);
      }
    }
  }

  DaemonRun DevtestRun(const std::string& yaml) {
    DaemonRun run;
    fs::path target = directory_ / ("target-" + std::to_string(runs_) + ".yaml");
    fs::path out = directory_ / ("out-" + std::to_string(runs_++));
    (void)WriteFileAtomic(target, yaml);
    run.exit_code = ns_->Run(
        {IOTMARK_BINARY, "devtest", "run", "--target", target.string(), "--out", out.string()},
        &run.output);
    auto text = ReadFile(out / "report.json");
    if (text.ok()) run.report = nlohmann::json::parse(*text, nullptr, false);
    return run;
  }

  std::unique_ptr<NetworkNamespace> ns_;
  fs::path directory_;
  int runs_ = 0;
};

TEST_F(RealServicesTest, UndeclaredDropbearFailsNamingItsPort) {
  StartDropbear("127.0.0.1", 22);
  StartDropbear("127.0.0.1", 2222);
  DaemonRun run = DevtestRun("host: 127.0.0.1\ndeclared_ports: {tcp: [22]}\n");
  // A dropbear port in range: a complete report, not a crash.
  ASSERT_TRUE(run.report.is_object()) << run.output;
  nlohmann::json ports = run.OpenPorts();
  EXPECT_EQ(ports["verdict"], "FAIL") << ports.dump(1);
  EXPECT_EQ(ports["measurements"]["undeclared_tcp"], nlohmann::json::array({2222}));
  EXPECT_EQ(ports["measurements"]["open_tcp"], nlohmann::json::array({22, 2222}));
  EXPECT_EQ(ports["measurements"]["tcp_ranges"], nlohmann::json::array({"1-65535"}));
  std::string rationale = ports["rationale"]["en"].get<std::string>();
  EXPECT_NE(rationale.find("Undeclared open ports: 2222/tcp"), std::string::npos) << rationale;
  EXPECT_NE(rationale.find("65535 TCP ports (1-65535)"), std::string::npos) << rationale;
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("S1.1-13-open-ports: FAIL"), std::string::npos) << run.output;
}

TEST_F(RealServicesTest, DeclaredPortsOnlyPassWithTheFullRangeStated) {
  StartDropbear("127.0.0.1", 22);
  StartDropbear("127.0.0.1", 2222);
  DaemonRun run = DevtestRun("host: 127.0.0.1\ndeclared_ports: {tcp: [22, 2222]}\n");
  nlohmann::json ports = run.OpenPorts();
  ASSERT_EQ(ports["verdict"], "PASS") << ports.dump(1) << run.output;
  std::string rationale = ports["rationale"]["en"].get<std::string>();
  EXPECT_NE(rationale.find("65535 TCP ports (1-65535) and 12 UDP ports (53, 67, 69, 123, 137, "
                           "161, 500, 1900, 3702, 5353, 5683, 47808) scanned on 127.0.0.1; "
                           "open: 22/tcp, 2222/tcp, all declared"),
            std::string::npos)
      << rationale;
  EXPECT_TRUE(ports["measurements"]["full_range"].get<bool>());
  EXPECT_EQ(ports["measurements"]["tcp_ports_scanned"], 65535);
  EXPECT_EQ(ports["measurements"]["udp_probes"]["5683"]["service"], "coap");
  // The other cases have nothing to test (no web, no login) and say so; none PASSes by default.
  for (const auto& item : run.report["cases"]) {
    if (item["id"] == "S1.1-13-open-ports") continue;
    EXPECT_NE(item["verdict"], "PASS") << item["id"];
  }
}

TEST_F(RealServicesTest, UnscannedRangeNeverSupportsPass) {
  StartDropbear("127.0.0.1", 22);
  StartDropbear("127.0.0.1", 2222);  // undeclared, outside the narrowed range
  DaemonRun run =
      DevtestRun("host: 127.0.0.1\ndeclared_ports: {tcp: [22]}\nscan: {tcp: [\"1-1024\"]}\n");
  nlohmann::json ports = run.OpenPorts();
  EXPECT_EQ(ports["verdict"], "INCONCLUSIVE") << ports.dump(1);
  std::string rationale = ports["rationale"]["en"].get<std::string>();
  EXPECT_NE(rationale.find("not scanned: TCP 1025-65535"), std::string::npos) << rationale;
  EXPECT_FALSE(ports["measurements"]["full_range"].get<bool>());
}

TEST_F(RealServicesTest, Ipv6AddressIsScannedToo) {
  StartDropbear("127.0.0.1", 22);
  StartDropbear("::1", 2222);  // listens on IPv6 only
  // Known vulnerabilities are looked up for the services of both addresses.
  std::string db = (directory_ / "vulns.db").string();
  fs::path fixtures = fs::path(IOTMARK_SOURCE_DIR) / "tests/fixtures/vulndb/real";
  std::string import_output;
  ASSERT_EQ(ns_->Run({IOTMARK_BINARY, "vulndb", "import", "--db", db,
                      (fixtures / "nvd-cve-subset.json").string(),
                      (fixtures / "nvd-cpe-subset.json").string()},
                     &import_output),
            0)
      << import_output;
  DaemonRun run = DevtestRun("host: 127.0.0.1\nhost_ipv6: \"::1\"\ndeclared_ports: {tcp: [22]}\n"
                             "vulndb: " + db + "\n");
  nlohmann::json ports = run.OpenPorts();
  bool ipv6_dropbear_identified = false;
  for (const auto& item : run.report["cases"]) {
    if (item["id"] != "S1.1-13-known-vulnerabilities") continue;
    for (const auto& service : item["measurements"]["services"]) {
      if (service.value("address", "") == "::1" && service["port"] == 2222) {
        EXPECT_NE(service.dump().find("ropbear"), std::string::npos) << service.dump(1);
        ipv6_dropbear_identified = true;
      }
    }
  }
  EXPECT_TRUE(ipv6_dropbear_identified) << run.report.dump(1).substr(0, 4000);
  EXPECT_EQ(ports["verdict"], "FAIL") << ports.dump(1) << run.output;
  EXPECT_EQ(ports["measurements"]["addresses"], nlohmann::json::array({"127.0.0.1", "::1"}));
  EXPECT_EQ(ports["measurements"]["undeclared_tcp"], nlohmann::json::array({2222}));
  const auto& per_address = ports["measurements"]["per_address"];
  ASSERT_EQ(per_address.size(), 2u);
  EXPECT_EQ(per_address[0]["open_tcp"], nlohmann::json::array({22}));
  EXPECT_EQ(per_address[1]["open_tcp"], nlohmann::json::array({2222}));
}

// A LAN-style target (authorised) on a link where nothing answers: every probe
// times out, so the scan lost answers → INCONCLUSIVE with the figures. The
// veth pair lives in the test's namespace; no packet leaves it.
TEST_F(RealServicesTest, ScanThatLostAnswersIsInconclusiveWithFigures) {
  std::string output;
  ASSERT_EQ(
      ns_->Run({"ip", "link", "add", "iot0", "type", "veth", "peer", "name", "iot1"}, &output), 0)
      << output;
  ASSERT_EQ(ns_->Run({"ip", "addr", "add", "192.0.2.1/24", "dev", "iot0"}, &output), 0) << output;
  ASSERT_EQ(ns_->Run({"ip", "link", "set", "iot0", "up"}, &output), 0) << output;
  ASSERT_EQ(ns_->Run({"ip", "link", "set", "iot1", "up"}, &output), 0) << output;
  DaemonRun run = DevtestRun(
      "host: 192.0.2.2\n"
      "authorization: {authorized_by: \"test suite\", device_owner: \"test namespace\", date: "
      "2026-12-01}\n"
      "declared_ports: {tcp: [80]}\nscan: {tcp: [\"1-200\"], udp: [], timeout_ms: 200}\n");
  nlohmann::json ports = run.OpenPorts();
  EXPECT_EQ(ports["verdict"], "INCONCLUSIVE") << ports.dump(1) << run.output;
  std::string rationale = ports["rationale"]["en"].get<std::string>();
  EXPECT_NE(rationale.find("lost answers"), std::string::npos) << rationale;
  EXPECT_NE(rationale.find("of 200 TCP probes unanswered"), std::string::npos) << rationale;
  EXPECT_GT(ports["measurements"]["tcp_timed_out"].get<int>(), 2);
}

}  // namespace
}  // namespace iotmark::testing
