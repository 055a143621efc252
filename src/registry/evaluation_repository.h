// EvaluationRepository: storage of the evaluation reports of third-party
// evaluation bodies (registry/evaluation.h). The lab an application names
// and its certification time are fields of the application aggregate
// (ApplicationRepository). See registry/repositories.h for the contract every
// repository keeps.
#ifndef IOTMARK_REGISTRY_EVALUATION_REPOSITORY_H_
#define IOTMARK_REGISTRY_EVALUATION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "common/status.h"
#include "registry/evaluation.h"
#include "store/store.h"

namespace iotmark::registry {

class EvaluationRepository {
 public:
  virtual ~EvaluationRepository() = default;
  // Stores a report (its id is ignored); yields its id. Earlier reports of
  // the application stay (the newest one counts).
  virtual Result<std::int64_t> InsertReport(store::Transaction& transaction,
                                            const EvaluationReport& report) = 0;
  // The newest report of the application (highest id); nullopt when none.
  virtual Result<std::optional<EvaluationReport>> LatestReport(store::Transaction& transaction,
                                                               std::int64_t application_id) = 0;
  // Every report of the application, oldest first.
  virtual Result<std::vector<EvaluationReport>> ListReports(store::Transaction& transaction,
                                                            std::int64_t application_id) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_EVALUATION_REPOSITORY_H_
