#include "persistence/label_search_factory.h"

#include <string>

#include "persistence/postgres/label_search_index.h"
#include "persistence/sqlite/label_search_index.h"

namespace iotmark::persistence {

Result<std::shared_ptr<registry::LabelSearchIndex>> MakeLabelSearchIndex(
    const store::Store& store) {
  const std::string_view backend = store.BackendName();
  if (backend == "sqlite")
    return std::shared_ptr<registry::LabelSearchIndex>(
        std::make_shared<sqlite::SqliteLabelSearchIndex>());
  if (backend == "postgresql")
    return std::shared_ptr<registry::LabelSearchIndex>(
        std::make_shared<postgres::PostgresLabelSearchIndex>());
  return Status::InvalidArgument("label search: no search index for the '" + std::string(backend) +
                                 "' backend");
}

}  // namespace iotmark::persistence
