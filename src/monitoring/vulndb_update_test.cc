// `vulndb update` as a library call against real NVD records
// (tests/fixtures/vulndb/nvd-real-subset.json) and real SBOM examples.
#include "monitoring/vulndb_update.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "registry/test_fixture.h"

namespace iotmark::monitoring {
namespace {

using registry::FindingStatus;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

const std::string kFixtures = std::string(IOTMARK_SOURCE_DIR) + "/tests/fixtures/";

class VulndbUpdateTest : public registry::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    auto repositories = persistence::MakeRepositories(*store_);
    ASSERT_TRUE(repositories.ok()) << repositories.status().ToString();
    findings_ = std::make_unique<registry::FindingsService>(*store_, clock_, *repositories);
    directory_ = std::filesystem::temp_directory_path() /
                 ("iotmark-vulndb-update-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    database_ = directory_ / "vulns.db";
    product_ = MakeProduct(vendor_a_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  Result<UpdateReport> Update(std::vector<std::filesystem::path> inputs) {
    UpdateOptions options;
    options.inputs = std::move(inputs);
    options.now_iso8601 = FormatIso8601(clock_.Now());
    return RunVulndbUpdate(database_, findings_.get(), options);
  }

  std::unique_ptr<registry::FindingsService> findings_;
  std::filesystem::path directory_, database_;
  std::int64_t product_ = 0;
};

TEST_F(VulndbUpdateTest, SpdxPurlOnlyComponentsMatchThroughTheMapAndVersionRanges) {
  // ACME: pkg:alpine/openssl@3.0.4 (CVE-2023-0286: >= 3.0.0, < 3.0.8) and
  // pkg:npm/elliptic@6.5.2 (no record in the subset).
  ASSERT_TRUE(findings_
                  ->AttachSbom(vendor_a_, product_, "1.0.0",
                               ReadFile(kFixtures + "sbom/spdx-2.3-acme.json"))
                  .ok());
  // tools-java: pkg:maven/org.webjars.npm/xlsx@0.16.6 (CVE-2021-32012: <= 0.16.9).
  ASSERT_TRUE(findings_
                  ->AttachSbom(vendor_a_, product_, "1.1.0",
                               ReadFile(kFixtures + "sbom/spdx-2.3-tools-java.json"))
                  .ok());
  auto report = Update({kFixtures + "vulndb/nvd-real-subset.json"});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->read, 3u);
  EXPECT_EQ(report->imported, 3u);
  EXPECT_TRUE(report->matched);
  EXPECT_EQ(report->match.components, 4u);
  EXPECT_EQ(report->match.unmatched, 1u);  // pkg:github/spdx/tools-java: not in the map
  EXPECT_EQ(report->recorded.new_findings, 2);
  EXPECT_EQ(report->recorded.mails_queued, 1);
  EXPECT_EQ(report->window_after.last_modified, "2026-06-17T03:52:40.430");
  EXPECT_EQ(report->window_after.first_last_modified, "2025-03-20T21:15:16.550");

  auto list = findings_->ListFindings(vendor_a_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).cve_id, "CVE-2023-0286");
  EXPECT_EQ(list->at(0).component, "OpenSSL");
  EXPECT_EQ(list->at(0).component_version, "3.0.4");
  EXPECT_EQ(list->at(0).firmware_version, "1.0.0");
  EXPECT_EQ(list->at(0).version_range, ">= 3.0.0, < 3.0.8");
  ASSERT_TRUE(list->at(0).base_score.has_value());
  EXPECT_DOUBLE_EQ(*list->at(0).base_score, 7.4);
  EXPECT_EQ(list->at(1).cve_id, "CVE-2021-32012");
  EXPECT_EQ(list->at(1).firmware_version, "1.1.0");

  // Incremental: the same page again imports nothing and records nothing new.
  auto again = Update({kFixtures + "vulndb/nvd-real-subset.json"});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->imported, 0u);
  EXPECT_EQ(again->skipped_unchanged, 3u);
  EXPECT_EQ(again->recorded.new_findings, 0);
  EXPECT_EQ(again->window_after.updates, 2);
  auto window = ReadUpdateWindow(database_);
  ASSERT_TRUE(window.ok() && window->has_value());
  EXPECT_EQ((*window)->last_modified, "2026-06-17T03:52:40.430");
}

TEST_F(VulndbUpdateTest, CpeComponentsAndNewerRecordsOnlyAfterTheWindow) {
  ASSERT_TRUE(findings_
                  ->AttachSbom(vendor_a_, product_, "1.0.0",
                               R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[
        {"name":"busybox","version":"1.36.1","cpe":"cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"},
        {"name":"busybox-new","version":"1.37.0","cpe":"cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"},
        {"name":"openssl","purl":"pkg:generic/openssl@3.0.8"},
        {"name":"mystery","purl":"pkg:generic/openssl"}]})")
                  .ok());
  auto report = Update({kFixtures + "vulndb/nvd-real-subset.json"});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->match.without_version, 1u);
  auto list = findings_->ListFindings(reviewer_);
  ASSERT_EQ(list->size(), 1u);  // busybox 1.36.1 <= 1.36.1; 1.37.0 and openssl 3.0.8 are outside
  EXPECT_EQ(list->at(0).cve_id, "CVE-2022-48174");
  EXPECT_EQ(list->at(0).component_ref, "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");

  // A page with an older and a newer lastModified: only the newer one is imported.
  nlohmann::json page = nlohmann::json::parse(ReadFile(kFixtures + "vulndb/nvd-real-subset.json"));
  page["vulnerabilities"][0]["cve"]["lastModified"] = "2026-07-01T00:00:00.000";
  std::ofstream(directory_ / "page2.json") << page.dump();
  auto second = Update({directory_ / "page2.json"});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->imported, 1u);
  EXPECT_EQ(second->skipped_unchanged, 2u);
  EXPECT_EQ(second->window_after.last_modified, "2026-07-01T00:00:00.000");
}

TEST_F(VulndbUpdateTest, ABrokenInputMovesNothing) {
  std::ofstream(directory_ / "broken.json") << R"({"vulnerabilities":[{"cve":{"id":)";
  auto report = Update({directory_ / "broken.json"});
  ASSERT_FALSE(report.ok());
  auto window = ReadUpdateWindow(database_);
  ASSERT_TRUE(window.ok());
  EXPECT_FALSE(window->has_value());
}

}  // namespace
}  // namespace iotmark::monitoring
