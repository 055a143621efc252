// One thing wrong with a checklist, located by a JSON path such as
// "$.results[3].na_reason". Validation collects every problem, never only the
// first, so a vendor (or the registry's API) can fix them all at once.
#ifndef IOTMARK_CHECKLIST_PROBLEM_H_
#define IOTMARK_CHECKLIST_PROBLEM_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace iotmark::checklist {

// Stable machine-readable problem codes (documented in docs/checklist-format.md).
namespace problem_code {
inline constexpr std::string_view kWrongType = "wrong-type";
inline constexpr std::string_view kMissingField = "missing-field";
inline constexpr std::string_view kUnknownField = "unknown-field";
inline constexpr std::string_view kEmptyField = "empty-field";
inline constexpr std::string_view kTooLong = "too-long";
inline constexpr std::string_view kTooMany = "too-many";
inline constexpr std::string_view kInvalidValue = "invalid-value";
inline constexpr std::string_view kInvalidDate = "invalid-date";
inline constexpr std::string_view kUnknownScheme = "unknown-scheme";
inline constexpr std::string_view kUnknownLevel = "unknown-level";
inline constexpr std::string_view kLevelNotAvailable = "level-not-available";
inline constexpr std::string_view kLevelMismatch = "level-mismatch";
inline constexpr std::string_view kUnknownCriterion = "unknown-criterion";
inline constexpr std::string_view kDuplicateCriterion = "duplicate-criterion";
inline constexpr std::string_view kMissingCriterion = "missing-criterion";
inline constexpr std::string_view kVerdictMissing = "verdict-missing";
inline constexpr std::string_view kMethodMissing = "method-missing";
inline constexpr std::string_view kNaNotAllowed = "na-not-allowed";
inline constexpr std::string_view kNaReasonMissing = "na-reason-missing";
inline constexpr std::string_view kNaReasonUnexpected = "na-reason-unexpected";
inline constexpr std::string_view kDeemingNotAllowed = "deeming-not-allowed";
inline constexpr std::string_view kGitekiNumberMissing = "giteki-number-missing";
inline constexpr std::string_view kDeemedNotConform = "deemed-not-conform";
inline constexpr std::string_view kDeviceTestEvidenceMissing = "device-test-evidence-missing";
inline constexpr std::string_view kEvidencePathUnsafe = "evidence-path-unsafe";
inline constexpr std::string_view kEvidenceNotFound = "evidence-not-found";
inline constexpr std::string_view kEvidenceHashMismatch = "evidence-hash-mismatch";
inline constexpr std::string_view kEvidenceHashInvalid = "evidence-hash-invalid";
inline constexpr std::string_view kDuplicateEvidence = "duplicate-evidence";
inline constexpr std::string_view kNonconform = "nonconform";
}  // namespace problem_code

struct Problem {
  std::string path;     // JSON path, "$" for the whole document
  std::string message;  // Japanese first, English beside when it helps a person
  std::string code;     // one of problem_code
};

// "FILE: <path>: <message>".
std::string FormatProblem(std::string_view file, const Problem& problem);
// {"path": ..., "code": ..., "message": ...}
nlohmann::ordered_json ProblemToJson(const Problem& problem);

// `value` cut to at most `limit` bytes on a UTF-8 boundary, with "…" when
// shortened; line breaks and other characters are kept.
std::string Truncate(std::string_view value, std::size_t limit);

// A short, printable excerpt of a user-supplied value for messages: at most
// `limit` bytes, cut on a UTF-8 boundary, with "…" when shortened, control
// characters (line breaks too) replaced by '?' so it stays on one line.
std::string Excerpt(std::string_view value, std::size_t limit = 60);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_PROBLEM_H_
