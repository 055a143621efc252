// The OrganizationRepository (registry/organization_repository.h) for every
// backend: table organizations (store migrations), portable SQL only
// (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_ORGANIZATION_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_ORGANIZATION_REPOSITORY_H_

#include "registry/organization_repository.h"

namespace iotmark::persistence::portable {

class PortableOrganizationRepository final : public registry::OrganizationRepository {
 public:
  Result<registry::Organization> Load(store::Transaction& transaction, std::int64_t id) override;
  Result<std::vector<registry::Organization>> List(store::Transaction& transaction) override;
  Result<std::int64_t> Insert(store::Transaction& transaction,
                              const registry::Organization& organization) override;
  Status SaveDisclosurePolicy(store::Transaction& transaction, std::int64_t id,
                              const registry::DisclosurePolicy& policy) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_ORGANIZATION_REPOSITORY_H_
