// ApplicationRepository: storage of the application aggregate (an
// application with its state history). See registry/repositories.h for the
// contract every repository keeps.
#ifndef IOTMARK_REGISTRY_APPLICATION_REPOSITORY_H_
#define IOTMARK_REGISTRY_APPLICATION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// Which applications List returns; an empty field does not filter.
struct ApplicationFilter {
  std::optional<std::int64_t> organization_id;
  std::optional<ApplicationState> state;
  std::optional<std::int64_t> evaluation_lab_id;  // the evaluation body it names
};

class ApplicationRepository {
 public:
  virtual ~ApplicationRepository() = default;
  // The application with its history (oldest event first); kNotFound.
  virtual Result<Application> Load(store::Transaction& transaction, std::int64_t id) = 0;
  // The applications matching `filter`, by ascending id, with their history.
  virtual Result<std::vector<Application>> List(store::Transaction& transaction,
                                                const ApplicationFilter& filter) = 0;
  // Stores a new application (its id and history are ignored); yields its id.
  virtual Result<std::int64_t> Insert(store::Transaction& transaction,
                                      const Application& application) = 0;
  // Writes the fields that change over an application's life (checklist,
  // state, inquiry note, rejection reason, fee, submitted/invoiced/paid,
  // certified and updated times) of `application.id`; kNotFound when there is none.
  virtual Status Save(store::Transaction& transaction, const Application& application) = 0;
  // Appends one entry (its id is ignored) to the application's history.
  virtual Status AppendEvent(store::Transaction& transaction, std::int64_t application_id,
                             const ApplicationEvent& event) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_APPLICATION_REPOSITORY_H_
