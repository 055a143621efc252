#include "devtest/report.h"

#include <map>
#include <sstream>

#include "common/files.h"

namespace iotmark::devtest {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kNotApplicable:
      return "NA";
    case Verdict::kInconclusive:
      return "INCONCLUSIVE";
    case Verdict::kError:
      return "ERROR";
  }
  return "ERROR";
}

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (Verdict verdict : {Verdict::kPass, Verdict::kFail, Verdict::kNotApplicable,
                          Verdict::kInconclusive, Verdict::kError}) {
    if (VerdictName(verdict) == name) return verdict;
  }
  return std::nullopt;
}

std::string_view VerdictLabel(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "合格 / PASS";
    case Verdict::kFail:
      return "不合格 / FAIL";
    case Verdict::kNotApplicable:
      return "対象外 / NA";
    case Verdict::kInconclusive:
      return "判定不能 / INCONCLUSIVE";
    case Verdict::kError:
      return "エラー / ERROR";
  }
  return "エラー / ERROR";
}

int Report::ExitCode() const {
  bool not_passed = false;
  for (const CaseResult& result : cases) {
    if (result.verdict == Verdict::kError) return 2;
    if (result.verdict == Verdict::kFail || result.verdict == Verdict::kInconclusive) {
      not_passed = true;
    }
  }
  return not_passed ? 1 : 0;
}

std::vector<const CaseResult*> Report::NeedsReview() const {
  std::vector<const CaseResult*> out;
  for (const CaseResult& result : cases) {
    if (result.verdict == Verdict::kInconclusive) out.push_back(&result);
  }
  return out;
}

nlohmann::json ReportToJson(const Report& report) {
  nlohmann::json cases = nlohmann::json::array();
  std::map<std::string, int> counts;
  for (const CaseResult& result : report.cases) {
    ++counts[std::string(VerdictName(result.verdict))];
    nlohmann::json evidence = nlohmann::json::array();
    for (const EvidenceFile& file : result.evidence) {
      evidence.push_back(
          {{"path", file.path}, {"sha256", file.sha256}, {"description", file.description}});
    }
    cases.push_back({{"id", result.id},
                     {"criterion", result.criterion},
                     {"role", result.role == CaseRole::kDecides ? "decides" : "supports"},
                     {"title", result.title},
                     {"verdict", VerdictName(result.verdict)},
                     {"rationale", {{"ja", result.rationale_ja}, {"en", result.rationale_en}}},
                     {"measurements", result.measurements},
                     {"evidence", evidence},
                     {"started_at", result.started_at},
                     {"ended_at", result.ended_at}});
  }
  nlohmann::json needs_review = nlohmann::json::array();
  for (const CaseResult* result : report.NeedsReview()) needs_review.push_back(result->id);
  return {{"format", "iotmark-devtest-report-1"},
          {"target_file", report.target_file},
          {"host", report.host},
          {"model_number", report.model_number},
          {"started_at", report.started_at},
          {"ended_at", report.ended_at},
          {"summary", counts},
          {"exit_code", report.ExitCode()},
          {"needs_review", needs_review},
          {"cases", cases}};
}

namespace {

Status Field(const nlohmann::json& object, const char* key, std::string& out,
             std::string_view where) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) {
    return Status::ParseError(std::string(where) + "." + key + ": missing or not a string");
  }
  out = found->get<std::string>();
  return Status::Ok();
}

}  // namespace

Result<Report> ReportFromJson(const nlohmann::json& json, std::string_view source) {
  std::string where(source);
  if (!json.is_object() || json.value("format", "") != "iotmark-devtest-report-1") {
    return Status::ParseError(where +
                              ": format: not an iotmark devtest report "
                              "(expected \"iotmark-devtest-report-1\")");
  }
  Report report;
  IOTMARK_RETURN_IF_ERROR(Field(json, "target_file", report.target_file, where));
  IOTMARK_RETURN_IF_ERROR(Field(json, "started_at", report.started_at, where));
  IOTMARK_RETURN_IF_ERROR(Field(json, "ended_at", report.ended_at, where));
  report.host = json.value("host", "");
  report.model_number = json.value("model_number", "");
  auto cases = json.find("cases");
  if (cases == json.end() || !cases->is_array()) {
    return Status::ParseError(where + ": cases: missing or not an array");
  }
  for (std::size_t i = 0; i < cases->size(); ++i) {
    const nlohmann::json& item = (*cases)[i];
    std::string at = where + ": cases[" + std::to_string(i) + "]";
    if (!item.is_object()) return Status::ParseError(at + ": not an object");
    CaseResult result;
    IOTMARK_RETURN_IF_ERROR(Field(item, "id", result.id, at));
    IOTMARK_RETURN_IF_ERROR(Field(item, "criterion", result.criterion, at));
    std::string verdict, role;
    IOTMARK_RETURN_IF_ERROR(Field(item, "verdict", verdict, at));
    auto parsed = ParseVerdict(verdict);
    if (!parsed) return Status::ParseError(at + ".verdict: unknown verdict '" + verdict + "'");
    result.verdict = *parsed;
    IOTMARK_RETURN_IF_ERROR(Field(item, "role", role, at));
    if (role != "decides" && role != "supports") {
      return Status::ParseError(at + ".role: must be decides or supports");
    }
    result.role = role == "decides" ? CaseRole::kDecides : CaseRole::kSupports;
    result.title = item.value("title", "");
    if (auto rationale = item.find("rationale");
        rationale != item.end() && rationale->is_object()) {
      result.rationale_ja = rationale->value("ja", "");
      result.rationale_en = rationale->value("en", "");
    }
    result.measurements = item.value("measurements", nlohmann::json::object());
    result.started_at = item.value("started_at", "");
    result.ended_at = item.value("ended_at", "");
    auto evidence = item.find("evidence");
    if (evidence == item.end() || !evidence->is_array()) {
      return Status::ParseError(at + ".evidence: missing or not an array");
    }
    for (std::size_t j = 0; j < evidence->size(); ++j) {
      std::string file_at = at + ".evidence[" + std::to_string(j) + "]";
      if (!(*evidence)[j].is_object()) return Status::ParseError(file_at + ": not an object");
      EvidenceFile file;
      IOTMARK_RETURN_IF_ERROR(Field((*evidence)[j], "path", file.path, file_at));
      IOTMARK_RETURN_IF_ERROR(Field((*evidence)[j], "sha256", file.sha256, file_at));
      file.description = (*evidence)[j].value("description", "");
      result.evidence.push_back(std::move(file));
    }
    report.cases.push_back(std::move(result));
  }
  return report;
}

Result<Report> LoadReport(const std::filesystem::path& path) {
  auto text = ReadFile(path, 64u << 20);
  if (!text.ok()) return text.status();
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) return Status::ParseError(path.string() + ": not valid JSON");
  return ReportFromJson(json, path.string());
}

std::string SummaryText(const Report& report) {
  std::ostringstream out;
  out << "実機テスト結果 / Device test results: " << report.model_number << " @ " << report.host
      << "\n";
  std::map<Verdict, int> counts;
  for (const CaseResult& result : report.cases) {
    ++counts[result.verdict];
    out << "  [" << VerdictName(result.verdict) << "] " << result.criterion << "  " << result.title
        << "\n      " << result.rationale_ja << "\n      " << result.rationale_en << "\n";
  }
  out << "合計 / Total: " << report.cases.size();
  for (auto [verdict, count] : counts) out << ", " << VerdictLabel(verdict) << " " << count;
  out << "\n";
  std::vector<const CaseResult*> review = report.NeedsReview();
  if (!review.empty()) {
    out << "レビュー担当者の判断が必要 / A reviewer must still judge (" << review.size()
        << " INCONCLUSIVE, exit code 1):\n";
    for (const CaseResult* result : review) {
      out << "  - " << result->id << " (" << result->criterion << "): " << result->rationale_en
          << "\n";
    }
  }
  return out.str();
}

}  // namespace iotmark::devtest
