#include "registry/evaluation.h"

namespace iotmark::registry {

bool IsCriterionResult(std::string_view result) {
  return result == "pass" || result == "fail" || result == "na";
}

int EvaluationReport::Failures() const {
  int failures = 0;
  for (const CriterionEvaluation& result : results) {
    if (result.result == "fail") ++failures;
  }
  return failures;
}

}  // namespace iotmark::registry
