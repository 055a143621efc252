// A label history entry as people read it: the workflow's own wording
// (`workflow.label.history`, timed rules' history_ja / history_en;
// catalog/history_template.h) filled with the entry's parameters, in Japanese
// and English, dates as Japan (JST) calendar dates. The parameters are derived
// from what the store keeps (kind, actor, reason), so entries written before
// the wording existed render too:
//   application, valid_until, previous_valid_until  from the issue step's
//       "application N, valid until <ISO>[ → <ISO>]" / "application N (change …)"
//   version, reason  from "V: covered / 対象", "V: not covered / 対象外: R"
//   reason, deadline  from open-surveillance's "R (deadline <ISO>)"
//   reason, step  from the withdraw steps' "vendor request / 自主取下げ: R" and
//       "security-relevant specification change reported / …: R" (step:
//       report-specification-change, whose wording, when given, wins)
//   reason  the actor's reason otherwise (empty for a timed rule's own text)
#ifndef IOTMARK_REGISTRY_LABEL_EVENT_TEXT_H_
#define IOTMARK_REGISTRY_LABEL_EVENT_TEXT_H_

#include <map>
#include <optional>
#include <string>

#include "catalog/workflow.h"
#include "common/clock.h"
#include "registry/types.h"

namespace iotmark::registry {

// The calendar date in Japan Standard Time (UTC+9): "2028年12月1日", "1 December 2028".
std::string FormatDateJapanese(TimePoint time);
std::string FormatDateEnglish(TimePoint time);

// What an entry says, as data.
struct LabelEventParameters {
  std::optional<std::int64_t> application_id;
  std::optional<TimePoint> valid_until;  // exclusive end, as stored on the label
  std::optional<TimePoint> previous_valid_until;
  std::optional<TimePoint> deadline;
  std::string step;  // the transition, when the stored text tells it
  std::string version;
  std::string reason;
  bool timed = false;  // written by the system for a timed rule (its own reason text)
};

LabelEventParameters ParametersOf(const LabelEvent& event, const catalog::StateMachine& label);

struct LabelEventText {
  std::string ja;
  std::string en;
  bool shown = false;  // worded and public (the public history list shows it)
};

// The entry in the workflow's wording; without wording for its kind (a scheme
// or an entry unknown to the workflow) the stored reason, shown == false.
LabelEventText DescribeLabelEvent(const LabelEvent& event, const catalog::StateMachine& label);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_EVENT_TEXT_H_
