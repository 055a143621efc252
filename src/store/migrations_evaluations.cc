#include "store/migrations_evaluations.h"

namespace iotmark::store {

// organizations.kind: 'vendor' (every organisation so far) or
//   'evaluation-lab' (評価機関, registry/types.h OrganizationKind).
// applications.evaluation_lab_id: the evaluation body a ★3/★4 application
//   names; certified_at: when the operator certified its evaluation.
// evaluation_reports: every report a lab recorded for an application (the
//   newest counts): one result per criterion as a JSON array of
//   {"criterion_id", "result", "note"}, the report file's SHA-256 (hex).
const std::string_view kEvaluationsSchema = R"sql(
ALTER TABLE organizations ADD COLUMN kind TEXT NOT NULL DEFAULT 'vendor';
ALTER TABLE applications ADD COLUMN evaluation_lab_id BIGINT REFERENCES organizations(id);
ALTER TABLE applications ADD COLUMN certified_at BIGINT;
CREATE INDEX applications_evaluation_lab ON applications(evaluation_lab_id);
CREATE TABLE evaluation_reports (
  id INTEGER PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES applications(id),
  lab_organization_id BIGINT NOT NULL REFERENCES organizations(id),
  evaluator_user_id BIGINT NOT NULL REFERENCES users(id),
  results_json TEXT NOT NULL,
  report_sha256 TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  recorded_at BIGINT NOT NULL
);
CREATE INDEX evaluation_reports_application ON evaluation_reports(application_id);
)sql";

}  // namespace iotmark::store
