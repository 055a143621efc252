// OrganizationRepository: storage of the organisation aggregate (a vendor or
// the operator, with its vulnerability disclosure policy). See
// registry/repositories.h for the contract every repository keeps.
#ifndef IOTMARK_REGISTRY_ORGANIZATION_REPOSITORY_H_
#define IOTMARK_REGISTRY_ORGANIZATION_REPOSITORY_H_

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  // The organisation; kNotFound ("organisation <id> not found").
  virtual Result<Organization> Load(store::Transaction& transaction, std::int64_t id) = 0;
  // Every organisation, by ascending id.
  virtual Result<std::vector<Organization>> List(store::Transaction& transaction) = 0;
  // Stores a new organisation (its id is ignored); yields its id.
  // kAlreadyExists when the name is taken.
  virtual Result<std::int64_t> Insert(store::Transaction& transaction,
                                      const Organization& organization) = 0;
  // Replaces the disclosure policy of organisation `id`; kNotFound when there
  // is none.
  virtual Status SaveDisclosurePolicy(store::Transaction& transaction, std::int64_t id,
                                      const DisclosurePolicy& policy) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_ORGANIZATION_REPOSITORY_H_
