// ProductRepository: storage of the product aggregate (a vendor's product
// with its firmware versions). See registry/repositories.h for the contract
// every repository keeps.
#ifndef IOTMARK_REGISTRY_PRODUCT_REPOSITORY_H_
#define IOTMARK_REGISTRY_PRODUCT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

class ProductRepository {
 public:
  virtual ~ProductRepository() = default;
  // The product with its firmware versions (ascending id); kNotFound.
  virtual Result<Product> Load(store::Transaction& transaction, std::int64_t id) = 0;
  // The products of `organization_id` (every product when unset), by
  // ascending id, with their firmware versions.
  virtual Result<std::vector<Product>> List(store::Transaction& transaction,
                                            std::optional<std::int64_t> organization_id) = 0;
  // Stores a new product (its id and firmware versions are ignored); yields
  // its id. kAlreadyExists when its organisation has that model number.
  virtual Result<std::int64_t> Insert(store::Transaction& transaction, const Product& product) = 0;
  // Stores a new firmware version of `version.product_id` (its id is
  // ignored); yields its id. kAlreadyExists when the product has it.
  virtual Result<std::int64_t> InsertFirmwareVersion(store::Transaction& transaction,
                                                     const FirmwareVersion& version) = 0;
  // Sets whether `version` of the product is covered by its label, with the
  // note why not; false when the product has no such version.
  virtual Result<bool> SetFirmwareCoverage(store::Transaction& transaction, std::int64_t product_id,
                                           std::string_view version, bool covered,
                                           std::string_view note) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_PRODUCT_REPOSITORY_H_
