// The LabelRepository (registry/label_repository.h) for every backend:
// tables labels, label_events and registration_sequences (store
// migrations), portable SQL only (store/store.h). LoadMany asks for ids in
// `IN (?, …)` batches of a few fixed sizes, so the store's statement cache
// holds a handful of texts whatever the number of ids.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_LABEL_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_LABEL_REPOSITORY_H_

#include "registry/label_repository.h"

namespace iotmark::persistence::portable {

class PortableLabelRepository final : public registry::LabelRepository {
 public:
  Result<registry::StoredLabel> FindByNumber(store::Transaction& transaction,
                                             std::string_view registration_number) override;
  Result<registry::StoredLabel> Load(store::Transaction& transaction, std::int64_t id) override;
  Result<std::vector<registry::StoredLabel>> LoadMany(
      store::Transaction& transaction, const std::vector<std::int64_t>& ids) override;
  Result<std::vector<std::string>> ListNumbers(
      store::Transaction& transaction, std::optional<std::int64_t> organization_id) override;
  Result<std::vector<std::int64_t>> ListDueForTimeChange(store::Transaction& transaction,
                                                         TimePoint now) override;
  Result<std::vector<registry::StoredLabel>> ListChangedSince(store::Transaction& transaction,
                                                              std::int64_t since,
                                                              int limit) override;
  Result<std::vector<std::string>> ListNumbersWithSecurityInformation(
      store::Transaction& transaction, TimePoint now) override;
  Result<std::vector<registry::LabelEvent>> LoadEvents(store::Transaction& transaction,
                                                       std::int64_t label_id) override;
  Result<std::vector<registry::RecordedLabelEvent>> ListAllEvents(
      store::Transaction& transaction) override;

  Result<std::int64_t> NextRegistrationSequence(store::Transaction& transaction, int year) override;
  Result<std::int64_t> Insert(store::Transaction& transaction,
                              const registry::Label& label) override;
  Status SetStatus(store::Transaction& transaction, std::int64_t id,
                   registry::LabelStatus status) override;
  Status SetValidUntil(store::Transaction& transaction, std::int64_t id,
                       TimePoint valid_until) override;
  Status SetLevel(store::Transaction& transaction, std::int64_t id,
                  std::string_view level) override;
  Status OpenSurveillance(store::Transaction& transaction, std::int64_t id,
                          std::string_view evidence_request, TimePoint opened_at,
                          TimePoint deadline) override;
  Status SetSurveillanceEvidence(store::Transaction& transaction, std::int64_t id,
                                 std::string_view evidence, TimePoint at) override;
  Status ClearSurveillance(store::Transaction& transaction, std::int64_t id) override;
  Result<std::int64_t> InsertEvent(store::Transaction& transaction, std::int64_t label_id,
                                   const registry::LabelEvent& event) override;
  Status SetEventLogIndex(store::Transaction& transaction, std::int64_t event_id,
                          std::int64_t log_index) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_LABEL_REPOSITORY_H_
