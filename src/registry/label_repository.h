// LabelRepository: storage of the label aggregate (a label, its history of
// events, its surveillance and the per-year registration number counter).
// See registry/repositories.h for the contract every repository keeps.
//
// The repository stores and returns labels as they are stored: the stored
// status, not the effective one (the registry derives that at a point in
// time, registry/lifecycle.h), and the surveillance columns as they are.
#ifndef IOTMARK_REGISTRY_LABEL_REPOSITORY_H_
#define IOTMARK_REGISTRY_LABEL_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// A label as stored, with its product's and vendor's names.
struct StoredLabel {
  // `status` is the stored status; no surveillance, history or firmware.
  Label label;
  std::optional<std::string> surveillance_request;
  std::optional<TimePoint> surveillance_opened_at;
  std::optional<TimePoint> surveillance_deadline;
  std::optional<std::string> surveillance_evidence;
  std::optional<TimePoint> surveillance_evidence_at;
  // The registry change that last concerned it (0: none) and when.
  std::int64_t change_sequence = 0;
  TimePoint changed_at;
};

// A label event with the registration number of its label.
struct RecordedLabelEvent {
  std::string registration_number;
  LabelEvent event;
};

class LabelRepository {
 public:
  virtual ~LabelRepository() = default;

  // ------------------------------------------------------------ reads
  // kNotFound when there is no such label.
  virtual Result<StoredLabel> FindByNumber(store::Transaction& transaction,
                                           std::string_view registration_number) = 0;
  virtual Result<StoredLabel> Load(store::Transaction& transaction, std::int64_t id) = 0;
  // The labels of `ids` that exist, in no particular order (any number of ids).
  virtual Result<std::vector<StoredLabel>> LoadMany(store::Transaction& transaction,
                                                    const std::vector<std::int64_t>& ids) = 0;
  // Registration numbers of the labels of `organization_id` (all when
  // unset), by ascending id.
  virtual Result<std::vector<std::string>> ListNumbers(
      store::Transaction& transaction, std::optional<std::int64_t> organization_id) = 0;
  // Ids (ascending) of the labels whose stored status `now` may have ended:
  // active ones whose validity ended, under-surveillance ones whose validity
  // ended or whose surveillance deadline passed.
  virtual Result<std::vector<std::int64_t>> ListDueForTimeChange(store::Transaction& transaction,
                                                                 TimePoint now) = 0;
  // Labels with change_sequence > `since`, by (change_sequence, id), at most `limit`.
  virtual Result<std::vector<StoredLabel>> ListChangedSince(store::Transaction& transaction,
                                                            std::int64_t since, int limit) = 0;
  // Registration numbers (by ascending id) of the labels whose product has
  // published security information: a vulnerability record, or a finding
  // that was triaged (status other than new) or is due for acknowledgement
  // at `now`.
  virtual Result<std::vector<std::string>> ListNumbersWithSecurityInformation(
      store::Transaction& transaction, TimePoint now) = 0;
  // The label's events, oldest first.
  virtual Result<std::vector<LabelEvent>> LoadEvents(store::Transaction& transaction,
                                                     std::int64_t label_id) = 0;
  // Every label event of the registry, by ascending id.
  virtual Result<std::vector<RecordedLabelEvent>> ListAllEvents(
      store::Transaction& transaction) = 0;

  // ------------------------------------------------------------ writes
  // The next registration sequence number of `year` (1 for the first), counted on.
  virtual Result<std::int64_t> NextRegistrationSequence(store::Transaction& transaction,
                                                        int year) = 0;
  // Stores a new label (registration number, product, organisation,
  // application, scheme, level, issue and validity times, `status` as the
  // stored status; the rest is ignored); yields its id.
  virtual Result<std::int64_t> Insert(store::Transaction& transaction, const Label& label) = 0;
  virtual Status SetStatus(store::Transaction& transaction, std::int64_t id,
                           LabelStatus status) = 0;
  virtual Status SetValidUntil(store::Transaction& transaction, std::int64_t id,
                               TimePoint valid_until) = 0;
  virtual Status SetLevel(store::Transaction& transaction, std::int64_t id,
                          std::string_view level) = 0;
  // Opens surveillance: request, opened and deadline times; no evidence yet.
  virtual Status OpenSurveillance(store::Transaction& transaction, std::int64_t id,
                                  std::string_view evidence_request, TimePoint opened_at,
                                  TimePoint deadline) = 0;
  virtual Status SetSurveillanceEvidence(store::Transaction& transaction, std::int64_t id,
                                         std::string_view evidence, TimePoint at) = 0;
  // Clears every surveillance column.
  virtual Status ClearSurveillance(store::Transaction& transaction, std::int64_t id) = 0;
  // Appends `event` (its id and log index are ignored) to the label's history; yields its id.
  virtual Result<std::int64_t> InsertEvent(store::Transaction& transaction, std::int64_t label_id,
                                           const LabelEvent& event) = 0;
  // Links event `event_id` to its transparency log entry.
  virtual Status SetEventLogIndex(store::Transaction& transaction, std::int64_t event_id,
                                  std::int64_t log_index) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_REPOSITORY_H_
