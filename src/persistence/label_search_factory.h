// Picks the LabelSearchIndex implementation for a store's backend: the one
// place that knows which adapter answers label search on which store.
#ifndef IOTMARK_PERSISTENCE_LABEL_SEARCH_FACTORY_H_
#define IOTMARK_PERSISTENCE_LABEL_SEARCH_FACTORY_H_

#include <memory>

#include "common/status.h"
#include "registry/label_search_index.h"
#include "store/store.h"

namespace iotmark::persistence {

// SqliteLabelSearchIndex for "sqlite", PostgresLabelSearchIndex for
// "postgresql" (its tables come from PostgresLabelSearchSchema(), which the
// PostgreSQL migration list must carry); kInvalidArgument for other backends.
Result<std::shared_ptr<registry::LabelSearchIndex>> MakeLabelSearchIndex(const store::Store& store);

}  // namespace iotmark::persistence

#endif  // IOTMARK_PERSISTENCE_LABEL_SEARCH_FACTORY_H_
