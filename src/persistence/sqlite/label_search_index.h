// The SQLite LabelSearchIndex (registry/label_search_index.h), on the tables
// of store migration 6 (src/store/migrations.cc):
//   label_search        FTS5 trigram table holding each label's normalised
//                       vendor, product name and model number (the content
//                       the hits are checked against);
//   label_search_grams  contentless FTS5 table of the 1-, 2- and 3-character
//                       grams of those values (rowids only).
// Every text query is one FTS5 MATCH over label_search_grams: a term of one
// to three characters is one gram token (exact), a longer term the AND of
// its trigrams, checked against the content with instr(). FTS5 intersects
// dense and rare grams by seeking, and walks rowids newest first, so a page
// costs about the same for 「冷」 (no label), 「カ」 (most labels) or
// 「防犯カメラ」. Both tables are kept by triggers calling
// iotmark_search_text / iotmark_search_grams, the SQL functions the store
// registers on every connection (NormalizeSearchText underneath).
#ifndef IOTMARK_PERSISTENCE_SQLITE_LABEL_SEARCH_INDEX_H_
#define IOTMARK_PERSISTENCE_SQLITE_LABEL_SEARCH_INDEX_H_

#include <string>
#include <vector>

#include "registry/label_search_index.h"

namespace iotmark::persistence::sqlite {

class SqliteLabelSearchIndex final : public registry::LabelSearchIndex {
 public:
  Result<registry::LabelSearchHits> Search(store::Transaction& transaction,
                                           const registry::LabelQuery& query,
                                           TimePoint now) override;
};

// The FTS5 MATCH expression over label_search_grams for normalised terms:
// their gram tokens (SearchGramToken), each once, joined by spaces (AND);
// "" when there are none. Exposed for tests.
std::string GramMatchExpression(const std::vector<std::string>& terms);

}  // namespace iotmark::persistence::sqlite

#endif  // IOTMARK_PERSISTENCE_SQLITE_LABEL_SEARCH_INDEX_H_
