#include "persistence/sqlite/label_search_index.h"

#include <chrono>
#include <unordered_set>

#include "common/search_text.h"
#include "persistence/label_status_sql.h"

// GCC 12 at -O2 reports a false "may be used uninitialized" inside
// std::variant<…, std::string> when store::Value objects are copied into the
// parameter vector; the values are always initialised here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::sqlite {
namespace {

std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// A term the gram tokens answer exactly: one piece of at most three
// characters (a longer term is the AND of its trigrams, which must be
// checked against the content).
bool ExactByGrams(const std::string& term) { return CodePointCount(term) <= 3; }

}  // namespace

std::string GramMatchExpression(const std::vector<std::string>& terms) {
  std::string expression;
  std::unordered_set<std::string> seen;
  for (const std::string& term : terms) {
    for (const std::string& gram : QuerySearchGrams(term)) {
      std::string token = SearchGramToken(gram);
      if (!seen.insert(token).second) continue;
      if (!expression.empty()) expression.push_back(' ');
      expression += token;
    }
  }
  return expression;
}

Result<registry::LabelSearchHits> SqliteLabelSearchIndex::Search(store::Transaction& transaction,
                                                                 const registry::LabelQuery& query,
                                                                 TimePoint now) {
  const registry::LabelSearchTerms terms = registry::ParseLabelSearch(query);
  std::string sql;
  std::vector<store::Value> params;
  if (terms.has_text()) {
    std::vector<std::string> all = terms.text_terms;
    if (!terms.vendor.empty()) all.push_back(terms.vendor);
    // Content checks: terms longer than a gram, and the vendor filter (its
    // grams may come from any column).
    std::vector<std::string> checked;
    for (const std::string& term : terms.text_terms) {
      if (!ExactByGrams(term)) checked.push_back(term);
    }
    const bool content = !checked.empty() || !terms.vendor.empty();
    // The gram index drives (MATCH, newest rowid first); the content and the
    // label are looked up by rowid.
    sql = "SELECT g.rowid FROM label_search_grams g";
    if (content) sql += " CROSS JOIN label_search s ON s.rowid = g.rowid";
    sql += " CROSS JOIN labels l ON l.id = g.rowid";
    if (!query.product_type.empty()) sql += " JOIN products p ON p.id = l.product_id";
    sql += " WHERE label_search_grams MATCH ?";
    params.push_back(GramMatchExpression(all));
    for (const std::string& term : checked) {
      sql +=
          " AND (instr(s.vendor, ?) > 0 OR instr(s.product_name, ?) > 0 OR "
          "instr(s.model_number, ?) > 0)";
      for (int i = 0; i < 3; ++i) params.push_back(term);
    }
    if (!terms.vendor.empty()) {
      sql += " AND instr(s.vendor, ?) > 0";
      params.push_back(terms.vendor);
    }
  } else {
    sql = "SELECT l.id FROM labels l";
    if (!query.product_type.empty()) sql += " JOIN products p ON p.id = l.product_id";
    sql += " WHERE 1 = 1";
  }
  AppendLabelFiltersAndPage(query, terms, Seconds(now), "g.rowid DESC", sql, params);
  return RunLabelSearch(transaction, sql, params, query.page_size);
}

}  // namespace iotmark::persistence::sqlite
