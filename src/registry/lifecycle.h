// The two state machines of the registry as pure functions, so the rules are
// in one place and testable without a store (docs/registry.md draws them).
// A refused transition is a kFailedPrecondition Status whose message names
// the current state, the requested action and why (Japanese / English).
#ifndef IOTMARK_REGISTRY_LIFECYCLE_H_
#define IOTMARK_REGISTRY_LIFECYCLE_H_

#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "registry/types.h"

namespace iotmark::registry {

enum class ApplicationAction {
  kSubmit,
  kStartInquiry,
  kClearInquiry,
  kFlagInquiry,
  kAccept,
  kCertify,  // ★3/★4: the operator certifies the lab's evaluation (accepted → certified)
  kReject,
  kInvoice,
  kPay,
  kIssue,
};
std::string_view ApplicationActionName(ApplicationAction action);
// The state after `action`, or kFailedPrecondition.
Result<ApplicationState> NextApplicationState(ApplicationState current, ApplicationAction action);

enum class LabelAction {
  kExpire,             // system: validity ended
  kExtend,             // extension application issued before the end
  kWithdraw,           // vendor request or reported spec change
  kOpenSurveillance,   // operator
  kCloseSurveillance,  // operator: remediated
  kRevoke,             // operator, or system when the deadline passed
};
std::string_view LabelActionName(LabelAction action);
Result<LabelStatus> NextLabelStatus(LabelStatus current, LabelAction action);

// The status at `now` given the stored status (computed on read):
// Active with now >= valid_until → Expired; Under Surveillance with
// now >= deadline → Revoked, or Expired if the validity ended first.
// `changed_at` receives the time the rule fired, when it did.
LabelStatus EffectiveLabelStatus(LabelStatus stored, TimePoint valid_until,
                                 std::optional<TimePoint> surveillance_deadline, TimePoint now,
                                 std::optional<TimePoint>* changed_at = nullptr);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LIFECYCLE_H_
