#include "persistence/label_status_sql.h"

#include <string_view>

namespace iotmark::persistence {

std::string LabelStatusCondition(registry::LabelStatus status, std::int64_t now,
                                 std::vector<store::Value>& params) {
  using registry::LabelStatus;
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
  return "0 = 1";
}

void AppendLabelFiltersAndPage(const registry::LabelQuery& query,
                               const registry::LabelSearchTerms& terms, std::int64_t now,
                               const std::string& text_order, std::string& sql,
                               std::vector<store::Value>& params) {
  for (const std::string& prefix : terms.registration_prefixes) {
    // The prefix is ASCII; 0x7F sorts after every character of a number.
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
  if (query.status) sql += " AND (" + LabelStatusCondition(*query.status, now, params) + ")";
  // Newest first. A registration-number search without text walks the
  // unique index backwards (highest number first), so "JCS1" stops after a page.
  if (terms.has_text())
    sql += " ORDER BY " + text_order;
  else if (!terms.registration_prefixes.empty())
    sql += " ORDER BY l.registration_number DESC";
  else
    sql += " ORDER BY l.id DESC";
  sql += " LIMIT ? OFFSET ?";
  params.push_back(std::int64_t{query.page_size} + 1);
  params.push_back(std::int64_t{query.page - 1} * query.page_size);
}

Result<registry::LabelSearchHits> RunLabelSearch(store::Transaction& transaction,
                                                 const std::string& sql,
                                                 const std::vector<store::Value>& params,
                                                 int page_size) {
  auto rows = transaction.Query(sql, params);
  if (!rows.ok()) return rows.status().WithPrefix("label search");
  registry::LabelSearchHits hits;
  for (const store::Row& row : *rows) hits.label_ids.push_back(row.Int(0));
  if (hits.label_ids.size() > static_cast<std::size_t>(page_size)) {
    hits.label_ids.pop_back();
    hits.has_next_page = true;
  }
  return hits;
}

}  // namespace iotmark::persistence
