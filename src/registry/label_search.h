// Label search that stays fast at a million labels: the one query behind
// RegistryService::SearchLabels (JSON API `GET /api/v1/labels?q=…` and the
// web `/search` page).
//
// - Text: whitespace-separated terms (ASCII space or U+3000), all must match
//   the vendor (name and English name), product name or model number as a
//   substring. On SQLite, terms of three or more characters use the FTS5
//   trigram index `label_search` (kept in sync by the store's triggers), which
//   works for Japanese; shorter terms fall back to LIKE on the same table. A
//   term shaped like a registration number prefix ("JCS1-2026-0001") uses the
//   labels' unique index on registration_number instead.
// - Filters: level, product type, organisation, vendor substring, and the
//   status as read (status is computed on read: an active label past
//   valid_until reads Expired, see EffectiveLabelStatus).
// - Order: newest label first (descending label id, the order of issue); a
//   search by registration number alone lists the highest number first.
// - Paging: one row more than a page is read to learn whether a next page
//   exists; no COUNT over the table.
#ifndef IOTMARK_REGISTRY_LABEL_SEARCH_H_
#define IOTMARK_REGISTRY_LABEL_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// More terms are refused (RegistryService::SearchLabels): each term is a
// clause, and the store keeps a prepared statement per query text.
inline constexpr std::size_t kMaxSearchTerms = 10;

struct LabelSearchHits {
  std::vector<std::int64_t> label_ids;  // newest first, at most page_size
  bool has_next_page = false;
};

// Runs the search inside `transaction`. `use_fts` selects the FTS5 index
// (SQLite stores); without it every text term is a LIKE over the joined
// columns (portable SQL, slow at scale). The query must be validated by the
// caller (page >= 1, page_size 1…100).
Result<LabelSearchHits> SearchLabelIds(store::Transaction& transaction, const LabelQuery& query,
                                       TimePoint now, bool use_fts);

// The query text split into terms at ASCII whitespace and U+3000.
std::vector<std::string> SplitSearchTerms(std::string_view text);

// The FTS5 MATCH expression for the terms of three or more characters (each
// a quoted phrase, joined by AND; `column` prefixes each as a column filter),
// or "" when there is none. Exposed for tests.
std::string FtsMatchExpression(const std::vector<std::string>& terms, std::string_view column = "");

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_SEARCH_H_
