// The one interpreter of a scheme's workflow (catalog/workflow.h): given a
// state machine of the pack, the current state, the actor's role and the
// facts present, which transitions may be taken, and why not. Time-driven
// label transitions (expiry, surveillance deadline, archive) and the
// registration-number format are read from the same workflow. No store, no
// clock of its own: pure functions over the catalog's data, safe to share
// between threads. RegistryService calls it with a transition's name for every
// application and label step.
//
// Refusals are Status values:
//   kPermissionDenied    the role may not take a transition of that name;
//   kFailedPrecondition  the transition does not leave the current state
//                        ("cannot accept in state 'inquiry-flagged': …");
//   kInvalidArgument     a requirement is missing (field() names it).
#ifndef IOTMARK_REGISTRY_WORKFLOW_ENGINE_H_
#define IOTMARK_REGISTRY_WORKFLOW_ENGINE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/status.h"

namespace iotmark::registry {

// What is present for a transition, by requirement name
// (catalog::kWorkflowRequirements), with the input field that carries it
// ("reason" → "note"), for the error when it is missing.
struct WorkflowFacts {
  std::set<std::string> present;
  std::map<std::string, std::string> fields;  // requirement → input field name

  WorkflowFacts& Add(std::string_view requirement) {
    present.emplace(requirement);
    return *this;
  }
  // Present when `value` holds more than whitespace; the error names `field`.
  WorkflowFacts& Text(std::string_view requirement, std::string_view value, std::string_view field);
  bool Has(std::string_view requirement) const { return present.count(std::string(requirement)); }
};

// One transition leaving a state, as offered to an actor.
struct TransitionOption {
  const catalog::WorkflowTransition* transition = nullptr;
  std::string to;
  Status why_not;  // OK when the actor may take it now
};

// The outcome of the time-driven rules at `now`.
struct TimedOutcome {
  std::string state;                                // the state as read at `now`
  const catalog::TimedTransition* fired = nullptr;  // the last rule that fired
  std::optional<TimePoint> at;                      // when it fired
};

class WorkflowEngine {
 public:
  // `machine` must outlive the engine (the catalog does).
  explicit WorkflowEngine(const catalog::StateMachine& machine) : machine_(&machine) {}

  const catalog::StateMachine& machine() const { return *machine_; }

  // Whether `role` may take a transition called `name` from any state: the
  // check that needs no stored state (made before anything is loaded).
  Status Authorise(std::string_view name, std::string_view role) const;
  // The transition `name` leaving `state`, or kFailedPrecondition saying why.
  Result<const catalog::WorkflowTransition*> Find(std::string_view state,
                                                  std::string_view name) const;
  // The requirements of every transition called `name` (empty for an unknown name).
  std::set<std::string> Requirements(std::string_view name) const;
  // kInvalidArgument naming the first missing requirement of `transition`.
  static Status CheckFacts(const catalog::WorkflowTransition& transition,
                           const WorkflowFacts& facts);
  // Find + the role of that edge + CheckFacts: the state after the transition.
  Result<std::string> Decide(std::string_view state, std::string_view name, std::string_view role,
                             const WorkflowFacts& facts) const;
  // Every transition leaving `state`, with why `role` may not take it now.
  std::vector<TransitionOption> Options(std::string_view state, std::string_view role,
                                        const WorkflowFacts& facts) const;

  // Applies the time-driven rules to `stored`: among the rules leaving the
  // current state whose time (`times[rule.at]` + after_months) is <= now, the
  // earliest fires (file order on a tie), then again from the state it
  // entered with rules due at or after that time. Missing time points never fire.
  TimedOutcome Advance(std::string_view stored, const std::map<std::string, TimePoint>& times,
                       TimePoint now) const;

 private:
  const catalog::StateMachine* machine_;
};

// `months` calendar months after `start` (day clamped to the month's end).
TimePoint AddCalendarMonths(TimePoint start, int months);

// A registration number from the pack's format; `level` is the level's star
// count, `year` the year of issue, `sequence` the number within the year.
Result<std::string> FormatNumber(const catalog::NumberFormat& format, int level, int year,
                                 std::int64_t sequence);
// Checks `text` against the format (shape and check digit); the error names the part.
Status CheckNumber(const catalog::NumberFormat& format, std::string_view text);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_WORKFLOW_ENGINE_H_
