// The LabelSearchIndex of the test store's backend against the shared case
// table (label_search_cases.json, which every implementation must pass) and
// the triggers that keep the index: SQLite by default, PostgreSQL when
// IOTMARK_TEST_DB_URL names a server (store::TestStoreUrl). Plus what is
// particular to SQLite: migration 6 re-normalising the rows of an older store.
#include "persistence/sqlite/label_search_index.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "persistence/label_search_factory.h"
#include "store/migrations.h"

namespace iotmark::persistence {
namespace {

using Ids = std::vector<std::int64_t>;

nlohmann::json LoadCases() {
  std::ifstream in(std::string(IOTMARK_SOURCE_DIR) + "/src/persistence/label_search_cases.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}

std::string Regno(std::int64_t id) { return "JCS1-2026-00000" + std::to_string(id) + "-0"; }

// Writes the organisations and labels of the case table.
Status LoadLabels(store::Store& store, const nlohmann::json& cases) {
  return store.RunInTransaction([&](store::Transaction& t) -> Status {
    for (const auto& org : cases["organizations"]) {
      auto done =
          t.Execute("INSERT INTO organizations (id, name, name_en, created_at) VALUES (?, ?, ?, 0)",
                    {org["id"].get<std::int64_t>(), org["name"].get<std::string>(),
                     org["name_en"].get<std::string>()});
      if (!done.ok()) return done.status();
    }
    for (const auto& label : cases["labels"]) {
      const std::int64_t id = label["id"];
      const std::int64_t organization = label["organization"];
      const std::vector<std::pair<std::string, std::vector<store::Value>>> statements = {
          {"INSERT INTO products (id, organization_id, model_number, name, product_type, "
           "created_at) VALUES (?, ?, ?, ?, ?, 0)",
           {id, organization, label["model"].get<std::string>(),
            label["product"].get<std::string>(), label["type"].get<std::string>()}},
          {"INSERT INTO applications (id, organization_id, product_id, kind, scheme, level, "
           "state, created_at, updated_at) VALUES (?, ?, ?, 'new', 'jcstar-star1', 'star1', "
           "'label-issued', 0, 0)",
           {id, organization, id}},
          {"INSERT INTO labels (id, registration_number, product_id, organization_id, "
           "application_id, scheme, level, issued_at, valid_from, valid_until, status, "
           "surveillance_deadline) VALUES (?, ?, ?, ?, ?, 'jcstar-star1', ?, 0, 0, ?, ?, ?)",
           {id, Regno(id), id, organization, id, label["level"].get<std::string>(),
            label["valid_until"].get<std::int64_t>(), label["status"].get<std::string>(),
            label.contains("surveillance_deadline")
                ? store::Value(label["surveillance_deadline"].get<std::int64_t>())
                : store::Value()}}};
      for (const auto& [sql, params] : statements) {
        auto done = t.Execute(sql, params);
        if (!done.ok()) return done.status();
      }
    }
    return Status::Ok();
  });
}

registry::LabelQuery QueryOf(const nlohmann::json& c) {
  registry::LabelQuery query;
  query.text = c.value("q", "");
  query.vendor = c.value("vendor", "");
  query.product_type = c.value("product_type", "");
  if (c.contains("level")) query.level = c["level"].get<std::string>();
  if (c.contains("organization_id"))
    query.organization_id = c["organization_id"].get<std::int64_t>();
  if (c.contains("status")) {
    auto status = registry::ParseLabelStatus(c["status"].get<std::string>());
    EXPECT_TRUE(status.ok()) << c.dump();
    if (status.ok()) query.status = *status;
  }
  query.page = c.value("page", 1);
  query.page_size = c.value("page_size", 20);
  return query;
}

class LabelSearchCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cases_ = LoadCases();
    auto url = store::TestStoreUrl("sqlite::memory:");
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto opened = store::OpenStore(*url);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status loaded = LoadLabels(*store_, cases_);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    ASSERT_TRUE(store_->SyncIdSequences().ok());
    auto index = MakeLabelSearchIndex(*store_);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = *index;
  }

  registry::LabelSearchHits Search(const registry::LabelQuery& query) {
    registry::LabelSearchHits hits;
    Status status = store_->RunReadOnly([&](store::Transaction& t) -> Status {
      auto found = index_->Search(t, query, TimePoint(std::chrono::seconds(cases_["now"])));
      if (!found.ok()) return found.status();
      hits = std::move(found).value();
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return hits;
  }
  Ids Find(const std::string& text) {
    registry::LabelQuery query;
    query.text = text;
    return Search(query).label_ids;
  }
  void Run(const std::string& sql) {
    Status status = store_->RunInTransaction(
        [&](store::Transaction& t) -> Status { return t.Execute(sql, {}).status(); });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  // FTS5's own check of both tables' index structures (SQLite); on
  // PostgreSQL, the index table holds exactly one row per label.
  void ExpectIndexIntact() {
    if (store_->BackendName() == "postgresql") {
      Status status = store_->RunReadOnly([&](store::Transaction& t) -> Status {
        auto rows = t.Query(
            "SELECT (SELECT COUNT(*) FROM labels), (SELECT COUNT(*) FROM label_search s "
            "JOIN labels l ON l.id = s.label_id)",
            {});
        if (!rows.ok()) return rows.status();
        EXPECT_EQ((*rows)[0].Int(0), (*rows)[0].Int(1));
        return Status::Ok();
      });
      ASSERT_TRUE(status.ok()) << status.ToString();
      return;
    }
    Run("INSERT INTO label_search(label_search) VALUES ('integrity-check')");
    Run("INSERT INTO label_search_grams(label_search_grams) VALUES ('integrity-check')");
  }

  nlohmann::json cases_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<registry::LabelSearchIndex> index_;
};

TEST_F(LabelSearchCasesTest, SharedCaseTable) {
  ASSERT_GE(cases_["cases"].size(), 50u);
  std::size_t equal = 0;
  for (const auto& c : cases_["cases"]) {
    SCOPED_TRACE(c.dump());
    const registry::LabelSearchHits hits = Search(QueryOf(c));
    EXPECT_EQ(hits.label_ids, c["hits"].get<Ids>());
    bool same = hits.label_ids == c["hits"].get<Ids>();
    if (c.contains("has_next_page")) {
      EXPECT_EQ(hits.has_next_page, c["has_next_page"].get<bool>());
      same = same && hits.has_next_page == c["has_next_page"].get<bool>();
    }
    if (same) ++equal;
  }
  std::printf("label search on %s: %zu/%zu cases equal\n", std::string(store_->BackendName()).c_str(),
              equal, cases_["cases"].size());
  ExpectIndexIntact();
}

TEST_F(LabelSearchCasesTest, IndexFollowsRenames) {
  Run("UPDATE products SET name = 'スマート冷蔵庫' WHERE id = 1");
  EXPECT_EQ(Find("冷"), (Ids{1}));
  EXPECT_EQ(Find("冷蔵"), (Ids{1}));
  EXPECT_EQ(Find("冷蔵庫"), (Ids{1}));
  EXPECT_EQ(Find("ミハ"), Ids{});  // the old name's grams are gone
  EXPECT_EQ(Find("ミハル"), Ids{});
  EXPECT_EQ(Find("防犯カメラ"), (Ids{6, 5}));
  Run("UPDATE organizations SET name = 'ﾐﾗｲ電子', name_en = 'Mirai Denshi' WHERE id = 3");
  EXPECT_EQ(Find("ミライ"), (Ids{8, 7}));
  EXPECT_EQ(Find("ミ"), (Ids{8, 7}));  // ミハル was renamed; 見守り is a kanji
  EXPECT_EQ(Find("é"), (Ids{8}));      // Café Lab is gone, Éclair stays
  Run("UPDATE labels SET product_id = 8 WHERE id = 2");
  EXPECT_EQ(Find("ルーター"), Ids{});
  EXPECT_EQ(Find("温度計"), (Ids{8, 2}));
  // A change of a column the index does not hold leaves it alone.
  Run("UPDATE organizations SET acknowledge_within_days = 9 WHERE id = 1");
  EXPECT_EQ(Find("電機"), (Ids{6, 4, 2}));
  ExpectIndexIntact();
}

TEST(GramMatchExpressionTest, TokensOncePerGram) {
  EXPECT_EQ(sqlite::GramMatchExpression({"冷"}), "xe586b7");
  EXPECT_EQ(sqlite::GramMatchExpression({"ab", "ab"}), "x6162");
  EXPECT_EQ(sqlite::GramMatchExpression({"abcd"}), "x616263 x626364");
  EXPECT_EQ(sqlite::GramMatchExpression({}), "");
}

// A store written before migration 6 (raw text, end marks): opening it
// re-normalises every row, so the old labels are found by the new rules.
TEST(SqliteLabelSearchMigrationTest, RenormalisesExistingRows) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("iotmark-search-migration-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << " in " << sql.substr(0, 80);
    sqlite3_free(error);
  };
  exec(
      "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
      "applied_at BIGINT NOT NULL)");
  for (const store::Migration& migration : store::SqliteMigrations()) {
    if (migration.version > 5) break;
    exec(std::string(migration.sql));
    exec("INSERT INTO schema_version VALUES (" + std::to_string(migration.version) + ", 'x', 0)");
  }
  exec(
      "INSERT INTO organizations (id, name, name_en, created_at) VALUES (1, 'ｶﾒﾗ工房', 'CAFÉ', 0)");
  exec(
      "INSERT INTO products (id, organization_id, model_number, name, created_at) VALUES "
      "(1, 1, 'ＣＡＭ-1', 'Ｓａｋｕｒａ 冷蔵庫', 0)");
  exec(
      "INSERT INTO applications (id, organization_id, product_id, kind, scheme, level, state, "
      "created_at, updated_at) VALUES (1, 1, 1, 'new', 'jcstar-star1', 'star1', 'paid', 0, 0)");
  exec(
      "INSERT INTO labels (id, registration_number, product_id, organization_id, "
      "application_id, scheme, level, issued_at, valid_from, valid_until, status) VALUES (1, "
      "'JCS1-2026-000001-0', 1, 1, 1, 'jcstar-star1', 'star1', 0, 0, 1, 'active')");
  sqlite3_close(db);

  auto opened = store::OpenStore("sqlite:" + path.string());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto version = (*opened)->SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_GE(*version, 6);
  sqlite::SqliteLabelSearchIndex index;
  auto find = [&](const std::string& text) {
    registry::LabelQuery query;
    query.text = text;
    Ids ids;
    EXPECT_TRUE((*opened)
                    ->RunReadOnly([&](store::Transaction& t) -> Status {
                      auto hits = index.Search(t, query, TimePoint{});
                      if (!hits.ok()) return hits.status();
                      ids = hits->label_ids;
                      return Status::Ok();
                    })
                    .ok());
    return ids;
  };
  for (const char* text :
       {"カメラ", "ｶﾒﾗ", "café", "cam", "ＣＡＭ", "sakura", "冷", "冷蔵", "冷蔵庫"}) {
    EXPECT_EQ(find(text), (Ids{1})) << text;
  }
  EXPECT_EQ(find("冷凍"), Ids{});
  opened->reset();
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace iotmark::persistence
