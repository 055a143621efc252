// The PostgreSQL LabelSearchIndex (registry/label_search_index.h): pg_trgm
// GIN indexes for terms of three or more characters, a GIN index over an
// array of 1- and 2-character grams for shorter ones (pg_trgm extracts no
// trigram from those, so LIKE alone would read every row).
//
// Tables, functions and triggers: PostgresLabelSearchSchema(), to be applied
// by the PostgreSQL migration list (same number as SQLite's migration 6).
// Normalisation: the triggers run iotmark_search_text(t) =
// lower(normalize(t, NFKC)) inside PostgreSQL, queries send terms already
// normalised by NormalizeSearchText (NFKC + full case folding). The two agree
// for ASCII, kana, CJK, full- and half-width forms and accented Latin; they
// differ only where full case folding differs from lower() (ß → "ss",
// final sigma, ligature-like folds), which the shared case table avoids.
//
// Its schema is PostgreSQL migration 6; the shared case table runs on both
// backends (docs/search.md).
#ifndef IOTMARK_PERSISTENCE_POSTGRES_LABEL_SEARCH_INDEX_H_
#define IOTMARK_PERSISTENCE_POSTGRES_LABEL_SEARCH_INDEX_H_

#include <string>
#include <string_view>
#include <vector>

#include "registry/label_search_index.h"

namespace iotmark::persistence::postgres {

class PostgresLabelSearchIndex final : public registry::LabelSearchIndex {
 public:
  Result<registry::LabelSearchHits> Search(store::Transaction& transaction,
                                           const registry::LabelQuery& query,
                                           TimePoint now) override;
};

// The SQL text of one search and its parameters (`?` placeholders, as the
// store's portability contract has them). Exposed for tests.
struct PostgresSearchStatement {
  std::string sql;
  std::vector<store::Value> params;
};
PostgresSearchStatement BuildPostgresSearch(const registry::LabelQuery& query, TimePoint now);

// The schema of the index: pg_trgm, iotmark_search_text,
// iotmark_search_short_grams, the label_search table with its GIN indexes,
// the triggers that keep it, and the back-fill of existing labels.
std::string_view PostgresLabelSearchSchema();

}  // namespace iotmark::persistence::postgres

#endif  // IOTMARK_PERSISTENCE_POSTGRES_LABEL_SEARCH_INDEX_H_
