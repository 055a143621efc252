// The result of a device test run: one CaseResult per test case, written to
// DIR/report.json (format in docs/devtest.md) and summarised for people.
//
// Invariant: a case's evidence paths are relative to the output folder and
// each sha256 is the digest of that file as written by the run.
#ifndef IOTMARK_DEVTEST_REPORT_H_
#define IOTMARK_DEVTEST_REPORT_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::devtest {

enum class Verdict { kPass, kFail, kNotApplicable, kInconclusive, kError };

// "PASS", "FAIL", "NA", "INCONCLUSIVE", "ERROR".
std::string_view VerdictName(Verdict verdict);
std::optional<Verdict> ParseVerdict(std::string_view name);
// "合格 / PASS", "不合格 / FAIL", ...
std::string_view VerdictLabel(Verdict verdict);

// Whether a case decides its criterion (kDecides) or only supports the
// reviewer's judgement (kSupports: S1.1-01/-02 password checks, S1.1-08,
// S1.1-12 TLS facts).
enum class CaseRole { kDecides, kSupports };

struct EvidenceFile {
  std::string path;  // relative to the output folder, '/' separated
  std::string sha256;
  std::string description;
};

struct CaseResult {
  std::string id;         // "S1.1-04-brute-force"
  std::string criterion;  // "S1.1-04"
  CaseRole role = CaseRole::kDecides;
  std::string title;  // "総当たり対策 / Brute-force protection"
  Verdict verdict = Verdict::kError;
  std::string rationale_ja;
  std::string rationale_en;
  nlohmann::json measurements = nlohmann::json::object();
  std::vector<EvidenceFile> evidence;
  std::string started_at;  // ISO 8601 UTC
  std::string ended_at;
};

struct Report {
  std::string target_file;
  std::string host;
  std::string model_number;
  std::string started_at;
  std::string ended_at;
  std::vector<CaseResult> cases;

  // 0 every case PASS or NA; 1 something FAILed or is INCONCLUSIVE (a
  // reviewer must still judge it: NeedsReview, printed by SummaryText and in
  // report.json "needs_review"); 2 something ERRORed (tool error).
  int ExitCode() const;
  // The INCONCLUSIVE cases, in report order.
  std::vector<const CaseResult*> NeedsReview() const;
};

nlohmann::json ReportToJson(const Report& report);
// Reads a report.json back (for `checklist apply-devtest`); kParseError naming the field.
Result<Report> ReportFromJson(const nlohmann::json& json, std::string_view source);
Result<Report> LoadReport(const std::filesystem::path& path);
// The human summary printed on stdout, Japanese first.
std::string SummaryText(const Report& report);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_REPORT_H_
