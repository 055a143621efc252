// Portable SQL shared by the label search adapters. The label status as read (EffectiveLabelStatus
// in registry/lifecycle.cc), as a portable SQL condition over the `labels` table aliased `l`:
// shared by the storage adapters so every backend filters by status the same way.
#ifndef IOTMARK_PERSISTENCE_LABEL_STATUS_SQL_H_
#define IOTMARK_PERSISTENCE_LABEL_STATUS_SQL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "registry/label_search.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::persistence {

// The condition (with `?` placeholders, their values appended to `params`)
// that holds for the labels reading `status` at `now_seconds`.
std::string LabelStatusCondition(registry::LabelStatus status, std::int64_t now_seconds,
                                 std::vector<store::Value>& params);

// Appends the filters every label search shares: registration-number
// prefixes (a range on the unique index), level, organisation, product type
// (`p` must be joined when it is set) and the status as read; then the order
// (`text_order` when there is text, else the highest registration number or
// the newest label first) and LIMIT page_size + 1 OFFSET.
void AppendLabelFiltersAndPage(const registry::LabelQuery& query,
                               const registry::LabelSearchTerms& terms, std::int64_t now_seconds,
                               const std::string& text_order, std::string& sql,
                               std::vector<store::Value>& params);

// Runs the search statement; one row more than a page tells has_next_page.
Result<registry::LabelSearchHits> RunLabelSearch(store::Transaction& transaction,
                                                 const std::string& sql,
                                                 const std::vector<store::Value>& params,
                                                 int page_size);

}  // namespace iotmark::persistence

#endif  // IOTMARK_PERSISTENCE_LABEL_STATUS_SQL_H_
