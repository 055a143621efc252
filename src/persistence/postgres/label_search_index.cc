#include "persistence/postgres/label_search_index.h"

#include <chrono>

#include "common/search_text.h"
#include "persistence/label_status_sql.h"
#include "store/migrations_search_postgres.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::postgres {
namespace {



std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// `%term%` for LIKE (backslash is PostgreSQL's default escape character).
std::string LikePattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + "%";
}

// A whitespace-free term of one or two characters: the gram array answers it.
bool ShortTerm(std::string_view term) {
  if (CodePointCount(term) > 2) return false;
  for (char c : term) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return false;
  }
  return true;
}

}  // namespace

std::string_view PostgresLabelSearchSchema() { return store::PostgresLabelSearchMigration(); }

PostgresSearchStatement BuildPostgresSearch(const registry::LabelQuery& query, TimePoint now) {
  const registry::LabelSearchTerms terms = registry::ParseLabelSearch(query);
  PostgresSearchStatement statement;
  std::string& sql = statement.sql;
  std::vector<store::Value>& params = statement.params;
  const bool text = terms.has_text();
  if (text) {
    sql = "SELECT s.label_id FROM label_search s JOIN labels l ON l.id = s.label_id";
  } else {
    sql = "SELECT l.id FROM labels l";
  }
  if (!query.product_type.empty()) sql += " JOIN products p ON p.id = l.product_id";
  sql += " WHERE 1 = 1";
  std::vector<std::string> grams;
  for (const std::string& term : terms.text_terms) {
    if (ShortTerm(term)) {
      grams.push_back(term);
      continue;
    }
    sql += " AND (s.vendor LIKE ? OR s.product_name LIKE ? OR s.model_number LIKE ?)";
    for (int i = 0; i < 3; ++i) params.push_back(LikePattern(term));
  }
  if (!grams.empty()) {
    // One containment test for every short term (the GIN index of the array).
    sql += " AND s.short_grams @> ARRAY[";
    for (std::size_t i = 0; i < grams.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(grams[i]);
    }
    sql += "]::TEXT[]";
  }
  if (!terms.vendor.empty()) {
    if (ShortTerm(terms.vendor)) {
      // Short: the gram array narrows, the vendor column decides.
      sql += " AND s.short_grams @> ARRAY[?]::TEXT[] AND strpos(s.vendor, ?) > 0";
      params.push_back(terms.vendor);
      params.push_back(terms.vendor);
    } else {
      sql += " AND s.vendor LIKE ?";
      params.push_back(LikePattern(terms.vendor));
    }
  }
  AppendLabelFiltersAndPage(query, terms, Seconds(now), "s.label_id DESC", sql, params);
  return statement;
}

Result<registry::LabelSearchHits> PostgresLabelSearchIndex::Search(
    store::Transaction& transaction, const registry::LabelQuery& query, TimePoint now) {
  const PostgresSearchStatement statement = BuildPostgresSearch(query, now);
  return RunLabelSearch(transaction, statement.sql, statement.params, query.page_size);
}

}  // namespace iotmark::persistence::postgres
