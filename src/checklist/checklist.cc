#include "checklist/checklist.h"

namespace iotmark::checklist {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kConform:
      return "conform";
    case Verdict::kNonconform:
      return "nonconform";
    case Verdict::kNotApplicable:
      return "na";
    case Verdict::kUnset:
      break;
  }
  return "";
}

std::string_view VerdictLabel(Verdict verdict) {
  switch (verdict) {
    case Verdict::kConform:
      return "適合 / Conform";
    case Verdict::kNonconform:
      return "非適合 / Nonconform";
    case Verdict::kNotApplicable:
      return "対象外 / NA";
    case Verdict::kUnset:
      break;
  }
  return "未記入 / Not filled in";
}

std::optional<Verdict> ParseVerdict(std::string_view name) {
  if (name.empty()) return Verdict::kUnset;
  if (name == "conform") return Verdict::kConform;
  if (name == "nonconform") return Verdict::kNonconform;
  if (name == "na") return Verdict::kNotApplicable;
  return std::nullopt;
}

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kDocument:
      return "document";
    case Method::kDeviceTest:
      return "device-test";
    case Method::kDeemed:
      return "deemed";
    case Method::kUnset:
      break;
  }
  return "";
}

std::string_view MethodLabel(Method method) {
  switch (method) {
    case Method::kDocument:
      return "ドキュメント評価 / Document review";
    case Method::kDeviceTest:
      return "実機テスト / Device test";
    case Method::kDeemed:
      return "技適によるみなし適合 / Deemed (giteki)";
    case Method::kUnset:
      break;
  }
  return "";
}

std::optional<Method> ParseMethod(std::string_view name) {
  if (name.empty()) return Method::kUnset;
  if (name == "document") return Method::kDocument;
  if (name == "device-test") return Method::kDeviceTest;
  if (name == "deemed") return Method::kDeemed;
  return std::nullopt;
}

CriterionResult* Checklist::FindResult(std::string_view criterion) {
  for (auto& result : results) {
    if (result.criterion == criterion) return &result;
  }
  return nullptr;
}

const CriterionResult* Checklist::FindResult(std::string_view criterion) const {
  for (const auto& result : results) {
    if (result.criterion == criterion) return &result;
  }
  return nullptr;
}

CriterionResult& Checklist::FindOrAddResult(std::string_view criterion) {
  if (CriterionResult* found = FindResult(criterion)) return *found;
  results.push_back(CriterionResult{.criterion = std::string(criterion)});
  return results.back();
}

}  // namespace iotmark::checklist
