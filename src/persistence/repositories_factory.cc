#include "persistence/repositories_factory.h"

#include <memory>
#include <string>

#include "persistence/portable/application_repository.h"
#include "persistence/portable/login_throttle_repository.h"

namespace iotmark::persistence {

Result<registry::Repositories> MakeRepositories(const store::Store& store) {
  const std::string_view backend = store.BackendName();
  if (backend != "sqlite" && backend != "postgresql") {
    return Status::InvalidArgument("registry storage: no repositories for the '" +
                                   std::string(backend) + "' backend");
  }
  registry::Repositories repositories;
  repositories.applications = std::make_shared<portable::PortableApplicationRepository>();
  repositories.login_throttle = std::make_shared<portable::PortableLoginThrottleRepository>();
  return repositories;
}

}  // namespace iotmark::persistence
