// The ProductRepository (registry/product_repository.h) for every backend:
// tables products and firmware_versions (store migrations), portable SQL
// only (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_PRODUCT_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_PRODUCT_REPOSITORY_H_

#include "registry/product_repository.h"

namespace iotmark::persistence::portable {

class PortableProductRepository final : public registry::ProductRepository {
 public:
  Result<registry::Product> Load(store::Transaction& transaction, std::int64_t id) override;
  Result<std::vector<registry::Product>> List(store::Transaction& transaction,
                                              std::optional<std::int64_t> organization_id) override;
  Result<std::int64_t> Insert(store::Transaction& transaction,
                              const registry::Product& product) override;
  Result<std::int64_t> InsertFirmwareVersion(store::Transaction& transaction,
                                             const registry::FirmwareVersion& version) override;
  Result<bool> SetFirmwareCoverage(store::Transaction& transaction, std::int64_t product_id,
                                   std::string_view version, bool covered,
                                   std::string_view note) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_PRODUCT_REPOSITORY_H_
