// SecurityInformationRepository: storage of a product's published security
// information (S1.1-05 public page): its update releases and its known
// vulnerabilities. See registry/repositories.h for the contract every
// repository keeps.
#ifndef IOTMARK_REGISTRY_SECURITY_INFORMATION_REPOSITORY_H_
#define IOTMARK_REGISTRY_SECURITY_INFORMATION_REPOSITORY_H_

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

class SecurityInformationRepository {
 public:
  virtual ~SecurityInformationRepository() = default;
  // Stores a new update release (id ignored); yields its id.
  virtual Result<std::int64_t> InsertUpdateRelease(store::Transaction& transaction,
                                                   const UpdateRelease& release) = 0;
  // Stores a new vulnerability (id ignored); yields its id. kAlreadyExists
  // when the product has that identifier already.
  virtual Result<std::int64_t> InsertVulnerability(store::Transaction& transaction,
                                                   const Vulnerability& vulnerability) = 0;
  // The product's update releases, newest release date first (then id, descending).
  virtual Result<std::vector<UpdateRelease>> ListUpdateReleases(store::Transaction& transaction,
                                                                std::int64_t product_id) = 0;
  // The product's vulnerabilities, newest published first (then id, descending).
  virtual Result<std::vector<Vulnerability>> ListVulnerabilities(store::Transaction& transaction,
                                                                 std::int64_t product_id) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_SECURITY_INFORMATION_REPOSITORY_H_
