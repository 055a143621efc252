// `iotmark vulndb import` / `query` as processes: the fixture feed, JSON
// output, exit codes, and a large synthetic gzip feed imported with bounded
// memory (peak RSS well below the feed's uncompressed size).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim_device_process.h"

namespace iotmark::testing {
namespace {

namespace fs = std::filesystem;

class VulndbProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("iotmark-vulndb-cli-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path directory_;
};

TEST_F(VulndbProcessTest, ImportAndQueryTheFixture) {
  std::string db = (directory_ / "vulns.db").string();
  std::string output;
  ASSERT_EQ(RunIotmark({"vulndb", "import", "--db", db,
                        std::string(IOTMARK_VULNDB_FIXTURE) + "/nvd-test-feed.json", "--json"},
                       &output),
            0)
      << output;
  EXPECT_NE(output.find("\"without_metrics\": 2"), std::string::npos) << output;
  ASSERT_EQ(
      RunIotmark({"vulndb", "query", "--db", db, "--cpe", "cpe:/a:vsftpd:vsftpd:2.3.4", "--json"},
                 &output),
      0)
      << output;
  nlohmann::json json = nlohmann::json::parse(output.substr(output.find('{')));
  ASSERT_EQ(json["matches"].size(), 2u);
  EXPECT_EQ(json["matches"][0]["cve_id"], "CVE-2099-0001");
  EXPECT_EQ(json["matches"][0]["base_score"], 9.8);
  ASSERT_EQ(RunIotmark({"vulndb", "query", "--db", db, "--cpe",
                        "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2020.80"},
                       &output),
            0);
  EXPECT_NE(output.find("CVE-2099-0004"), std::string::npos) << output;
  EXPECT_NE(output.find("> 2019.78, < 2020.81"), std::string::npos) << output;
}

TEST_F(VulndbProcessTest, ErrorsExit2WithTheReason) {
  std::string output;
  EXPECT_EQ(RunIotmark({"vulndb", "query", "--db", (directory_ / "none.db").string(), "--cpe",
                        "cpe:/a:x:y:1"},
                       &output),
            2);
  EXPECT_NE(output.find("not found"), std::string::npos) << output;
  EXPECT_EQ(RunIotmark({"vulndb", "query", "--cpe", "vsftpd"}, &output), 2);
  fs::path broken = directory_ / "broken.json";
  std::ofstream(broken) << "{\"vulnerabilities\": [\n{\"cve\": {\"id\": \"CVE-2099-0001\"}},\n{";
  EXPECT_EQ(
      RunIotmark({"vulndb", "import", "--db", (directory_ / "v.db").string(), broken.string()},
                 &output),
      2);
  EXPECT_NE(output.find("broken.json:3"), std::string::npos) << output;
}

// Issue 11: --json gives a JSON document on a parse error too, and items that
// cannot be CVE records (bad id, CVSS out of range) are refused, exit 2.
TEST_F(VulndbProcessTest, ImportJsonOnErrorsAndRecordValidation) {
  struct Case {
    const char* name;
    std::string feed;
    const char* expected;
  };
  const Case cases[] = {
      {"broken.json", "{\"vulnerabilities\": [\n{\"cve\": {\"id\": \"CVE-2099-0001\"}},\n{",
       "broken.json:3"},
      {"nul-id.json", R"({"vulnerabilities": [{"cve": {"id": "\u0000"}}]})", "cve.id"},
      {"text-id.json", R"({"vulnerabilities": [{"cve": {"id": "not a cve"}}]})", "cve.id"},
      {"score.json",
       R"({"vulnerabilities": [{"cve": {"id": "CVE-2099-0001", "metrics": {"cvssMetricV31": )"
       R"([{"cvssData": {"baseScore": -5}}]}}}]})",
       "baseScore"},
  };
  for (const Case& test : cases) {
    fs::path feed = directory_ / test.name;
    std::ofstream(feed) << test.feed;
    std::string output;
    std::string db = (directory_ / "v.db").string();
    EXPECT_EQ(RunIotmark({"vulndb", "import", "--db", db, feed.string(), "--json"}, &output), 2)
        << test.name << output;
    std::size_t open = output.find("{\n");
    std::size_t close = output.rfind('}');
    ASSERT_NE(open, std::string::npos) << test.name << ": no JSON in " << output;
    auto json = nlohmann::json::parse(output.substr(open, close - open + 1), nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << output;
    EXPECT_EQ(json["imported"], false);
    EXPECT_EQ(json["error"]["code"], "parse error") << output;
    EXPECT_EQ(json["error"]["feed"], feed.string());
    EXPECT_NE(json["error"]["message"].get<std::string>().find(test.expected), std::string::npos)
        << json.dump();
  }
}

TEST_F(VulndbProcessTest, LargeGzipFeedStreamsWithBoundedMemory) {
  constexpr int kRecords = 25000;
  fs::path feed = directory_ / "large.json.gz";
  std::string generate = "python3 " + std::string(IOTMARK_VULNDB_FIXTURE) +
                         "/make_feeds.py large " + feed.string() + " " + std::to_string(kRecords);
  ASSERT_EQ(std::system(generate.c_str()), 0);
  // Uncompressed size of the feed, for comparison with the importer's peak memory.
  std::string size_command =
      "gzip -dc " + feed.string() + " | wc -c > " + (directory_ / "size").string();
  ASSERT_EQ(std::system(size_command.c_str()), 0);
  long uncompressed = 0;
  std::ifstream(directory_ / "size") >> uncompressed;
  ASSERT_GT(uncompressed, 40L << 20);

  pid_t child = fork();
  if (child == 0) {
    // Keep ASan's quarantine of freed memory small so RSS reflects live memory.
    setenv("ASAN_OPTIONS", "quarantine_size_mb=8:detect_leaks=0", 1);
    int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, 1);
    execl(IOTMARK_BINARY, IOTMARK_BINARY, "vulndb", "import", "--db",
          (directory_ / "large.db").c_str(), feed.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(child, &status, 0, &usage), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  long peak_bytes = usage.ru_maxrss * 1024L;
  std::cerr << "feed " << (uncompressed >> 20) << " MiB uncompressed, importer peak RSS "
            << (peak_bytes >> 20) << " MiB\n";
#if defined(__SANITIZE_ADDRESS__)
  // ASan's shadow memory and redzones inflate RSS several-fold; the normal
  // build (without sanitizers) enforces the bound.
  std::cerr << "memory bound not checked under AddressSanitizer\n";
#else
  EXPECT_LT(peak_bytes, uncompressed / 2) << "the importer must not hold the whole feed";
#endif
  std::string output;
  ASSERT_EQ(RunIotmark({"vulndb", "query", "--db", (directory_ / "large.db").string(), "--cpe",
                        "cpe:2.3:a:synthetic_vendor_5:synthetic_product_5:1.9", "--json"},
                       &output),
            0);
  EXPECT_NE(output.find("CVE-2099-0001005"), std::string::npos) << output.substr(0, 2000);
}

}  // namespace
}  // namespace iotmark::testing
