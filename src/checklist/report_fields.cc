#include "checklist/report_fields.h"

namespace iotmark::checklist {

std::vector<LabelledValue> BasicInfoRows(const Checklist& checklist, const catalog::Pack* pack) {
  const BasicInfo& info = checklist.basic_info;
  std::string scheme = checklist.scheme;
  if (pack != nullptr && !pack->name_ja.empty()) {
    scheme = pack->name_ja + " (" + checklist.scheme + ")";
  }
  if (!checklist.level.empty()) {
    const catalog::Level* level = pack != nullptr ? pack->FindLevel(checklist.level) : nullptr;
    scheme += " — " +
              (level != nullptr ? level->name_ja + " (" + checklist.level + ")" : checklist.level);
  }
  return {
      {"スキーム", "Scheme", scheme},
      {"ベンダー名", "Vendor", info.vendor},
      {"製品名", "Product name", info.product_name},
      {"型式番号", "Model number", info.model_number},
      {"ファームウェアバージョン", "Firmware version", info.firmware_version},
      {"製品類型", "Product type", info.product_type},
      {"技適番号 (電気通信事業法に基づく技術基準適合認定番号等)",
       "Telecom technical-conformity (giteki) number", info.giteki_number},
      {"問い合わせ先", "Contact", info.contact},
      {"脆弱性開示ポリシーの URL", "Vulnerability disclosure policy URL",
       info.vulnerability_policy_url},
      {"サポート期間の終了日", "End of support", info.support_end},
  };
}

VerdictCounts CountVerdicts(const Checklist& checklist) {
  VerdictCounts counts;
  for (const CriterionResult& result : checklist.results) {
    switch (result.verdict) {
      case Verdict::kConform:
        ++counts.conform;
        break;
      case Verdict::kNonconform:
        ++counts.nonconform;
        break;
      case Verdict::kNotApplicable:
        ++counts.not_applicable;
        break;
      case Verdict::kUnset:
        ++counts.unset;
        break;
    }
  }
  return counts;
}

std::string VerdictSummary(const VerdictCounts& counts) {
  auto n = [](int value) { return std::to_string(value); };
  return "適合 " + n(counts.conform) + " / 非適合 " + n(counts.nonconform) + " / 対象外 " +
         n(counts.not_applicable) + " / 未記入 " + n(counts.unset) + " (Conform " +
         n(counts.conform) + ", Nonconform " + n(counts.nonconform) + ", NA " +
         n(counts.not_applicable) + ", Not filled in " + n(counts.unset) + ")";
}

std::string EvidenceText(const CriterionResult& result) {
  std::string text;
  for (const Evidence& evidence : result.evidence) {
    if (!text.empty()) text += "\n";
    text += evidence.path + " (sha256: " + evidence.sha256 + ")";
    if (!evidence.description.empty()) text += " " + evidence.description;
  }
  return text;
}

}  // namespace iotmark::checklist
