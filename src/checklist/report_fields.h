// Labels and summaries shared by the exports (xlsx, Markdown): the basic
// information fields in sheet order with Japanese and English names, and the
// verdict counts.
#ifndef IOTMARK_CHECKLIST_REPORT_FIELDS_H_
#define IOTMARK_CHECKLIST_REPORT_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "checklist/checklist.h"

namespace iotmark::checklist {

struct LabelledValue {
  std::string_view label_ja;
  std::string_view label_en;
  std::string value;
};

// The 基本情報 rows, scheme first.
std::vector<LabelledValue> BasicInfoRows(const Checklist& checklist, const catalog::Pack* pack);

struct VerdictCounts {
  int conform = 0;
  int nonconform = 0;
  int not_applicable = 0;
  int unset = 0;
};
VerdictCounts CountVerdicts(const Checklist& checklist);
// "適合 12 / 非適合 0 / 対象外 3 / 未記入 1 (Conform 12, Nonconform 0, NA 3, Not filled in 1)"
std::string VerdictSummary(const VerdictCounts& counts);

// The evidence of a result, one "path (sha256: …)" per line.
std::string EvidenceText(const CriterionResult& result);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_REPORT_FIELDS_H_
