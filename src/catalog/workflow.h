// A scheme's workflow as data (`workflow:` in a scheme pack): the states and
// transitions of an application and of a label, the time-driven label
// transitions, the validity rule, the registration-number format and the fee
// rule. The catalog only parses and validates it (every state reachable from
// the initial one, every transition between known states, only known roles and
// requirements); registry/workflow_engine.h interprets it. The YAML format is
// docs/catalog-format.md, "Workflow". Immutable after Catalog::Load.
#ifndef IOTMARK_CATALOG_WORKFLOW_H_
#define IOTMARK_CATALOG_WORKFLOW_H_

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::catalog {

// The roles a transition may name: the registry's roles (registry/types.h,
// RoleName; registry/workflow_engine_test.cc checks that both lists agree).
inline constexpr std::array<std::string_view, 5> kWorkflowRoles = {
    "vendor-member", "operator-reviewer", "operator-admin", "auditor", "lab-evaluator"};

// What a transition may require before it is taken:
//   reason            a non-empty reason or note from the actor
//   document          a document (evidence, an evaluation request) from the actor
//   payment           the fee is recorded as paid
//   evaluation-report an evaluation body's report is recorded
//   checklist         the application's checklist validates
inline constexpr std::array<std::string_view, 5> kWorkflowRequirements = {
    "reason", "document", "payment", "evaluation-report", "checklist"};

// The time points a time-driven label transition may be anchored on.
inline constexpr std::array<std::string_view, 4> kWorkflowTimePoints = {
    "valid_until", "valid_from", "issued_at", "surveillance_deadline"};

// The label history kinds the registry records itself at the application's
// issue step (a new label, a change of level); every label workflow words them.
inline constexpr std::array<std::string_view, 2> kRegistryLabelEvents = {"issued", "changed"};

// How one label history kind reads on the pages (`workflow.label.history`):
// catalog/history_template.h texts in Japanese and English.
struct EventWording {
  std::string ja;
  std::string en;
  bool shown = true;  // `public:`: false keeps it out of the public history list
  std::string where;
};

struct WorkflowState {
  std::string id;  // "draft", "active", …
  std::string name_ja;
  std::string name_en;
  std::string where;  // "<file>:<line>:<column>: <field path>"
};

// A transition people take (an API call / a page action).
struct WorkflowTransition {
  std::string name;                // "accept", "withdraw" (the engine is called with it)
  std::vector<std::string> from;   // the states it leaves (several: one edge each)
  std::string to;                  // the state it enters (may equal a from state)
  std::vector<std::string> roles;  // who may take it (kWorkflowRoles)
  std::vector<std::string> needs;  // `requires:` (kWorkflowRequirements)
  std::string verb_en;             // "accept" → "cannot accept in state '…'"
  std::string refused;             // why, when taken from a state it does not leave
  std::map<std::string, std::string> refused_in;  // a better why for one state
  std::string note;   // history note when the actor gives none (may be empty)
  std::string event;  // label history kind ("withdrawn", …); label transitions only
  std::string where;
};

// A label transition that fires by itself when its time comes.
struct TimedTransition {
  std::string name;  // "expire", "surveillance-deadline", "archive"
  std::vector<std::string> from;
  std::string to;
  std::string at;        // kWorkflowTimePoints
  int after_months = 0;  // fires at `at` + after_months (after_years: N gives 12·N)
  std::string event;     // label history kind ("expired")
  std::string reason;    // history reason (Japanese / English)
  // How its history entry reads (history_ja / history_en, optional): when
  // empty, the machine's `history` wording of `event` is used.
  std::string history_ja;
  std::string history_en;
  std::string where;
};

struct StateMachine {
  std::string initial;
  std::vector<WorkflowState> states;  // label: names filled from the pack's label_statuses
  std::vector<WorkflowTransition> transitions;
  std::vector<TimedTransition> timed;  // label only
  // Label only: the wording of each history kind (event), checked to cover
  // every transition's and timed rule's event and kRegistryLabelEvents; a key
  // may also name a label transition whose entries read differently from
  // others of the same kind.
  std::map<std::string, EventWording> history;
  // Why nothing is possible in a final state (no transition leaves it).
  std::string final_refusal;
  std::string where;

  const WorkflowState* FindState(std::string_view id) const;
  // True when no transition (manual or timed) leaves `state`.
  bool IsFinal(std::string_view state) const;
};

struct ValidityRule {
  int max_months = 24;                   // a label's validity is at most this long
  std::string extension = "before-end";  // "before-end": extended only while in effect; "none"
};

// One piece of a registration-number pattern such as
// "JCS{level}-{year}-{sequence:6}-{check}".
struct NumberSegment {
  enum class Kind { kLiteral, kLevel, kYear, kSequence, kCheck };
  Kind kind = Kind::kLiteral;
  std::string text;  // kLiteral only
  int width = 0;     // digits: 1 (level), 4 (year), N (sequence), 1 (check)
};

struct NumberFormat {
  std::string pattern;
  std::vector<NumberSegment> segments;
  std::string check_digit = "none";   // "damm" (over the digits before it) or "none"
  std::string sequence = "per-year";  // the sequence restarts every calendar year (UTC)
};

struct Workflow {
  StateMachine application;
  StateMachine label;
  ValidityRule validity;
  NumberFormat registration_number;
  // "per-application": the pack's fee table (fees:) by level, application
  // kind and filing date, invoiced once per application; "none": no fee.
  std::string fee_rule = "per-application";
  std::string where;
};

// Splits a registration-number pattern into segments. Placeholders: {level}
// (the level's star count, one digit), {year} (4 digits), {sequence:N} (N
// digits, zero-padded, exactly once), {check} (one check digit, at most once).
Result<std::vector<NumberSegment>> ParseNumberPattern(std::string_view pattern);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_WORKFLOW_H_
