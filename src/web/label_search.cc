#include "web/label_search.h"

#include <chrono>

// GCC 12 at -O2 reports a false "may be used uninitialized" inside
// std::variant<…, std::string> when store::Value objects are copied into the
// parameter vector; the values are always initialised here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::web {
namespace {

std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::vector<std::string> SplitTerms(std::string_view text) {
  std::vector<std::string> terms;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool ascii_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    // U+3000 IDEOGRAPHIC SPACE (E3 80 80) separates terms too.
    const bool ideographic_space = c == 0xE3 && i + 2 < text.size() &&
                                   static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                                   static_cast<unsigned char>(text[i + 2]) == 0x80;
    if (ascii_space || ideographic_space) {
      if (!current.empty()) terms.push_back(std::move(current));
      current.clear();
      if (ideographic_space) i += 2;
    } else {
      current.push_back(static_cast<char>(c));
    }
  }
  if (!current.empty()) terms.push_back(std::move(current));
  return terms;
}

std::string LikePattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern += "%";
  return pattern;
}

}  // namespace

std::string FtsMatchExpression(const std::vector<std::string>& terms) {
  std::string expression;
  for (const std::string& term : terms) {
    if (CodePoints(term) < 3) continue;
    if (!expression.empty()) expression += " AND ";
    expression += "\"";
    for (char c : term) {
      if (c == '"')
        expression += "\"\"";
      else
        expression.push_back(c);
    }
    expression += "\"";
  }
  return expression;
}

Result<LabelSearchResult> SearchLabelNumbers(store::Store& store, const LabelSearchQuery& query,
                                             TimePoint now) {
  if (query.page < 1 || query.page > 10000) return Status::InvalidArgument("page: 1…10000");
  if (query.page_size < 1 || query.page_size > 100) {
    return Status::InvalidArgument("page_size: 1…100");
  }
  const std::vector<std::string> terms = SplitTerms(query.text);
  const std::string match = FtsMatchExpression(terms);
  const std::int64_t now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::string sql;
  std::vector<store::Value> params;
  const bool text_search = !terms.empty();
  if (text_search) {
    sql =
        "SELECT l.registration_number FROM label_search s JOIN labels l ON l.id = s.rowid "
        "WHERE 1 = 1";
    if (!match.empty()) {
      sql += " AND label_search MATCH ?";
      params.push_back(match);
    }
    for (const std::string& term : terms) {
      if (CodePoints(term) >= 3) continue;
      sql +=
          " AND (s.vendor LIKE ? ESCAPE '\\' OR s.product_name LIKE ? ESCAPE '\\' OR "
          "s.model_number LIKE ? ESCAPE '\\' OR s.registration_number LIKE ? ESCAPE '\\')";
      for (int i = 0; i < 4; ++i) params.push_back(LikePattern(term));
    }
  } else {
    sql = "SELECT l.registration_number FROM labels l WHERE 1 = 1";
  }
  if (!query.level.empty()) {
    sql += " AND l.level = ?";
    params.push_back(query.level);
  }
  if (query.status == "active") {
    sql += " AND l.status = 'active' AND l.valid_until > ?";
    params.push_back(now_seconds);
  } else if (query.status == "expired") {
    sql += " AND (l.status = 'expired' OR (l.status = 'active' AND l.valid_until <= ?))";
    params.push_back(now_seconds);
  } else if (!query.status.empty()) {
    sql += " AND l.status = ?";
    params.push_back(query.status);
  }
  sql += text_search ? " ORDER BY s.rowid DESC" : " ORDER BY l.id DESC";
  sql += " LIMIT ? OFFSET ?";
  params.push_back(std::int64_t{query.page_size} + 1);
  params.push_back(std::int64_t{query.page - 1} * query.page_size);

  LabelSearchResult result;
  Status status = store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(sql, params);
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) result.registration_numbers.push_back(row.Text(0));
    return Status::Ok();
  });
  if (!status.ok()) return status.WithPrefix("label search");
  if (result.registration_numbers.size() > static_cast<std::size_t>(query.page_size)) {
    result.registration_numbers.pop_back();
    result.has_next_page = true;
  }
  return result;
}

}  // namespace iotmark::web
