// The LoginThrottleRepository (registry/login_throttle_repository.h) for
// every backend: table login_throttle (store migration 9), portable SQL only.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_LOGIN_THROTTLE_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_LOGIN_THROTTLE_REPOSITORY_H_

#include "registry/login_throttle_repository.h"

namespace iotmark::persistence::portable {

class PortableLoginThrottleRepository final : public registry::LoginThrottleRepository {
 public:
  Result<std::optional<registry::LoginThrottleCounter>> Load(store::Transaction& transaction,
                                                             registry::ThrottleScope scope,
                                                             std::string_view key) override;
  Status Save(store::Transaction& transaction, registry::ThrottleScope scope, std::string_view key,
              const registry::LoginThrottleCounter& counter) override;
  Status Remove(store::Transaction& transaction, registry::ThrottleScope scope,
                std::string_view key) override;
  Result<std::int64_t> RemoveOlderThan(store::Transaction& transaction, TimePoint cutoff) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_LOGIN_THROTTLE_REPOSITORY_H_
