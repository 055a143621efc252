// The self-assessment checklist (チェックリスト) of a JC-STAR scheme: the
// vendor's basic information (基本情報) and one result per criterion.
//
// This is plain data. A Checklist may be incomplete or break the rules (a
// freshly initialised template has no verdicts); checklist/validator.h says
// whether it is acceptable. The file format is docs/checklist-format.md.
#ifndef IOTMARK_CHECKLIST_CHECKLIST_H_
#define IOTMARK_CHECKLIST_CHECKLIST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotmark::checklist {

// 評価結果. kUnset is a template's empty verdict, which validation rejects.
enum class Verdict { kUnset, kConform, kNonconform, kNotApplicable };

// 評価方法. kUnset is allowed only for NA results.
enum class Method { kUnset, kDocument, kDeviceTest, kDeemed };

// The file spelling ("conform", "nonconform", "na"; "" for kUnset).
std::string_view VerdictName(Verdict verdict);
// "適合 / Conform", "非適合 / Nonconform", "対象外 / NA", "未記入 / Not filled in".
std::string_view VerdictLabel(Verdict verdict);
// Parses the file spelling; "" gives kUnset; anything else nullopt.
std::optional<Verdict> ParseVerdict(std::string_view name);

// "document", "device-test", "deemed"; "" for kUnset.
std::string_view MethodName(Method method);
// "ドキュメント評価 / Document review", "実機テスト / Device test",
// "技適によるみなし適合 / Deemed (giteki)", "" for kUnset.
std::string_view MethodLabel(Method method);
std::optional<Method> ParseMethod(std::string_view name);

// A file that backs a result (証跡). `path` is relative to the checklist's
// folder, uses '/' and never leaves that folder; `sha256` is lowercase hex.
struct Evidence {
  std::string path{};
  std::string sha256;
  std::string description{};  // optional free text

  bool operator==(const Evidence&) const = default;
};

// 基本情報. Every field but giteki_number is required for a valid checklist.
struct BasicInfo {
  std::string vendor{};
  std::string product_name{};
  std::string model_number{};
  std::string firmware_version{};
  std::string product_type{};
  std::string giteki_number{};  // 技適 number, needed when a result is "deemed"
  std::string contact{};
  std::string vulnerability_policy_url{};
  std::string support_end{};  // YYYY-MM-DD

  bool operator==(const BasicInfo&) const = default;
};

// The outcome of one criterion.
struct CriterionResult {
  std::string criterion{};  // e.g. "S1.1-04", exactly as the scheme writes it
  Verdict verdict = Verdict::kUnset;
  std::string na_reason{};  // required when verdict is kNotApplicable
  Method method = Method::kUnset;
  std::vector<Evidence> evidence{};
  std::string note{};

  bool operator==(const CriterionResult&) const = default;
};

struct Checklist {
  std::string scheme{};  // a catalog pack id, e.g. "jcstar-star1"
  // A level of the scheme, e.g. "star3" (optional): the checklist answers that
  // level's effective criteria (catalog::Pack::LevelCriteria). Empty: the
  // pack's own criteria (★1 for JC-STAR).
  std::string level{};
  BasicInfo basic_info;
  std::vector<CriterionResult> results{};

  // The first result for `criterion`, or nullptr.
  CriterionResult* FindResult(std::string_view criterion);
  const CriterionResult* FindResult(std::string_view criterion) const;
  // The result for `criterion`, appended (with nothing filled in) when absent.
  CriterionResult& FindOrAddResult(std::string_view criterion);

  bool operator==(const Checklist&) const = default;
};

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_CHECKLIST_H_
