// LabelSearchIndex: the one way the registry searches labels by text. The
// registry (RegistryService::SearchLabels, hence the JSON API and the web
// /search page) calls it with domain types; each storage backend implements
// it with its own index, and no SQL of the search lives outside those
// implementations:
//   persistence/sqlite/label_search_index.h    FTS5 (trigram + n-gram tables)
//   persistence/postgres/label_search_index.h  pg_trgm GIN + n-gram array GIN
// Every implementation gives the same hits for the same query: the shared
// case table persistence/label_search_cases.json is run against each.
//
// Contract: terms are matched as substrings after NormalizeSearchText, of
// any length; the order, paging and filters are those of
// registry/label_search.h. `query` is validated by the caller (page >= 1,
// page_size 1…100, at most kMaxSearchTerms terms).
//
// Thread-safety: implementations hold no per-query state; Search may run on
// many threads at once, each in its own transaction.
#ifndef IOTMARK_REGISTRY_LABEL_SEARCH_INDEX_H_
#define IOTMARK_REGISTRY_LABEL_SEARCH_INDEX_H_

#include "common/clock.h"
#include "common/status.h"
#include "registry/label_search.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

class LabelSearchIndex {
 public:
  virtual ~LabelSearchIndex() = default;
  // The ids of one page of labels matching `query` as read at `now`, inside
  // the caller's `transaction` (the unit of work; its SQL is the
  // implementation's business).
  virtual Result<LabelSearchHits> Search(store::Transaction& transaction, const LabelQuery& query,
                                         TimePoint now) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_SEARCH_INDEX_H_
