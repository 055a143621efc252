// Private parts shared by the RegistryService source files: the Impl state,
// authorisation checks and row loaders. Not for use outside src/registry.
#ifndef IOTMARK_REGISTRY_SERVICE_INTERNAL_H_
#define IOTMARK_REGISTRY_SERVICE_INTERNAL_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "registry/change_repository.h"
#include "registry/label_repository.h"
#include "registry/registry_service.h"
#include "registry/workflow_engine.h"

namespace iotmark::registry {

// A scheme pack's workflow with its two engines (registry/workflow_engine.h).
struct SchemeWorkflow {
  const catalog::Pack* pack = nullptr;
  const catalog::Workflow* workflow = nullptr;
  WorkflowEngine application;
  WorkflowEngine label;
};

class RegistryService::Impl {
 public:
  Impl(store::Store& store, const Clock& clock, const catalog::Catalog& catalog,
       crypto::SigningKey key, RegistryOptions options,
       std::shared_ptr<const ChecklistValidator> validator)
      : store(store),
        clock(clock),
        catalog(catalog),
        key(std::move(key)),
        options(std::move(options)),
        validator(std::move(validator)),
        throttle(this->options.login_throttle, store, this->options.repositories.login_throttle) {
    for (const catalog::Pack& pack : catalog.packs()) {
      if (!pack.workflow) continue;
      workflows.emplace(pack.id, SchemeWorkflow{&pack, &*pack.workflow,
                                                WorkflowEngine(pack.workflow->application),
                                                WorkflowEngine(pack.workflow->label)});
    }
  }

  // The clock's time, truncated to whole seconds (the store's precision).
  TimePoint Now() const;
  // One service call's unit of work: `fn` in one read-write (Write) or
  // read-only (Read) store transaction; kFailedPrecondition when the
  // repositories were not wired.
  Status Write(const store::TransactionFunction& fn);
  Status Read(const store::TransactionFunction& fn);
  // The repositories (valid once Write/Read has let `fn` run).
  const Repositories& repos() const { return options.repositories; }

  store::Store& store;
  const Clock& clock;
  const catalog::Catalog& catalog;
  crypto::SigningKey key;
  RegistryOptions options;
  std::shared_ptr<const ChecklistValidator> validator;
  LoginThrottle throttle;
  std::map<std::string, SchemeWorkflow, std::less<>> workflows;  // pack id → its workflow

  // The workflow of scheme pack `scheme` (kFailedPrecondition when it has none).
  Result<const SchemeWorkflow*> WorkflowOf(std::string_view scheme) const;
  // Before anything is loaded: whether `actor` may take an application
  // (`label` false) or label step called `step` in some scheme's workflow;
  // a vendor member also needs an organisation.
  Status AuthoriseStep(const Principal& actor, bool label, std::string_view step) const;
  // Sets summary_ja / summary_en of `label`'s history from its workflow's
  // wording (the stored reason when the scheme has no workflow).
  void DescribeHistory(Label& label) const;
};

namespace internal {

std::int64_t Seconds(TimePoint time);
TimePoint FromSeconds(std::int64_t seconds);
std::optional<TimePoint> OptionalTime(const store::Row& row, std::size_t column);
store::Value OptionalSeconds(const std::optional<TimePoint>& time);
// `months` calendar months after `start` (day of month clamped to the month's end).
TimePoint AddMonths(TimePoint start, int months);

// Authorisation. Each returns OK or kPermissionDenied with the reason.
Status RequireWriter(const Principal& actor);    // anyone but an auditor
Status RequireOperator(const Principal& actor);  // operator-reviewer or -admin
Status RequireAdmin(const Principal& actor);
Status RequireVendor(const Principal& actor);
// Vendors only reach their own organisation; others everything. Another
// organisation's data reads as kNotFound (`what` names it).
Status RequireOrganizationAccess(const Principal& actor, std::int64_t organization_id,
                                 std::string_view what);

Status RequireNonEmpty(std::string_view value, std::string_view field);

// Loaders (within one transaction). Organisations: repos().organizations.
Result<Product> LoadProduct(const Repositories& repos, store::Transaction& transaction,
                            std::int64_t id);
// The label with its effective status at `now`; history when `with_history`.
Result<Label> LoadLabel(const Repositories& repos, store::Transaction& transaction,
                        std::string_view registration_number, TimePoint now, bool with_history);
// A stored label as it reads at `now`: effective status, surveillance while
// under surveillance (no firmware versions, no history).
Label EffectiveLabel(const StoredLabel& stored, TimePoint now);

// Writes a label event (and its transparency log entry) and, when `to` is
// set, the label's stored status.
Result<LabelEvent> RecordLabelEvent(const Repositories& repos, store::Transaction& transaction,
                                    const crypto::SigningKey& key, const Label& label,
                                    std::string_view kind, std::optional<LabelStatus> from,
                                    std::optional<LabelStatus> to, const Principal* actor,
                                    TimePoint at, std::string_view reason, TimePoint now);

// Records the time-driven change of one label when due (see RunExpiry);
// returns true when something was written.
Result<bool> MaterialiseDueChange(const Repositories& repos, store::Transaction& transaction,
                                  const crypto::SigningKey& key, std::int64_t label_id,
                                  TimePoint now);

// Which labels a registry change concerns (registry/change_repository.h).
using registry::ChangeScope;

// Appends one registry change per label in scope (kind, the label's stored
// status, `at`, `summary`) and moves those labels' change_sequence on. Part of
// the caller's transaction, so a change and its record commit together.
Status RecordLabelChanges(const Repositories& repos, store::Transaction& transaction,
                          ChangeScope scope, std::int64_t id, std::string_view kind, TimePoint at,
                          std::string_view summary);

// The newest change sequence of the registry (0 when there is none).
Result<std::int64_t> LatestChangeSequence(const Repositories& repos,
                                          store::Transaction& transaction);

// Changes with sequence > `since`, ascending, at most `limit`; of one label
// when `label` is set.
Result<std::vector<RegistryChange>> LoadChanges(const Repositories& repos,
                                                store::Transaction& transaction, std::int64_t since,
                                                int limit, const std::optional<std::string>& label);

// ---------------------------------------------------------------- application steps
// Extra work of one application step, run inside the transaction after the
// workflow let the step leave the current state and before the state
// changes; may refuse, and adds the facts it established.
using ApplicationStepHook =
    std::function<Status(store::Transaction&, Application&, WorkflowFacts&)>;
// One application step through the scheme's workflow (service_applications.cc).
Result<Application> ApplyApplicationStep(RegistryService::Impl& impl, const Principal& actor,
                                         std::int64_t id, std::string_view step,
                                         std::string_view note, WorkflowFacts facts,
                                         const ApplicationStepHook& hook);

// ---------------------------------------------------------------- third-party evaluation
// (service_evaluations.cc) Whether `level` is evaluated by a third party
// (levels.yaml assessment: third-party, ★3/★4).
bool IsThirdPartyLevel(const catalog::Level& level);
// The evaluation lab a new application names: required for a third-party
// level, refused for a self-declaration one, must be an organisation of kind
// evaluation-lab (kInvalidArgument, field "evaluation_lab_id").
Status CheckEvaluationLab(const Repositories& repos, store::Transaction& transaction,
                          const catalog::Level& level, std::optional<std::int64_t> lab_id);
// Fee and label of a third-party level need the operator's certification
// (kFailedPrecondition otherwise); OK for self-declaration levels.
Status RequireCertification(const catalog::Catalog& catalog, const Application& application);
// Sets label.certification: the kind from the level's assessment in
// `catalog`, for a third-party level the name of the evaluation lab the
// label's application named.
Status AttachCertification(const catalog::Catalog& catalog, const Repositories& repos,
                           store::Transaction& transaction, Label& label);

}  // namespace internal
}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_SERVICE_INTERNAL_H_
