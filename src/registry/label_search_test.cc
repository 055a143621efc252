// The label search query (registry/label_search.h) on a small in-memory
// store, with the FTS5 trigram index and with the portable LIKE path, which
// must give the same answers.
#include "registry/label_search.h"

#include <gtest/gtest.h>

#include <map>

namespace iotmark::registry {
namespace {

constexpr std::int64_t kNow = 1000;

struct Row {
  const char* vendor;  // 1 = 東京電機株式会社, 2 = Sakura Networks
  const char* product;
  const char* product_type;
  const char* level;
  const char* status;  // stored status
  std::int64_t valid_until;
};

// Label i + 1 (registration number JCS1-2026-00000<i+1>-0).
const Row kRows[] = {
    {"2", "防犯カメラ ミハル", "network-camera", "star1", "active", 4'000'000'000},
    {"1", "Wi-Fiルーター ソラ", "router", "star1", "active", 4'000'000'000},
    // Stored active, but valid_until has passed: reads Expired.
    {"2", "スマートロック", "smart-lock", "star1", "active", 500},
    {"1", "見守りセンサー", "sensor", "star2", "active", 4'000'000'000},
    {"2", "防犯カメラ ハヤテ", "network-camera", "star1", "revoked", 4'000'000'000},
    {"1", "防犯カメラ ソラ", "network-camera", "star2", "under-surveillance", 4'000'000'000},
};
constexpr int kLabels = 6;

std::string Regno(std::int64_t id) { return "JCS1-2026-00000" + std::to_string(id) + "-0"; }

class LabelSearchTest : public ::testing::TestWithParam<bool> {
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
      for (std::int64_t i = 1; i <= kLabels; ++i) {
        const Row& row = kRows[i - 1];
        const std::int64_t organization = std::stoll(row.vendor);
        for (const auto& [sql, params] :
             std::vector<std::pair<std::string, std::vector<store::Value>>>{
                 {"INSERT INTO products (id, organization_id, model_number, name, product_type, "
                  "created_at) VALUES (?, ?, ?, ?, ?, 0)",
                  {i, organization, "TK-" + std::to_string(i), std::string(row.product),
                   std::string(row.product_type)}},
                 {"INSERT INTO applications (id, organization_id, product_id, kind, scheme, level, "
                  "state, created_at, updated_at) VALUES (?, ?, ?, 'new', 'jcstar-star1', "
                  "'star1', 'label-issued', 0, 0)",
                  {i, organization, i}},
                 {"INSERT INTO labels (id, registration_number, product_id, organization_id, "
                  "application_id, scheme, level, issued_at, valid_from, valid_until, status) "
                  "VALUES (?, ?, ?, ?, ?, 'jcstar-star1', ?, 0, 0, ?, ?)",
                  {i, Regno(i), i, organization, i, std::string(row.level), row.valid_until,
                   std::string(row.status)}}}) {
          auto done = t.Execute(sql, params);
          if (!done.ok()) return done.status();
        }
      }
      // Label 6: surveillance open, deadline in the future (still under surveillance).
      return t
          .Execute(
              "UPDATE labels SET surveillance_request = 'x', surveillance_opened_at = 0, "
              "surveillance_deadline = 2000 WHERE id = 6",
              {})
          .status();
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  // Label ids of the page; `GetParam()` selects the FTS5 path.
  std::vector<std::int64_t> Find(LabelQuery query, bool* has_next = nullptr) {
    LabelSearchHits hits;
    Status status = store_->RunReadOnly([&](store::Transaction& t) -> Status {
      auto found = SearchLabelIds(t, query, TimePoint(std::chrono::seconds(kNow)), GetParam());
      if (!found.ok()) return found.status();
      hits = std::move(found).value();
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    if (has_next) *has_next = hits.has_next_page;
    return hits.label_ids;
  }
  std::vector<std::int64_t> Find(const std::string& text) {
    LabelQuery query;
    query.text = text;
    return Find(query);
  }

  std::unique_ptr<store::Store> store_;
};

using Ids = std::vector<std::int64_t>;

TEST_P(LabelSearchTest, JapaneseSubstringsNewestFirst) {
  EXPECT_EQ(Find("防犯カメラ"), (Ids{6, 5, 1}));
  EXPECT_EQ(Find("カメラ"), (Ids{6, 5, 1}));    // three characters: the trigram index
  EXPECT_EQ(Find("カメラ ミハ"), (Ids{1}));     // every term must match
  EXPECT_EQ(Find("カメラ　ハヤテ"), (Ids{5}));  // U+3000 separates terms
  EXPECT_EQ(Find("電機株式"), (Ids{6, 4, 2}));  // vendor name (labels 2, 4, 6)
  EXPECT_EQ(Find("ルーター"), (Ids{2}));
  EXPECT_TRUE(Find("冷蔵庫").empty());
}

TEST_P(LabelSearchTest, ShortTermsFallBackToLike) {
  EXPECT_EQ(Find("ソラ"), (Ids{6, 2}));  // two characters
  EXPECT_EQ(Find("ロ"), (Ids{3}));
  EXPECT_EQ(Find("ソラ カメラ"), (Ids{6}));  // short and long terms together
  EXPECT_EQ(Find("sakura"), (Ids{5, 3, 1}));
  EXPECT_EQ(Find("sakura"), Find("SAKURA"));  // case-insensitive
  EXPECT_EQ(Find("tk-4"), (Ids{4}));          // model number
}

TEST_P(LabelSearchTest, TwoCharacterTermsAnywhereInAValue) {
  EXPECT_EQ(Find("ハヤ"), (Ids{5}));  // inside a value
  EXPECT_EQ(Find("ヤテ"), (Ids{5}));  // at the very end of a value
  EXPECT_EQ(Find("ンサ"), (Ids{4}));
  EXPECT_EQ(Find("電機"), (Ids{6, 4, 2}));  // vendor name
  EXPECT_EQ(Find("株式"), (Ids{6, 4, 2}));
  EXPECT_EQ(Find("TK"), Find("tk"));  // ASCII folds like the index
  EXPECT_EQ(Find("tk").size(), 6u);
  EXPECT_TRUE(Find("冷蔵").empty());  // no label holds it: answered without a scan
  EXPECT_TRUE(Find("冷蔵 カメラ").empty());
  EXPECT_EQ(Find("ハヤ カメラ"), (Ids{5}));
  EXPECT_EQ(Find("\"x"), Ids{});  // quotes are text
}

// The same after 2,100 newer labels without those words: two-character
// terms of old labels then go through the trigram vocabulary, not a scan.
TEST_P(LabelSearchTest, TwoCharacterTermsOfOldLabels) {
  Status status = store_->RunInTransaction([](store::Transaction& t) -> Status {
    for (std::int64_t i = 100; i < 2200; ++i) {
      for (const auto& [sql, params] :
           std::vector<std::pair<std::string, std::vector<store::Value>>>{
               {"INSERT INTO products (id, organization_id, model_number, name, product_type, "
                "created_at) VALUES (?, 2, ?, '温湿度計', 'sensor', 0)",
                {i, "ZZ-" + std::to_string(i)}},
               {"INSERT INTO labels (id, registration_number, product_id, organization_id, "
                "application_id, scheme, level, issued_at, valid_from, valid_until, status) "
                "VALUES (?, ?, ?, 2, 1, 'jcstar-star1', 'star1', 0, 0, 4000000000, 'active')",
                {i, "JCS1-2026-9" + std::to_string(i) + "-0", i}}}) {
        auto done = t.Execute(sql, params);
        if (!done.ok()) return done.status();
      }
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Find("ハヤ"), (Ids{5}));
  EXPECT_EQ(Find("ヤテ"), (Ids{5}));
  EXPECT_EQ(Find("ミハ"), (Ids{1}));
  EXPECT_EQ(Find("ソラ"), (Ids{6, 2}));
  EXPECT_EQ(Find("tk"), (Ids{6, 5, 4, 3, 2, 1}));
  EXPECT_TRUE(Find("冷蔵").empty());
  EXPECT_EQ(Find("湿度").size(), 20u);  // dense: a page of the newest
}

TEST_P(LabelSearchTest, RegistrationNumberPrefix) {
  EXPECT_EQ(Find("JCS1-2026-000003-0"), (Ids{3}));
  EXPECT_EQ(Find("jcs1-2026-00000"), (Ids{6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(Find("JCS1-2026 カメラ"), (Ids{6, 5, 1}));
  EXPECT_TRUE(Find("JCS2-2026").empty());
  LabelQuery query;  // highest number first, filters apply
  query.text = "JCS1";
  query.status = LabelStatus::kActive;
  EXPECT_EQ(Find(query), (Ids{4, 2, 1}));
}

TEST_P(LabelSearchTest, FiltersUseTheStatusAsRead) {
  LabelQuery query;
  query.text = "防犯カメラ";
  query.status = LabelStatus::kRevoked;
  EXPECT_EQ(Find(query), (Ids{5}));
  query.status = LabelStatus::kUnderSurveillance;
  EXPECT_EQ(Find(query), (Ids{6}));
  query.text.clear();
  // Label 3 is stored "active" but past valid_until: it reads Expired.
  query.status = LabelStatus::kActive;
  EXPECT_EQ(Find(query), (Ids{4, 2, 1}));
  query.status = LabelStatus::kExpired;
  EXPECT_EQ(Find(query), (Ids{3}));
  query.status.reset();
  query.level = "star2";
  EXPECT_EQ(Find(query), (Ids{6, 4}));
  query.level.reset();
  query.product_type = "network-camera";
  EXPECT_EQ(Find(query), (Ids{6, 5, 1}));
  query.text = "ソラ";
  EXPECT_EQ(Find(query), (Ids{6}));
  query = {};
  query.vendor = "Sakura";
  EXPECT_EQ(Find(query), (Ids{5, 3, 1}));
  query.vendor = "東京";  // two characters
  EXPECT_EQ(Find(query), (Ids{6, 4, 2}));
  query.organization_id = 2;
  EXPECT_TRUE(Find(query).empty());
}

TEST_P(LabelSearchTest, PagesReadOneRowMore) {
  LabelQuery query;
  query.page_size = 2;
  bool has_next = false;
  EXPECT_EQ(Find(query, &has_next), (Ids{6, 5}));
  EXPECT_TRUE(has_next);
  query.page = 3;
  EXPECT_EQ(Find(query, &has_next), (Ids{2, 1}));
  EXPECT_FALSE(has_next);
  query.page = 4;
  EXPECT_TRUE(Find(query, &has_next).empty());
  EXPECT_FALSE(has_next);
  query.text = "カメラ";
  query.page = 1;
  EXPECT_EQ(Find(query, &has_next), (Ids{6, 5}));
  EXPECT_TRUE(has_next);
  query.page = 2;
  EXPECT_EQ(Find(query, &has_next), (Ids{1}));
  EXPECT_FALSE(has_next);
  query.text = "ソラ";  // the LIKE fallback pages the same way
  query.page = 1;
  query.page_size = 1;
  EXPECT_EQ(Find(query, &has_next), (Ids{6}));
  EXPECT_TRUE(has_next);
}

TEST_P(LabelSearchTest, HostileQueriesAreText) {
  EXPECT_TRUE(Find("\"'; DROP TABLE labels; --").empty());
  EXPECT_TRUE(Find("NEAR(a b) OR *").empty());
  EXPECT_TRUE(Find("vendor : Sakura").empty());  // no column filter syntax from users
  EXPECT_TRUE(Find("%_\\").empty());
  EXPECT_EQ(Find("").size(), static_cast<std::size_t>(kLabels));  // the table is still there
}

INSTANTIATE_TEST_SUITE_P(Paths, LabelSearchTest, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("Fts5") : std::string("Like");
                         });

TEST(LabelSearchTerms, SplitsAtAsciiAndIdeographicSpace) {
  EXPECT_EQ(SplitSearchTerms(" 防犯カメラ　ミハル\tx "),
            (std::vector<std::string>{"防犯カメラ", "ミハル", "x"}));
  EXPECT_TRUE(SplitSearchTerms("　 ").empty());
}

TEST(FtsMatchExpression, QuotesTermsAndSkipsShortOnes) {
  EXPECT_EQ(FtsMatchExpression({"カメラ", "ab", "x\"yz"}), "\"カメラ\" AND \"x\"\"yz\"");
  EXPECT_EQ(FtsMatchExpression({"ab"}), "");
  EXPECT_EQ(FtsMatchExpression({"Sakura Networks"}, "vendor"), "vendor : \"Sakura Networks\"");
}

}  // namespace
}  // namespace iotmark::registry
