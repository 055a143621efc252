// Filling in one result by hand or from a script (`iotmark checklist set`).
#ifndef IOTMARK_CHECKLIST_SET_RESULT_H_
#define IOTMARK_CHECKLIST_SET_RESULT_H_

#include <optional>
#include <string>
#include <string_view>

#include "checklist/checklist.h"
#include "common/status.h"

namespace iotmark::checklist {

struct ResultUpdate {
  Verdict verdict = Verdict::kUnset;
  std::optional<Method> method{};          // unchanged when absent
  std::optional<std::string> na_reason{};  // absent: kept for na, cleared otherwise
  std::optional<std::string> note{};       // unchanged when absent
};

// Applies `update` to the result of `criterion`, adding it when absent.
// kInvalidArgument for an empty criterion or a kUnset verdict.
Status SetResult(Checklist& checklist, std::string_view criterion, const ResultUpdate& update);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_SET_RESULT_H_
