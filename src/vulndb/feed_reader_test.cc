#include "vulndb/feed_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace iotmark::vulndb {
namespace {

namespace fs = std::filesystem;

class FeedReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("iotmark-feed-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path Write(const std::string& name, const std::string& text) {
    fs::path path = directory_ / name;
    std::ofstream(path) << text;
    return path;
  }
  std::vector<std::string> Ids(const fs::path& path, Status* status) {
    std::vector<std::string> ids;
    *status = ReadNvdFeed(path, [&ids](std::size_t, const nlohmann::json& item) {
      ids.push_back(item["cve"]["id"].get<std::string>());
      return Status::Ok();
    });
    return ids;
  }
  fs::path directory_;
};

TEST_F(FeedReaderTest, ReadsEachItemOfTheFixture) {
  Status status;
  auto ids = Ids(fs::path(IOTMARK_VULNDB_FIXTURE) / "nvd-test-feed.json", &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(ids.size(), 8u);
  EXPECT_EQ(ids.front(), "CVE-2099-0001");
  EXPECT_EQ(ids.back(), "CVE-2099-0008");
}

TEST_F(FeedReaderTest, ReadsGzipAndIgnoresBracketsInStrings) {
  std::string text =
      R"({"note": "[{not an item}]", "vulnerabilities": [ {"cve": {"id": "CVE-2099-0001", "x": "}]\"{"}},)"
      R"( {"cve": {"id": "CVE-2099-0002"}} ], "tail": [1, 2]})";
  fs::path path = directory_ / "feed.json.gz";
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
  Status status;
  auto ids = Ids(path, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(ids, (std::vector<std::string>{"CVE-2099-0001", "CVE-2099-0002"}));
}

TEST_F(FeedReaderTest, TruncatedAndMalformedFeedsAreErrorsWithLine) {
  Status status;
  Ids(Write("truncated.json", "{\"vulnerabilities\": [\n{\"cve\": {\"id\": \"CVE-2099-0001\"}},\n{"),
      &status);
  EXPECT_EQ(status.code(), StatusCode::kParseError);
  EXPECT_NE(status.message().find("truncated.json:3"), std::string::npos) << status.message();

  Ids(Write("bad-item.json", "{\"vulnerabilities\": [\n{\"cve\": {\"id\": tru}}]}"), &status);
  EXPECT_EQ(status.code(), StatusCode::kParseError);
  EXPECT_NE(status.message().find("vulnerabilities[0]"), std::string::npos) << status.message();

  Ids(Write("none.json", "{\"other\": []}"), &status);
  EXPECT_NE(status.message().find("no top-level \"vulnerabilities\""), std::string::npos);

  Ids(Write("scalar.json", "{\"vulnerabilities\": [1]}"), &status);
  EXPECT_FALSE(status.ok());

  Ids(directory_ / "missing.json", &status);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

// Issue 11: an item that parses but cannot be a CVE record is refused,
// naming the field, instead of being imported.
TEST_F(FeedReaderTest, RefusesBadCveIdsAndCvssScoresOutOfRange) {
  for (std::string id : {R"("\u0000")", R"("not a cve")", R"("CVE-2099-1")", R"(17)",
                         R"("CVE-2099-0001\n")"}) {
    Status status;
    auto ids = Ids(Write("id.json", R"({"vulnerabilities": [{"cve": {"id": )" + id + "}}]}"),
                   &status);
    EXPECT_EQ(status.code(), StatusCode::kParseError) << id;
    EXPECT_NE(status.message().find("cve.id"), std::string::npos) << status.message();
    EXPECT_TRUE(ids.empty()) << id;
  }
  for (std::string score : {"-5", "10.5", "\"7.5\""}) {
    Status status;
    Ids(Write("score.json", R"({"vulnerabilities": [{"cve": {"id": "CVE-2099-0001", "metrics": )"
                            R"({"cvssMetricV31": [{"cvssData": {"baseScore": )" +
                                score + "}}]}}}]}"),
        &status);
    EXPECT_EQ(status.code(), StatusCode::kParseError) << score;
    EXPECT_NE(status.message().find("cvssMetricV31[0].cvssData.baseScore"), std::string::npos)
        << status.message();
  }
  Status status;
  Ids(Write("ok.json", R"({"vulnerabilities": [{"cve": {"id": "CVE-2024-123456", "metrics": )"
                       R"({"cvssMetricV2": [{"cvssData": {"baseScore": 10.0}}]}}}]})"),
      &status);
  EXPECT_TRUE(status.ok()) << status.ToString();
}

}  // namespace
}  // namespace iotmark::vulndb
