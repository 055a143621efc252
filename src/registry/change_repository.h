// ChangeRepository: storage of the registry's public change stream
// (registry_changes, one row per affected label, numbered in commit order)
// and of each label's latest change sequence. See registry/repositories.h
// for the contract every repository keeps.
#ifndef IOTMARK_REGISTRY_CHANGE_REPOSITORY_H_
#define IOTMARK_REGISTRY_CHANGE_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "registry/changes.h"
#include "store/store.h"

namespace iotmark::registry {

// Which labels a registry change concerns: one label, every label of a
// product, or every label of an organisation.
enum class ChangeScope { kLabel, kProduct, kOrganization };

class ChangeRepository {
 public:
  virtual ~ChangeRepository() = default;
  // The newest change sequence (0 when there is none).
  virtual Result<std::int64_t> Latest(store::Transaction& transaction) = 0;
  // Changes with sequence > `since`, ascending, at most `limit`; of one
  // label when `registration_number` is set.
  virtual Result<std::vector<RegistryChange>> List(
      store::Transaction& transaction, std::int64_t since, int limit,
      const std::optional<std::string>& registration_number) = 0;
  // Appends one change per label in scope (ascending label id) with the
  // label's stored status, and moves each label's change_sequence to it and
  // its changed_at to `at` (never backwards).
  virtual Status Record(store::Transaction& transaction, ChangeScope scope, std::int64_t id,
                        std::string_view kind, TimePoint at, std::string_view summary) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_CHANGE_REPOSITORY_H_
