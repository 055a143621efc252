#include "web/label_search.h"

#include <gtest/gtest.h>

namespace iotmark::web {
namespace {

class LabelSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore("sqlite::memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status status = store_->RunInTransaction([](store::Transaction& t) -> Status {
      const std::vector<std::pair<std::string, std::string>> vendors = {
          {"東京電機株式会社", "Tokyo Denki"}, {"Sakura Networks", "Sakura Networks"}};
      for (std::int64_t i = 1; i <= 2; ++i) {
        auto done = t.Execute(
            "INSERT INTO organizations (id, name, name_en, created_at) VALUES (?, ?, ?, 0)",
            {i, vendors[i - 1].first, vendors[i - 1].second});
        if (!done.ok()) return done.status();
      }
      const char* products[] = {"防犯カメラ ミハル", "Wi-Fiルーター ソラ", "スマートロック",
                                "見守りセンサー", "防犯カメラ ハヤテ"};
      for (std::int64_t i = 1; i <= 5; ++i) {
        const std::int64_t organization = i % 2 + 1;
        for (const auto& [sql, params] :
             std::vector<std::pair<std::string, std::vector<store::Value>>>{
                 {"INSERT INTO products (id, organization_id, model_number, name, created_at) "
                  "VALUES (?, ?, ?, ?, 0)",
                  {i, organization, "TK-" + std::to_string(i), std::string(products[i - 1])}},
                 {"INSERT INTO applications (id, organization_id, product_id, kind, scheme, level, "
                  "state, created_at, updated_at) VALUES (?, ?, ?, 'new', 'jcstar-star1', "
                  "'star1', 'label-issued', 0, 0)",
                  {i, organization, i}},
                 {"INSERT INTO labels (id, registration_number, product_id, organization_id, "
                  "application_id, scheme, level, issued_at, valid_from, valid_until, status) "
                  "VALUES (?, ?, ?, ?, ?, 'jcstar-star1', 'star1', 0, 0, ?, ?)",
                  {i, "JCS1-2026-00000" + std::to_string(i) + "-0", i, organization, i,
                   std::int64_t{4'000'000'000}, std::string(i == 5 ? "revoked" : "active")}}}) {
          auto done = t.Execute(sql, params);
          if (!done.ok()) return done.status();
        }
      }
      return Status::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  std::vector<std::string> Find(const std::string& text, const std::string& status = "",
                                int page = 1, int page_size = 20, bool* has_next = nullptr) {
    LabelSearchQuery query;
    query.text = text;
    query.status = status;
    query.page = page;
    query.page_size = page_size;
    auto result = SearchLabelNumbers(*store_, query, TimePoint(std::chrono::seconds(1000)));
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return {};
    if (has_next) *has_next = result->has_next_page;
    return result->registration_numbers;
  }
  std::unique_ptr<store::Store> store_;
};

TEST_F(LabelSearchTest, JapaneseSubstringsNewestFirst) {
  EXPECT_EQ(Find("防犯カメラ"),
            (std::vector<std::string>{"JCS1-2026-000005-0", "JCS1-2026-000001-0"}));
  EXPECT_EQ(Find("カメラ ミハ"), (std::vector<std::string>{"JCS1-2026-000001-0"}));
  // Labels 2 and 4 belong to 東京電機株式会社 (organisation = id % 2 + 1).
  EXPECT_EQ(Find("電機株式"),
            (std::vector<std::string>{"JCS1-2026-000004-0", "JCS1-2026-000002-0"}));
  EXPECT_TRUE(Find("冷蔵庫").empty());
}

TEST_F(LabelSearchTest, ShortTermsFallBackToLike) {
  EXPECT_EQ(Find("ソラ"), (std::vector<std::string>{"JCS1-2026-000002-0"}));
  EXPECT_EQ(Find("ロ"), (std::vector<std::string>{"JCS1-2026-000003-0"}));
  EXPECT_EQ(Find("sakura"), Find("SAKURA"));  // case-insensitive
}

TEST_F(LabelSearchTest, StatusFilterAndPaging) {
  EXPECT_EQ(Find("防犯カメラ", "revoked"), (std::vector<std::string>{"JCS1-2026-000005-0"}));
  bool has_next = false;
  EXPECT_EQ(Find("", "", 1, 2, &has_next).size(), 2u);
  EXPECT_TRUE(has_next);
  EXPECT_EQ(Find("", "", 3, 2, &has_next), (std::vector<std::string>{"JCS1-2026-000001-0"}));
  EXPECT_FALSE(has_next);
}

TEST_F(LabelSearchTest, HostileQueriesAreText) {
  EXPECT_TRUE(Find("\"'; DROP TABLE labels; --").empty());
  EXPECT_TRUE(Find("NEAR(a b) OR *").empty());
  EXPECT_TRUE(Find("%_\\").empty());
  EXPECT_EQ(Find("").size(), 5u);  // the table is still there
}

TEST(FtsMatchExpression, QuotesTermsAndSkipsShortOnes) {
  EXPECT_EQ(FtsMatchExpression({"カメラ", "ab", "x\"yz"}), "\"カメラ\" AND \"x\"\"yz\"");
  EXPECT_EQ(FtsMatchExpression({"ab"}), "");
}

}  // namespace
}  // namespace iotmark::web
