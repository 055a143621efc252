// The ApplicationRepository (registry/application_repository.h) for every
// backend: tables applications and application_events (store migrations),
// portable SQL only (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_APPLICATION_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_APPLICATION_REPOSITORY_H_

#include "registry/application_repository.h"

namespace iotmark::persistence::portable {

class PortableApplicationRepository final : public registry::ApplicationRepository {
 public:
  Result<registry::Application> Load(store::Transaction& transaction, std::int64_t id) override;
  Result<std::vector<registry::Application>> List(
      store::Transaction& transaction, const registry::ApplicationFilter& filter) override;
  Result<std::int64_t> Insert(store::Transaction& transaction,
                              const registry::Application& application) override;
  Status Save(store::Transaction& transaction, const registry::Application& application) override;
  Status AppendEvent(store::Transaction& transaction, std::int64_t application_id,
                     const registry::ApplicationEvent& event) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_APPLICATION_REPOSITORY_H_
