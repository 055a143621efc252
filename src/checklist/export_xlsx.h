// The checklist as an Excel workbook laid out like the official JC-STAR
// checklist: a 基本情報 (basic information) sheet, a チェックリスト sheet with
// one row per criterion (ID, 要件分類, 適合基準, 評価結果, 対象外の理由, 評価方法,
// 証跡, 備考), and a 検証結果 sheet listing validation problems. Japanese text
// is kept as is; long cells wrap.
#ifndef IOTMARK_CHECKLIST_EXPORT_XLSX_H_
#define IOTMARK_CHECKLIST_EXPORT_XLSX_H_

#include <filesystem>
#include <vector>

#include "catalog/catalog.h"
#include "checklist/checklist.h"
#include "checklist/problem.h"
#include "common/status.h"

namespace iotmark::checklist {

// Writes the workbook to `output` (through a temporary file, so a failure
// leaves no half-written workbook). `pack` supplies criterion texts and may be
// nullptr (the cells stay empty); `problems` is what validation found.
Status ExportXlsx(const Checklist& checklist, const catalog::Pack* pack,
                  const std::vector<Problem>& problems, const std::filesystem::path& output);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_EXPORT_XLSX_H_
