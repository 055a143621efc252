#include "persistence/portable/evaluation_repository.h"

#include <nlohmann/json.hpp>
#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::CriterionEvaluation;
using registry::EvaluationReport;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, application_id, lab_organization_id, evaluator_user_id, results_json, "
    "report_sha256, summary, recorded_at FROM evaluation_reports ";

std::string EncodeResults(const std::vector<CriterionEvaluation>& results) {
  nlohmann::json array = nlohmann::json::array();
  for (const CriterionEvaluation& result : results) {
    array.push_back(
        {{"criterion_id", result.criterion_id}, {"result", result.result}, {"note", result.note}});
  }
  return array.dump();
}

Result<EvaluationReport> FromRow(const store::Row& r) {
  EvaluationReport report;
  report.id = r.Int(0);
  report.application_id = r.Int(1);
  report.lab_organization_id = r.Int(2);
  report.evaluator_user_id = r.Int(3);
  nlohmann::json array = nlohmann::json::parse(r.Text(4), nullptr, false);
  if (!array.is_array()) {
    return Status::Internal("evaluation report " + std::to_string(report.id) +
                            ": results_json is not a JSON array");
  }
  for (const nlohmann::json& item : array) {
    if (!item.is_object()) continue;
    CriterionEvaluation result;
    result.criterion_id = item.value("criterion_id", "");
    result.result = item.value("result", "");
    result.note = item.value("note", "");
    report.results.push_back(std::move(result));
  }
  report.report_sha256 = r.Text(5);
  report.summary = r.Text(6);
  report.recorded_at = FromSeconds(r.Int(7));
  return report;
}

}  // namespace

Result<std::int64_t> PortableEvaluationRepository::InsertReport(store::Transaction& transaction,
                                                                const EvaluationReport& report) {
  return transaction.InsertReturningId(
      "INSERT INTO evaluation_reports (application_id, lab_organization_id, evaluator_user_id, "
      "results_json, report_sha256, summary, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {report.application_id, report.lab_organization_id, report.evaluator_user_id,
       EncodeResults(report.results), report.report_sha256, report.summary,
       Seconds(report.recorded_at)});
}

Result<std::optional<EvaluationReport>> PortableEvaluationRepository::LatestReport(
    store::Transaction& transaction, std::int64_t application_id) {
  auto row = transaction.QueryOne(
      std::string(kColumns) + "WHERE application_id = ? ORDER BY id DESC LIMIT 1",
      {application_id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<EvaluationReport>();
  auto report = FromRow(**row);
  if (!report.ok()) return report.status();
  return std::optional<EvaluationReport>(std::move(report).value());
}

Result<std::vector<EvaluationReport>> PortableEvaluationRepository::ListReports(
    store::Transaction& transaction, std::int64_t application_id) {
  auto rows =
      transaction.Query(std::string(kColumns) + "WHERE application_id = ? ORDER BY id", {application_id});
  if (!rows.ok()) return rows.status();
  std::vector<EvaluationReport> reports;
  for (const store::Row& row : *rows) {
    auto report = FromRow(row);
    if (!report.ok()) return report.status();
    reports.push_back(std::move(report).value());
  }
  return reports;
}

}  // namespace iotmark::persistence::portable
