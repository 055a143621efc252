#include "checklist/set_result.h"

namespace iotmark::checklist {

Status SetResult(Checklist& checklist, std::string_view criterion, const ResultUpdate& update) {
  if (criterion.empty()) return Status::InvalidArgument("criterion id is empty");
  if (update.verdict == Verdict::kUnset) {
    return Status::InvalidArgument("verdict must be conform, nonconform or na");
  }
  CriterionResult& result = checklist.FindOrAddResult(criterion);
  result.verdict = update.verdict;
  if (update.method) result.method = *update.method;
  if (update.na_reason) {
    result.na_reason = *update.na_reason;
  } else if (update.verdict != Verdict::kNotApplicable) {
    result.na_reason.clear();
  }
  if (update.note) result.note = *update.note;
  return Status::Ok();
}

}  // namespace iotmark::checklist
