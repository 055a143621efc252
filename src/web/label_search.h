// Label search over the store's FTS5 trigram index (table label_search, kept
// in sync by the store's triggers): substring matching that works for
// Japanese. Terms of three or more characters use the index (MATCH); shorter
// terms fall back to LIKE. Results are newest label first; paging reads one
// row more than a page to know whether a next page exists (no COUNT over a
// million rows). SQLite stores only; the caller falls back to
// RegistryService::SearchLabels elsewhere.
// Thread-safe (each call is one read-only transaction).
#ifndef IOTMARK_WEB_LABEL_SEARCH_H_
#define IOTMARK_WEB_LABEL_SEARCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace iotmark::web {

struct LabelSearchQuery {
  std::string text;    // whitespace-separated terms, all must match
  std::string level;   // "" = any
  std::string status;  // stored status code, "" = any
  int page = 1;
  int page_size = 20;
};

struct LabelSearchResult {
  std::vector<std::string> registration_numbers;
  bool has_next_page = false;
};

Result<LabelSearchResult> SearchLabelNumbers(store::Store& store, const LabelSearchQuery& query,
                                             TimePoint now);

// The FTS5 MATCH expression for `terms` of three or more characters (each as a
// quoted phrase, joined by AND), or "" when there is none. Exposed for tests.
std::string FtsMatchExpression(const std::vector<std::string>& terms);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_LABEL_SEARCH_H_
