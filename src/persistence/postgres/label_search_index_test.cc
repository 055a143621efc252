// The SQL the PostgreSQL LabelSearchIndex builds (no server needed). The
// shared case table runs against it once the PostgreSQL store exists.
#include "persistence/postgres/label_search_index.h"

#include <gtest/gtest.h>

namespace iotmark::persistence::postgres {
namespace {

std::string Text(const store::Value& value) { return std::get<std::string>(value); }

TEST(PostgresLabelSearchTest, LongTermsUseTrigramLikeShortTermsTheGramArray) {
  registry::LabelQuery query;
  query.text = "ＣＡＭ－Ｘ２ ｶﾒﾗ 冷 ソラ";
  const PostgresSearchStatement statement = BuildPostgresSearch(query, TimePoint{});
  EXPECT_NE(statement.sql.find("FROM label_search s JOIN labels l ON l.id = s.label_id"),
            std::string::npos);
  EXPECT_NE(statement.sql.find("s.short_grams @> ARRAY[?, ?]::TEXT[]"), std::string::npos);
  EXPECT_NE(statement.sql.find("ORDER BY s.label_id DESC LIMIT ? OFFSET ?"), std::string::npos);
  // Normalised before they reach PostgreSQL; LIKE patterns escaped.
  ASSERT_EQ(statement.params.size(), 3u + 3u + 2u + 2u);
  EXPECT_EQ(Text(statement.params[0]), "%cam-x2%");
  EXPECT_EQ(Text(statement.params[3]), "%カメラ%");
  EXPECT_EQ(Text(statement.params[6]), "冷");
  EXPECT_EQ(Text(statement.params[7]), "ソラ");
}

TEST(PostgresLabelSearchTest, LikeWildcardsAreEscaped) {
  registry::LabelQuery query;
  query.text = "a%_\\b";
  const PostgresSearchStatement statement = BuildPostgresSearch(query, TimePoint{});
  EXPECT_EQ(Text(statement.params[0]), "%a\\%\\_\\\\b%");
}

TEST(PostgresLabelSearchTest, FiltersAndRegistrationNumbers) {
  registry::LabelQuery query;
  query.text = "jcs1-2026";
  query.status = registry::LabelStatus::kActive;
  query.vendor = "東京";
  const PostgresSearchStatement statement = BuildPostgresSearch(query, TimePoint{});
  EXPECT_NE(statement.sql.find("strpos(s.vendor, ?) > 0"), std::string::npos);
  EXPECT_NE(statement.sql.find("l.registration_number >= ? AND l.registration_number < ?"),
            std::string::npos);
  EXPECT_NE(statement.sql.find("l.status = 'active' AND l.valid_until > ?"), std::string::npos);
  query = {};
  query.text = "JCS1";
  EXPECT_NE(BuildPostgresSearch(query, TimePoint{}).sql.find("ORDER BY l.registration_number DESC"),
            std::string::npos);
}

TEST(PostgresLabelSearchTest, SchemaHasTheIndexes) {
  const std::string_view schema = PostgresLabelSearchSchema();
  for (const char* part :
       {"CREATE EXTENSION IF NOT EXISTS pg_trgm", "gin_trgm_ops", "USING gin (short_grams)",
        "normalize(t, NFKC)", "AFTER INSERT ON labels",
        "AFTER UPDATE OF name, model_number ON products",
        "AFTER UPDATE OF name, name_en ON organizations"}) {
    EXPECT_NE(schema.find(part), std::string_view::npos) << part;
  }
}

}  // namespace
}  // namespace iotmark::persistence::postgres
