// The SecurityInformationRepository
// (registry/security_information_repository.h) for every backend: tables
// update_releases and vulnerabilities (store migrations), portable SQL only
// (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_SECURITY_INFORMATION_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_SECURITY_INFORMATION_REPOSITORY_H_

#include "registry/security_information_repository.h"

namespace iotmark::persistence::portable {

class PortableSecurityInformationRepository final : public registry::SecurityInformationRepository {
 public:
  Result<std::int64_t> InsertUpdateRelease(store::Transaction& transaction,
                                           const registry::UpdateRelease& release) override;
  Result<std::int64_t> InsertVulnerability(store::Transaction& transaction,
                                           const registry::Vulnerability& vulnerability) override;
  Result<std::vector<registry::UpdateRelease>> ListUpdateReleases(store::Transaction& transaction,
                                                                  std::int64_t product_id) override;
  Result<std::vector<registry::Vulnerability>> ListVulnerabilities(
      store::Transaction& transaction, std::int64_t product_id) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_SECURITY_INFORMATION_REPOSITORY_H_
