// Label search through the running server: the JSON API and the /search page
// give the same hits (one RegistryService::SearchLabels behind both), and
// text typed the Japanese way (full-width Latin, half-width kana) finds the
// same labels as its usual form, at every term length.
#include <gtest/gtest.h>

#include <regex>

#include "store/store.h"
#include "test_server.h"

namespace iotmark::testing {
namespace {

std::string Encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::vector<std::string> ApiHits(HttpClient& client, const std::string& q) {
  HttpResult result = client.Get("/api/v1/labels?page_size=20&q=" + Encode(q));
  EXPECT_EQ(result.status, 200) << q << ": " << result.body.substr(0, 200);
  std::vector<std::string> hits;
  if (result.status != 200) return hits;
  const nlohmann::json body = result.Json();  // kept alive for the loop
  for (const auto& label : body["labels"]) hits.push_back(label["registration_number"]);
  return hits;
}

std::vector<std::string> PageHits(HttpClient& client, const std::string& q) {
  HttpResult result = client.Get("/search?q=" + Encode(q));
  EXPECT_EQ(result.status, 200) << q;
  std::vector<std::string> hits;
  static const std::regex kLink(R"(<li class="hit">\s*<a href="/labels/([A-Z0-9-]+))");
  for (auto it = std::sregex_iterator(result.body.begin(), result.body.end(), kLink);
       it != std::sregex_iterator(); ++it) {
    hits.push_back((*it)[1]);
  }
  return hits;
}

TEST(SearchTest, ApiAndPageGiveTheSameHitsForEveryWayOfTyping) {
  TempFolder folder;
  // SQLite, or with IOTMARK_TEST_DB_URL PostgreSQL (its pg_trgm index).
  auto test_url = store::TestStoreUrl("sqlite:" + (folder.path() / "search.db").string());
  ASSERT_TRUE(test_url.ok()) << test_url.status().ToString();
  const std::string url = *test_url;
  std::string output;
  ASSERT_EQ(RunIotmark({"dev", "seed", "--db", url, "--labels", "2000"}, &output), 0) << output;
  ServerProcess server;
  ASSERT_TRUE(server.Start(url, folder.path() / "keys", folder.path() / "serve.log"));
  HttpClient client(server.port());

  // Each pair: the usual form and a way Japanese keyboards type it.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"CAM", "ＣＡＭ"}, {"Sakura", "Ｓａｋｕｒａ"},  {"カメラ", "ｶﾒﾗ"},
      {"カ", "ｶ"},       {"ゲートウェイ", "ｹﾞｰﾄｳｪｲ"}, {"sakura", "SAKURA"}};
  for (const auto& [usual, typed] : pairs) {
    SCOPED_TRACE(usual + " / " + typed);
    const std::vector<std::string> api = ApiHits(client, usual);
    EXPECT_EQ(api.size(), 20u);  // the seeded names hold these words often
    EXPECT_EQ(ApiHits(client, typed), api);
    EXPECT_EQ(PageHits(client, usual), api);
    EXPECT_EQ(PageHits(client, typed), api);
  }
  for (const std::string q : {"冷", "冷蔵", "é", "電", "電機", "防犯カメラ ミハル", "ソラ 電機"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(PageHits(client, q), ApiHits(client, q));
  }
  EXPECT_TRUE(ApiHits(client, "冷").empty());
  EXPECT_FALSE(ApiHits(client, "電").empty());
}

}  // namespace
}  // namespace iotmark::testing
