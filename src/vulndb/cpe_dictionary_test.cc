#include "vulndb/cpe_dictionary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "vulndb/database.h"

namespace iotmark::vulndb {
namespace {

namespace fs = std::filesystem;

TEST(CpeDictionaryTest, ParsesTheCpeApiFormat) {
  auto entry = ParseCpeProduct(nlohmann::json::parse(R"js({"cpe": {"deprecated": true,
      "cpeName": "cpe:2.3:a:old:server:1.2:*:*:*:*:*:*:*",
      "titles": [{"title": "Server 1.2 (ja)", "lang": "ja"}, {"title": "Old Server 1.2", "lang": "en"}],
      "deprecatedBy": [{"cpeName": "cpe:2.3:a:new:server:1.2:*:*:*:*:*:*:*"}]}})js"));
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->cpe.vendor, "old");
  EXPECT_EQ(entry->title, "Old Server 1.2");
  EXPECT_TRUE(entry->deprecated);
  ASSERT_EQ(entry->deprecated_by.size(), 1u);
  EXPECT_FALSE(ParseCpeProduct(nlohmann::json::parse(R"({"cpe": {}})")).ok());
  EXPECT_FALSE(ParseCpeProduct(nlohmann::json::parse(R"({"cpe": {"cpeName": "x"}})")).ok());
}

class DictionaryMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iotmark-cpe-dict-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto database = VulnDatabase::Open(dir_ / "v.db");
    ASSERT_TRUE(database.ok());
    database_.emplace(std::move(database).value());
  }
  void TearDown() override {
    database_.reset();
    fs::remove_all(dir_);
  }
  fs::path Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  fs::path dir_;
  std::optional<VulnDatabase> database_;
};

TEST_F(DictionaryMatchTest, DeprecatedNameResolvesToItsReplacementAndV4ScoreWins) {
  auto dictionary =
      database_->ImportFeed(fs::path(IOTMARK_VULNDB_FIXTURE) / "cpe-api-2.0-format-sample.json");
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().ToString();
  EXPECT_EQ(dictionary->kind, "cpe-dictionary");
  EXPECT_EQ(dictionary->cpe_names, 3u);
  EXPECT_EQ(dictionary->deprecated_cpe_names, 1u);
  // A synthetic record (fake id) filed under the replacing name, with v4.0 and v3.1 scores.
  auto page = Write("page.json", R"({"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [
    {"cve": {"id": "CVE-2099-7001", "metrics": {
      "cvssMetricV31": [{"type": "Primary", "cvssData": {"version": "3.1", "baseScore": 9.8}}],
      "cvssMetricV40": [{"type": "Primary", "cvssData": {"version": "4.0", "baseScore": 8.7,
                         "baseSeverity": "HIGH"}}]},
      "configurations": [{"nodes": [{"cpeMatch": [{"vulnerable": true,
        "criteria": "cpe:2.3:a:example_project:example_server:*:*:*:*:*:*:*:*",
        "versionEndIncluding": "1.2"}]}]}]}}]})");
  ASSERT_TRUE(database_->ImportFeed(page).ok());
  auto cpe = ParseCpe("cpe:/a:example_old_vendor:example_server:1.2");
  ASSERT_TRUE(cpe.ok());
  auto result = database_->Match(*cpe, VendorAliases::BuiltIn());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->matches.size(), 1u);
  EXPECT_EQ(result->matches[0].resolved_name, "example_project:example_server");
  EXPECT_NE(result->matches[0].resolution.find("deprecated by"), std::string::npos);
  EXPECT_EQ(result->matches[0].cvss_version, "4.0");
  EXPECT_DOUBLE_EQ(*result->matches[0].base_score, 8.7);
  // Without the deprecation the old name matches nothing.
  auto unrelated = ParseCpe("cpe:/a:example_old_vendor:other_server:1.2");
  EXPECT_TRUE(database_->Match(*unrelated, VendorAliases::BuiltIn())->matches.empty());
}

}  // namespace
}  // namespace iotmark::vulndb
