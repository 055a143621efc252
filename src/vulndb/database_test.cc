#include "vulndb/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

namespace iotmark::vulndb {
namespace {

namespace fs = std::filesystem;

class VulnDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("iotmark-vulndb-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    fs::remove(path_);
    auto database = VulnDatabase::Open(path_);
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_.emplace(std::move(database).value());
    auto summary = database_->ImportFeed(fs::path(IOTMARK_VULNDB_FIXTURE) / "nvd-test-feed.json");
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    summary_ = *summary;
  }
  void TearDown() override {
    database_.reset();
    fs::remove(path_);
    fs::remove(path_.string() + "-wal");
    fs::remove(path_.string() + "-shm");
  }
  std::vector<std::string> Query(const std::string& text) {
    auto cpe = ParseCpe(text);
    EXPECT_TRUE(cpe.ok()) << text;
    auto matches = database_->Query(*cpe, VendorAliases::BuiltIn());
    EXPECT_TRUE(matches.ok()) << matches.status().ToString();
    std::vector<std::string> ids;
    for (const auto& match : *matches) ids.push_back(match.cve_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  fs::path path_;
  std::optional<VulnDatabase> database_;
  ImportSummary summary_;
};

TEST_F(VulnDatabaseTest, ImportKeepsFlaggedRecords) {
  EXPECT_EQ(summary_.records, 8u);
  EXPECT_EQ(summary_.without_configurations, 1u);  // CVE-2099-0003
  EXPECT_EQ(summary_.without_metrics, 2u);         // CVE-2099-0003, -0008
  EXPECT_EQ(*database_->CountRecords(), 8u);
  // Importing again replaces, never duplicates.
  ASSERT_TRUE(database_->ImportFeed(fs::path(IOTMARK_VULNDB_FIXTURE) / "nvd-test-feed.json").ok());
  EXPECT_EQ(*database_->CountRecords(), 8u);
  EXPECT_EQ(Query("cpe:/a:vsftpd:vsftpd:2.3.4"),
            (std::vector<std::string>{"CVE-2099-0001", "CVE-2099-0008"}));
}

TEST_F(VulnDatabaseTest, NmapVendorMatchesNvdVendorThroughAlias) {
  auto cpe = ParseCpe("cpe:/a:vsftpd:vsftpd:2.3.4");
  auto matches = database_->Query(*cpe, VendorAliases::BuiltIn());
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_EQ((*matches)[0].cve_id, "CVE-2099-0001");  // highest score first
  ASSERT_TRUE((*matches)[0].base_score.has_value());
  EXPECT_DOUBLE_EQ(*(*matches)[0].base_score, 9.8);
  EXPECT_FALSE((*matches)[1].base_score.has_value());  // no metrics yet
  // A vendor that is neither equal nor an alias does not match.
  EXPECT_TRUE(Query("cpe:/a:someoneelse:vsftpd:2.3.4").empty());
}

TEST_F(VulnDatabaseTest, VersionRangesIncludingAndExcluding) {
  EXPECT_EQ(Query("cpe:2.3:a:vsftpd:vsftpd:2.0.5"), (std::vector<std::string>{"CVE-2099-0002"}));
  EXPECT_EQ(Query("cpe:2.3:a:vsftpd:vsftpd:2.0.4"), (std::vector<std::string>{"CVE-2099-0002"}));
  EXPECT_TRUE(Query("cpe:2.3:a:vsftpd:vsftpd:2.0.6").empty());
  EXPECT_TRUE(Query("cpe:2.3:a:vsftpd:vsftpd:3.0.5").empty());
  // start excluding 2019.78, end excluding 2020.81
  EXPECT_TRUE(Query("cpe:/a:matt_johnston:dropbear_ssh:2019.78").empty());
  EXPECT_EQ(Query("cpe:/a:matt_johnston:dropbear_ssh:2020.80"),
            (std::vector<std::string>{"CVE-2099-0004"}));
  EXPECT_TRUE(Query("cpe:/a:matt_johnston:dropbear_ssh:2020.81").empty());
  // letter suffixes: [1.0.2, 1.0.2k)
  EXPECT_EQ(Query("cpe:/a:openssl:openssl:1.0.2j"), (std::vector<std::string>{"CVE-2099-0005"}));
  EXPECT_EQ(Query("cpe:/a:openssl:openssl:1.0.2"), (std::vector<std::string>{"CVE-2099-0005"}));
  EXPECT_TRUE(Query("cpe:/a:openssl:openssl:1.0.2k").empty());
  EXPECT_TRUE(Query("cpe:/a:openssl:openssl:1.0.1u").empty());
  // [1.4.10, 1.4.50]
  EXPECT_EQ(Query("cpe:/a:lighttpd:lighttpd:1.4.50"), (std::vector<std::string>{"CVE-2099-0006"}));
  EXPECT_TRUE(Query("cpe:/a:lighttpd:lighttpd:1.4.9").empty());
}

TEST_F(VulnDatabaseTest, NonVulnerableEntriesAndUnknownVersions) {
  EXPECT_TRUE(Query("cpe:2.3:h:acme:abc-100:-").empty());
  auto cpe = ParseCpe("cpe:/a:vsftpd:vsftpd");
  auto matches = database_->Query(*cpe, VendorAliases::BuiltIn());
  ASSERT_TRUE(matches.ok());
  EXPECT_EQ(matches->size(), 3u);
  for (const auto& match : *matches) EXPECT_FALSE(match.version_known);
}

TEST(VulnDatabaseOpenTest, MissingDatabaseForQueryIsNotFound) {
  auto missing = VulnDatabase::OpenExisting("/nonexistent/iotmark/vulns.db");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace iotmark::vulndb
