// Real service replies → nmap's probe data → CPE → real NVD records
// (tests/fixtures/vulndb/real/, made by make-subset.sh from NVD's JSON):
// each vulnerable version matches the right CVEs, each patched one none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "devtest/service_probes.h"
#include "devtest/service_probes_identify.h"
#include "vulndb/database.h"

namespace iotmark::devtest {
namespace {

namespace fs = std::filesystem;

class KnownVulnerabilitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto probes = ServiceProbes::LoadWithIotmarkProbes(kNmapServiceProbesPath);
    ASSERT_TRUE(probes.ok()) << probes.status().ToString();
    probes_ = new ServiceProbes(std::move(probes).value());
    path_ = fs::temp_directory_path() / ("iotmark-known-" + std::to_string(::getpid()) + ".db");
    fs::remove(path_);
    auto database = vulndb::VulnDatabase::Open(path_);
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = new vulndb::VulnDatabase(std::move(database).value());
    fs::path real = fs::path(IOTMARK_VULNDB_FIXTURE) / "real";
    auto cves = database_->ImportFeed(real / "nvd-cve-subset.json");
    ASSERT_TRUE(cves.ok()) << cves.status().ToString();
    EXPECT_EQ(cves->records, 18u);
    auto dictionary = database_->ImportFeed(real / "nvd-cpe-subset.json");
    ASSERT_TRUE(dictionary.ok()) << dictionary.status().ToString();
    EXPECT_EQ(dictionary->kind, "cpe-dictionary");
  }
  static void TearDownTestSuite() {
    delete database_;
    delete probes_;
    fs::remove(path_);
    fs::remove(path_.string() + "-wal");
    fs::remove(path_.string() + "-shm");
  }

  struct Outcome {
    bool identified = false;
    bool versioned = false;
    std::set<std::string> cves;
    std::set<std::string> at_or_above_7;
  };

  static Outcome Judge(const std::string& probe, const std::string& reply) {
    Outcome outcome;
    auto match = probes_->Match(reply, probe);
    if (!match || match->soft) return outcome;
    outcome.identified = true;
    for (const std::string& text : match->cpes) {
      auto cpe = vulndb::ParseCpe(text);
      if (!cpe.ok() || cpe->part != "a") continue;
      auto version = VersionForMatching(cpe->version);
      if (!version) continue;
      outcome.versioned = true;
      cpe->version = *version;
      auto result = database_->Match(*cpe, vulndb::VendorAliases::BuiltIn());
      EXPECT_TRUE(result.ok()) << result.status().ToString();
      if (!result.ok()) continue;
      for (const auto& found : result->matches) {
        outcome.cves.insert(found.cve_id);
        if (found.base_score && *found.base_score >= 7.0)
          outcome.at_or_above_7.insert(found.cve_id);
      }
    }
    return outcome;
  }

  static ServiceProbes* probes_;
  static vulndb::VulnDatabase* database_;
  static fs::path path_;
};

ServiceProbes* KnownVulnerabilitiesTest::probes_ = nullptr;
vulndb::VulnDatabase* KnownVulnerabilitiesTest::database_ = nullptr;
fs::path KnownVulnerabilitiesTest::path_;

using Set = std::set<std::string>;

TEST_F(KnownVulnerabilitiesTest, DropbearThroughNvdNaming) {
  // Binary KEXINIT bytes follow the banner, as a real dropbear sends them.
  std::string kexinit("\x00\x00\x01\x8c\x0a\x14\x89\xfe\x00\xc3", 10);
  Outcome vulnerable = Judge("NULL", "SSH-2.0-dropbear_2016.72\r\n" + kexinit);
  EXPECT_TRUE(vulnerable.identified);
  EXPECT_EQ(vulnerable.at_or_above_7, Set({"CVE-2016-7406"}));
  EXPECT_EQ(Judge("NULL", "SSH-2.0-dropbear_2016.74\r\n" + kexinit).cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, OpenSsh) {
  Outcome debian = Judge("NULL", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  EXPECT_EQ(debian.cves, Set({"CVE-2023-38408", "CVE-2024-6387"}));
  EXPECT_EQ(Judge("NULL", "SSH-2.0-OpenSSH_9.8p1\r\n").cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, BusyBoxTelnetd) {
  auto banner = [](const std::string& version) {
    return std::string("\xff\xfd\x01\xff\xfd!\xff\xfb\x01\xff\xfb\x03\r\n\r\nBusyBox v") + version +
           " (2021-06-18 10:00:00 UTC) Built-in shell (ash)\r\nEnter 'help' for a list of "
           "built-in commands.\r\n\r\n# ";
  };
  EXPECT_EQ(Judge("NULL", banner("1.33.1")).at_or_above_7, Set({"CVE-2021-42386"}));
  EXPECT_EQ(Judge("NULL", banner("1.34.0")).cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, LighttpdFromServerHeader) {
  Outcome old = Judge("GetRequest",
                      "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
                      "Server: lighttpd/1.4.53\r\n\r\n<html></html>");
  EXPECT_EQ(old.cves, Set({"CVE-2019-11072", "CVE-2022-22707"}));
  EXPECT_EQ(old.at_or_above_7, Set({"CVE-2019-11072"}));
  EXPECT_EQ(Judge("GetRequest", "HTTP/1.0 200 OK\r\nServer: lighttpd/1.4.69\r\n\r\n").cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, GoAheadBoaMiniHttpd) {
  EXPECT_EQ(Judge("GetRequest", "HTTP/1.1 200 OK\r\nServer: GoAhead-Webs/2.5.0\r\n\r\n").cves,
            Set({"CVE-2017-17562"}));
  EXPECT_EQ(Judge("GetRequest", "HTTP/1.1 200 OK\r\nServer: GoAhead-Webs/3.6.5\r\n\r\n").cves,
            Set());
  auto boa = [](const std::string& version) {
    return "HTTP/1.0 401 Unauthorized\r\nServer: Boa/" + version +
           "\r\nWWW-Authenticate: Basic realm=\"Broadband Router\"\r\n\r\n";
  };
  EXPECT_EQ(Judge("GetRequest", boa("0.94.14rc21")).at_or_above_7, Set({"CVE-2017-9833"}));
  EXPECT_EQ(Judge("GetRequest", boa("0.94.13")).cves, Set());
  EXPECT_EQ(
      Judge("GetRequest", "HTTP/1.0 200 OK\r\nServer: mini_httpd/1.19 19dec2003\r\n\r\n").cves,
      Set({"CVE-2018-18778"}));
  EXPECT_EQ(
      Judge("GetRequest", "HTTP/1.0 200 OK\r\nServer: mini_httpd/1.30 26Oct2018\r\n\r\n").cves,
      Set());
}

TEST_F(KnownVulnerabilitiesTest, UhttpdIsIdentifiedButNvdFilesItUnderOpenWrt) {
  // CVE-2019-19945 (uhttpd) is filed under cpe:2.3:o:openwrt:openwrt; a
  // uhttpd banner names no OpenWrt release, so nothing can be matched.
  Outcome outcome = Judge("GetRequest",
                          "HTTP/1.0 401 Unauthorized\r\nServer: uhttpd/1.0.0\r\n"
                          "WWW-Authenticate: Basic realm=\"NETGEAR R7800\"\r\n\r\n");
  EXPECT_TRUE(outcome.identified);
  EXPECT_FALSE(outcome.versioned);
  EXPECT_EQ(outcome.cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, DnsmasqFromVersionBind) {
  auto reply = [](const std::string& version) {
    std::string txt = "dnsmasq-" + version;
    std::string answer = std::string("\x00\x06\x85\x80\x00\x01\x00\x01\x00\x00\x00\x00", 12) +
                         std::string(
                             "\x07version\x04"
                             "bind\x00\x00\x10\x00\x03",
                             18) +
                         std::string("\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00", 10) +
                         std::string(1, '\0') + std::string(1, static_cast<char>(txt.size() + 1)) +
                         std::string(1, static_cast<char>(txt.size())) + txt;
    return std::string(1, '\0') + std::string(1, static_cast<char>(answer.size())) + answer;
  };
  EXPECT_EQ(Judge("DNSVersionBindReqTCP", reply("2.76")).at_or_above_7, Set({"CVE-2017-14491"}));
  EXPECT_EQ(Judge("DNSVersionBindReqTCP", reply("2.78")).cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, MiniupnpdVsftpdProftpdPureFtpd) {
  auto upnp = [](const std::string& version) {
    return " 501 Not Implemented\r\nServer: AsusWRT/380 UPnP/1.1 MiniUPnPd/" + version + "\r\n";
  };
  EXPECT_EQ(Judge("GenericLines", upnp("1.9")).at_or_above_7, Set({"CVE-2017-1000494"}));
  EXPECT_EQ(Judge("GenericLines", upnp("2.1")).cves, Set());
  EXPECT_EQ(Judge("NULL", "220 (vsFTPd 2.3.4)\r\n").at_or_above_7, Set({"CVE-2011-2523"}));
  EXPECT_EQ(Judge("NULL", "220 (vsFTPd 3.0.3)\r\n").cves, Set());
  EXPECT_EQ(Judge("NULL", "220 ProFTPD 1.3.5 Server (Debian) [::ffff:127.0.0.1]\r\n").at_or_above_7,
            Set({"CVE-2015-3306"}));
  EXPECT_EQ(Judge("NULL", "220 ProFTPD 1.3.6 Server (Debian) [::ffff:127.0.0.1]\r\n").cves, Set());
  EXPECT_EQ(Judge("NULL", "220 Welcome to Pure-FTPd 1.0.49\r\n").at_or_above_7,
            Set({"CVE-2019-20176"}));
  EXPECT_EQ(Judge("NULL", "220 Welcome to Pure-FTPd 1.0.50\r\n").cves, Set());
}

TEST_F(KnownVulnerabilitiesTest, MosquittoFromSysVersion) {
  auto reply = [](const std::string& version) {
    std::string topic = "$SYS/broker/version";
    std::string payload = "mosquitto version " + version;
    std::string publish =
        std::string(1, '\0') + std::string(1, static_cast<char>(topic.size())) + topic + payload;
    return std::string("\x20\x02\x00\x00\x90\x03\x00\x01\x00", 9) + "\x31" +
           std::string(1, static_cast<char>(publish.size())) + publish;
  };
  EXPECT_EQ(Judge("MQTTSysVersion", reply("1.4.10")).cves, Set({"CVE-2017-7650", "CVE-2017-7651"}));
  EXPECT_EQ(Judge("MQTTSysVersion", reply("1.4.14")).at_or_above_7, Set({"CVE-2017-7651"}));
  EXPECT_EQ(Judge("MQTTSysVersion", reply("1.4.15")).cves, Set());
}

TEST(VersionForMatchingTest, FirstWordOfAConcreteVersion) {
  EXPECT_EQ(VersionForMatching("1.30 26oct2018"), "1.30");
  EXPECT_EQ(VersionForMatching("1.0.49\r\n"), "1.0.49");
  EXPECT_EQ(VersionForMatching("3.X - 4.X"), std::nullopt);
  EXPECT_EQ(VersionForMatching(""), std::nullopt);
}

}  // namespace
}  // namespace iotmark::devtest
