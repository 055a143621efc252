// The EvaluationRepository (registry/evaluation_repository.h) for every
// backend: table evaluation_reports (store migration 10), portable SQL only
// (store/store.h); the per-criterion results are one JSON array column.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_EVALUATION_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_EVALUATION_REPOSITORY_H_

#include "registry/evaluation_repository.h"

namespace iotmark::persistence::portable {

class PortableEvaluationRepository final : public registry::EvaluationRepository {
 public:
  Result<std::int64_t> InsertReport(store::Transaction& transaction,
                                    const registry::EvaluationReport& report) override;
  Result<std::optional<registry::EvaluationReport>> LatestReport(
      store::Transaction& transaction, std::int64_t application_id) override;
  Result<std::vector<registry::EvaluationReport>> ListReports(
      store::Transaction& transaction, std::int64_t application_id) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_EVALUATION_REPOSITORY_H_
