// Picks the registry's repository implementations (registry/repositories.h)
// for a store's backend: the one place that knows which adapter stores which
// aggregate on which store.
#ifndef IOTMARK_PERSISTENCE_REPOSITORIES_FACTORY_H_
#define IOTMARK_PERSISTENCE_REPOSITORIES_FACTORY_H_

#include "common/status.h"
#include "registry/repositories.h"
#include "store/store.h"

namespace iotmark::persistence {

// Every repository for `store` ("sqlite" or "postgresql"); kInvalidArgument
// for another backend.
Result<registry::Repositories> MakeRepositories(const store::Store& store);

}  // namespace iotmark::persistence

#endif  // IOTMARK_PERSISTENCE_REPOSITORIES_FACTORY_H_
