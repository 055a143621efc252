// Third-party evaluation of ★3/★4 applications (issue 13 §3, seed 004
// table 1): an evaluation body (評価機関, an organisation of kind
// evaluation-lab) evaluates the application that names it and records its
// report with one result per criterion of the application's checklist and
// the SHA-256 of the report file; the operator then certifies (第三者認証)
// before the fee and the label. Plain data; RegistryService checks who may
// record and certify (service_evaluations.cc).
#ifndef IOTMARK_REGISTRY_EVALUATION_H_
#define IOTMARK_REGISTRY_EVALUATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "registry/types.h"

namespace iotmark::registry {

// The lab's verdict on one criterion: "pass", "fail" or "na" (not applicable).
struct CriterionEvaluation {
  std::string criterion_id;  // e.g. "S1.1-01"
  std::string result;        // "pass" | "fail" | "na"
  std::string note;          // optional remark of the evaluator
};

// True for "pass", "fail" and "na".
bool IsCriterionResult(std::string_view result);

struct NewEvaluationReport {
  std::vector<CriterionEvaluation> results;
  std::string report_sha256;  // 64 lowercase or uppercase hex digits (stored lowercase)
  std::string summary;        // optional
};

struct EvaluationReport {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::int64_t lab_organization_id = 0;
  std::int64_t evaluator_user_id = 0;
  std::vector<CriterionEvaluation> results;
  std::string report_sha256;
  std::string summary;
  TimePoint recorded_at;

  // Criteria whose result is "fail".
  int Failures() const;
};

// One entry of ListEvaluations: an application naming the lab, with the
// newest report the lab recorded for it (none yet: empty).
struct Evaluation {
  Application application;
  std::optional<EvaluationReport> report;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_EVALUATION_H_
