// The ChangeRepository (registry/change_repository.h) for every backend:
// table registry_changes and labels.change_sequence/changed_at (store
// migrations), portable SQL only (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_CHANGE_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_CHANGE_REPOSITORY_H_

#include "registry/change_repository.h"

namespace iotmark::persistence::portable {

class PortableChangeRepository final : public registry::ChangeRepository {
 public:
  Result<std::int64_t> Latest(store::Transaction& transaction) override;
  Result<std::vector<registry::RegistryChange>> List(
      store::Transaction& transaction, std::int64_t since, int limit,
      const std::optional<std::string>& registration_number) override;
  Status Record(store::Transaction& transaction, registry::ChangeScope scope, std::int64_t id,
                std::string_view kind, TimePoint at, std::string_view summary) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_CHANGE_REPOSITORY_H_
