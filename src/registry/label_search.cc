#include "registry/label_search.h"

#include <chrono>

// GCC 12 at -O2 reports a false "may be used uninitialized" inside
// std::variant<…, std::string> when store::Value objects are copied into the
// parameter vector; the values are always initialised here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::registry {
namespace {

std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// `%term%` for LIKE … ESCAPE '\'; ASCII lower-cased when `lower`.
std::string LikePattern(std::string_view term, bool lower) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(lower && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  pattern += "%";
  return pattern;
}

// "JCS1-2026-0001" and the like: a registration number or a prefix of one
// (ASCII letters, digits and hyphens after "JCS"). Upper-cased into `prefix`.
bool RegistrationNumberPrefix(std::string_view term, std::string& prefix) {
  if (term.size() < 4 || term.size() > 32) return false;
  prefix.clear();
  for (char c : term) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !digit && c != '-') return false;
    prefix.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return prefix.starts_with("JCS") && prefix[3] >= '0' && prefix[3] <= '9';
}

// How a two-character term is searched: the trigram index cannot take it
// directly, but every occurrence starts a trigram (the columns end with
// U+E000, migration 5), and label_search_vocab lists trigrams by prefix.
struct ShortTermPlan {
  enum Kind { kLike, kMatch, kNoMatch } kind = kLike;
  std::string match;  // for kMatch: ("t1" OR "t2" …)
};

// Labels holding the term from which a newest-first LIKE scan finds a page
// quickly, and the most trigrams one MATCH should OR together.
constexpr std::int64_t kDenseDocuments = 2000;
constexpr std::size_t kMaxPrefixTrigrams = 200;
// How many of the newest labels are sampled to tell a dense term.
constexpr std::int64_t kDenseSample = 2000;

// ASCII (lower-cased like the index) and U+3000…U+9FFF (kana, CJK: no case)
// fold the same in the index and here; other scripts keep LIKE.
bool FoldsLikeTheIndex(std::string_view term) {
  for (std::size_t i = 0; i < term.size();) {
    const unsigned char c = static_cast<unsigned char>(term[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xF0) != 0xE0 || i + 2 >= term.size()) return false;
    const char32_t code = ((c & 0x0F) << 12) | ((term[i + 1] & 0x3F) << 6) | (term[i + 2] & 0x3F);
    if (code < 0x3000 || code > 0x9FFF) return false;
    i += 3;
  }
  return true;
}

std::string Quoted(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"')
      quoted += "\"\"";
    else
      quoted.push_back(c);
  }
  return quoted + "\"";
}

Result<ShortTermPlan> PlanShortTerm(store::Transaction& transaction, std::string_view term) {
  ShortTermPlan plan;
  if (CodePoints(term) != 2 || !FoldsLikeTheIndex(term)) return plan;
  // A term the newest labels hold is dense: LIKE newest-first finds a page
  // at once, while the vocabulary would count every label holding it.
  const std::string pattern = LikePattern(term, false);
  auto sample = transaction.QueryOne(
      "SELECT COUNT(*) FROM (SELECT vendor, product_name, model_number FROM label_search "
      "ORDER BY rowid DESC LIMIT ?) WHERE vendor LIKE ? ESCAPE '\\' OR "
      "product_name LIKE ? ESCAPE '\\' OR model_number LIKE ? ESCAPE '\\'",
      {kDenseSample, pattern, pattern, pattern});
  if (!sample.ok()) return sample.status().WithPrefix("label search sample");
  if (*sample && (*sample)->Int(0) > 0) return plan;
  std::string folded(term);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto rows = transaction.Query(
      "SELECT term, doc FROM label_search_vocab WHERE term >= ? AND term <= ? LIMIT ?",
      {folded, folded + "\xF4\x8F\xBF\xBF", static_cast<std::int64_t>(kMaxPrefixTrigrams + 1)});
  if (!rows.ok()) return rows.status().WithPrefix("label search vocabulary");
  if (rows->empty()) {
    plan.kind = ShortTermPlan::kNoMatch;
    return plan;
  }
  std::int64_t documents = 0;
  for (const store::Row& row : *rows) documents += row.Int(1);
  if (rows->size() > kMaxPrefixTrigrams || documents >= kDenseDocuments) return plan;
  plan.kind = ShortTermPlan::kMatch;
  plan.match = "(";
  for (std::size_t i = 0; i < rows->size(); ++i) {
    if (i > 0) plan.match += " OR ";
    plan.match += Quoted((*rows)[i].Text(0));
  }
  plan.match += ")";
  return plan;
}

std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// The status as read, in SQL (mirrors EffectiveLabelStatus in lifecycle.cc).
std::string StatusCondition(LabelStatus status, std::int64_t now,
                            std::vector<store::Value>& params) {
  constexpr std::string_view kDeadlineCounts =
      "(l.surveillance_evidence_at IS NULL OR l.surveillance_evidence_at > "
      "l.surveillance_deadline)";
  switch (status) {
    case LabelStatus::kActive:
      params.push_back(now);
      return "l.status = 'active' AND l.valid_until > ?";
    case LabelStatus::kExpired:
      params.insert(params.end(), {now, now, now});
      return "l.status = 'expired' OR (l.status = 'active' AND l.valid_until <= ?) OR "
             "(l.status = 'under-surveillance' AND l.valid_until <= ? AND (NOT " +
             std::string(kDeadlineCounts) +
             " OR l.surveillance_deadline > ? OR l.valid_until <= l.surveillance_deadline))";
    case LabelStatus::kRevoked:
      params.push_back(now);
      return "l.status = 'revoked' OR (l.status = 'under-surveillance' AND " +
             std::string(kDeadlineCounts) +
             " AND l.surveillance_deadline <= ? AND l.surveillance_deadline < l.valid_until)";
    case LabelStatus::kWithdrawn:
      return "l.status = 'withdrawn'";
    case LabelStatus::kUnderSurveillance:
      params.insert(params.end(), {now, now});
      return "l.status = 'under-surveillance' AND l.valid_until > ? AND (NOT " +
             std::string(kDeadlineCounts) + " OR l.surveillance_deadline > ?)";
  }
  return "0";
}

}  // namespace

std::vector<std::string> SplitSearchTerms(std::string_view text) {
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

std::string FtsMatchExpression(const std::vector<std::string>& terms, std::string_view column) {
  std::string expression;
  for (const std::string& term : terms) {
    if (CodePoints(term) < 3) continue;
    if (!expression.empty()) expression += " AND ";
    if (!column.empty()) expression += std::string(column) + " : ";
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

Result<LabelSearchHits> SearchLabelIds(store::Transaction& transaction, const LabelQuery& query,
                                       TimePoint now, bool use_fts) {
  // Sort the text terms: registration-number prefixes (indexed range on
  // labels), index terms (3+ characters, FTS5) and short terms (LIKE).
  std::vector<std::string> regno_prefixes, text_terms;
  for (std::string& term : SplitSearchTerms(query.text)) {
    std::string prefix;
    if (RegistrationNumberPrefix(term, prefix))
      regno_prefixes.push_back(std::move(prefix));
    else
      text_terms.push_back(std::move(term));
  }
  // The vendor filter is one substring (it may contain spaces).
  std::vector<std::string> vendor_terms;
  if (!query.vendor.empty()) vendor_terms.push_back(query.vendor);

  std::string sql;
  std::vector<store::Value> params;
  const bool text_search = !text_terms.empty() || !vendor_terms.empty();
  const bool fts = use_fts && text_search;
  if (fts) {
    // The FTS5 table drives the query (MATCH, rowid order); labels are
    // looked up by primary key.
    sql = "SELECT l.id FROM label_search s JOIN labels l ON l.id = s.rowid";
    if (!query.product_type.empty()) sql += " JOIN products p ON p.id = l.product_id";
    sql += " WHERE 1 = 1";
    std::string match = FtsMatchExpression(text_terms);
    const std::string vendor_match = FtsMatchExpression(vendor_terms, "vendor");
    if (!vendor_match.empty()) match += (match.empty() ? "" : " AND ") + vendor_match;
    std::vector<std::string> like_terms;
    for (const std::string& term : text_terms) {
      if (CodePoints(term) >= 3) continue;
      auto plan = PlanShortTerm(transaction, term);
      if (!plan.ok()) return plan.status();
      if (plan->kind == ShortTermPlan::kNoMatch) return LabelSearchHits{};
      if (plan->kind == ShortTermPlan::kMatch) {
        match += (match.empty() ? "" : " AND ") + plan->match;
      } else {
        like_terms.push_back(term);
      }
    }
    if (!match.empty()) {
      sql += " AND label_search MATCH ?";
      params.push_back(match);
    }
    for (const std::string& term : like_terms) {
      sql +=
          " AND (s.vendor LIKE ? ESCAPE '\\' OR s.product_name LIKE ? ESCAPE '\\' OR "
          "s.model_number LIKE ? ESCAPE '\\')";
      for (int i = 0; i < 3; ++i) params.push_back(LikePattern(term, false));
    }
    for (const std::string& term : vendor_terms) {
      if (CodePoints(term) >= 3) continue;
      sql += " AND s.vendor LIKE ? ESCAPE '\\'";
      params.push_back(LikePattern(term, false));
    }
  } else if (text_search) {
    // Portable: LIKE over the joined columns (a full scan).
    sql =
        "SELECT l.id FROM labels l JOIN products p ON p.id = l.product_id "
        "JOIN organizations o ON o.id = l.organization_id WHERE 1 = 1";
    for (const std::string& term : text_terms) {
      sql +=
          " AND (LOWER(o.name) LIKE ? ESCAPE '\\' OR LOWER(o.name_en) LIKE ? ESCAPE '\\' OR "
          "LOWER(p.name) LIKE ? ESCAPE '\\' OR LOWER(p.model_number) LIKE ? ESCAPE '\\')";
      for (int i = 0; i < 4; ++i) params.push_back(LikePattern(term, true));
    }
    for (const std::string& term : vendor_terms) {
      sql += " AND (LOWER(o.name) LIKE ? ESCAPE '\\' OR LOWER(o.name_en) LIKE ? ESCAPE '\\')";
      for (int i = 0; i < 2; ++i) params.push_back(LikePattern(term, true));
    }
  } else {
    sql = "SELECT l.id FROM labels l";
    if (!query.product_type.empty()) sql += " JOIN products p ON p.id = l.product_id";
    sql += " WHERE 1 = 1";
  }
  for (const std::string& prefix : regno_prefixes) {
    // A range on the unique index (the prefix is ASCII; 0x7F sorts last).
    sql += " AND l.registration_number >= ? AND l.registration_number < ?";
    params.push_back(prefix);
    params.push_back(prefix + "\x7f");
  }
  if (query.level) {
    sql += " AND l.level = ?";
    params.push_back(*query.level);
  }
  if (query.organization_id) {
    sql += " AND l.organization_id = ?";
    params.push_back(*query.organization_id);
  }
  if (!query.product_type.empty()) {
    sql += " AND p.product_type = ?";
    params.push_back(query.product_type);
  }
  if (query.status) sql += " AND (" + StatusCondition(*query.status, Seconds(now), params) + ")";
  // Newest first. A registration-number search without text terms walks the
  // unique index backwards instead (highest number first: newest within a
  // year), so a short prefix such as "JCS1" stops after a page, not a sort of
  // every label.
  if (fts)
    sql += " ORDER BY s.rowid DESC";
  else if (!regno_prefixes.empty() && !text_search)
    sql += " ORDER BY l.registration_number DESC";
  else
    sql += " ORDER BY l.id DESC";
  sql += " LIMIT ? OFFSET ?";
  params.push_back(std::int64_t{query.page_size} + 1);
  params.push_back(std::int64_t{query.page - 1} * query.page_size);

  auto rows = transaction.Query(sql, params);
  if (!rows.ok()) return rows.status().WithPrefix("label search");
  LabelSearchHits hits;
  for (const store::Row& row : *rows) hits.label_ids.push_back(row.Int(0));
  if (hits.label_ids.size() > static_cast<std::size_t>(query.page_size)) {
    hits.label_ids.pop_back();
    hits.has_next_page = true;
  }
  return hits;
}

}  // namespace iotmark::registry
