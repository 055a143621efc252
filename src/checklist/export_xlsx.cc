#include "checklist/export_xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "checklist/report_fields.h"

namespace iotmark::checklist {
namespace {

// Excel refuses cells longer than 32767 characters.
constexpr std::size_t kMaxCellBytes = 32000;

struct Column {
  const char* header;
  double width;
};

constexpr std::array<Column, 8> kChecklistColumns = {{
    {"適合基準番号\nID", 12},
    {"要件分類\nRequirement category", 18},
    {"適合基準\nCriterion", 60},
    {"評価結果\nVerdict", 16},
    {"対象外の理由\nNA reason", 32},
    {"評価方法\nMethod", 18},
    {"証跡 (パス, sha256)\nEvidence (path, sha256)", 44},
    {"備考\nNote", 28},
}};

// Display width in Excel column units: wide (CJK) characters count double.
double DisplayWidth(std::string_view line) {
  double width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      width += 1;
    } else if ((c & 0xC0) != 0x80) {
      width += c >= 0xE0 ? 2 : 1;
    }
  }
  return width;
}

// Lines `text` takes when wrapped in a column of `width`.
int WrappedLines(std::string_view text, double width) {
  int lines = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    lines += std::max(1, static_cast<int>(DisplayWidth(line) / std::max(1.0, width - 1)) + 1);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string Cell(std::string_view text) { return Truncate(text, kMaxCellBytes); }

// Owns the workbook and its formats while it is written.
class WorkbookWriter {
 public:
  explicit WorkbookWriter(const std::string& path) : workbook_(workbook_new(path.c_str())) {
    if (workbook_ == nullptr) return;
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_border(header_, LXW_BORDER_THIN);
    text_ = workbook_add_format(workbook_);
    format_set_text_wrap(text_);
    format_set_align(text_, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(text_, LXW_BORDER_THIN);
    title_ = workbook_add_format(workbook_);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
  }
  ~WorkbookWriter() {
    if (workbook_ != nullptr && !closed_) workbook_close(workbook_);
  }
  WorkbookWriter(const WorkbookWriter&) = delete;
  WorkbookWriter& operator=(const WorkbookWriter&) = delete;

  bool ok() const { return workbook_ != nullptr; }

  void WriteBasicInfo(const Checklist& checklist, const catalog::Pack* pack,
                      const std::vector<Problem>& problems) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, "基本情報");
    worksheet_set_column(sheet, 0, 0, 40, nullptr);
    worksheet_set_column(sheet, 1, 1, 70, nullptr);
    worksheet_write_string(sheet, 0, 0, "基本情報 / Basic information", title_);
    worksheet_write_string(sheet, 2, 0, "項目 / Field", header_);
    worksheet_write_string(sheet, 2, 1, "内容 / Value", header_);
    lxw_row_t row = 3;
    std::vector<LabelledValue> rows = BasicInfoRows(checklist, pack);
    rows.push_back({"評価結果の集計", "Summary", VerdictSummary(CountVerdicts(checklist))});
    rows.push_back({"検証結果", "Validation",
                    problems.empty() ? "問題なし / No problems found"
                                     : std::to_string(problems.size()) +
                                           " 件の問題 (検証結果シート参照) / problems (see the "
                                           "検証結果 sheet)"});
    for (const LabelledValue& item : rows) {
      std::string label = std::string(item.label_ja) + "\n" + std::string(item.label_en);
      WriteRow(sheet, row++, {label, Cell(item.value)}, {40, 70});
    }
  }

  void WriteChecklist(const Checklist& checklist, const catalog::Pack* pack) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, "チェックリスト");
    std::vector<std::string> headers;
    std::vector<double> widths;
    for (lxw_col_t col = 0; col < kChecklistColumns.size(); ++col) {
      worksheet_set_column(sheet, col, col, kChecklistColumns[col].width, nullptr);
      headers.emplace_back(kChecklistColumns[col].header);
      widths.push_back(kChecklistColumns[col].width);
    }
    WriteRow(sheet, 0, headers, widths, header_);
    worksheet_freeze_panes(sheet, 1, 1);
    lxw_row_t row = 1;
    for (const CriterionResult& result : checklist.results) {
      const catalog::Requirement* requirement =
          pack != nullptr ? pack->FindRequirement(result.criterion) : nullptr;
      std::string category = requirement != nullptr ? requirement->category_ja : "";
      std::string criterion = requirement != nullptr ? requirement->criterion_ja : "";
      if (requirement != nullptr && !requirement->summary_en.empty()) {
        criterion += "\n\n(EN) " + requirement->summary_en;
      }
      WriteRow(
          sheet, row++,
          {Cell(result.criterion), Cell(category), Cell(criterion),
           std::string(VerdictLabel(result.verdict)), Cell(result.na_reason),
           std::string(MethodLabel(result.method)), Cell(EvidenceText(result)), Cell(result.note)},
          widths);
    }
    if (row > 1) {
      worksheet_autofilter(sheet, 0, 0, row - 1,
                           static_cast<lxw_col_t>(kChecklistColumns.size() - 1));
    }
  }

  void WriteProblems(const std::vector<Problem>& problems) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, "検証結果");
    const std::vector<double> widths = {36, 26, 90};
    for (lxw_col_t col = 0; col < widths.size(); ++col) {
      worksheet_set_column(sheet, col, col, widths[col], nullptr);
    }
    WriteRow(sheet, 0, {"場所 / Path", "コード / Code", "内容 / Message"}, widths, header_);
    lxw_row_t row = 1;
    if (problems.empty()) {
      WriteRow(sheet, row, {"$", "", "問題なし / No problems found"}, widths);
    }
    for (const Problem& problem : problems) {
      WriteRow(sheet, row++, {problem.path, problem.code, problem.message}, widths);
    }
  }

  Status Close() {
    closed_ = true;
    lxw_error error = workbook_close(workbook_);
    if (error != LXW_NO_ERROR) {
      return Status::IoError(std::string("xlsx: ") + lxw_strerror(error));
    }
    return Status::Ok();
  }

 private:
  void WriteRow(lxw_worksheet* sheet, lxw_row_t row, const std::vector<std::string>& cells,
                const std::vector<double>& widths, lxw_format* format = nullptr) {
    int lines = 1;
    for (std::size_t col = 0; col < cells.size(); ++col) {
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(col), cells[col].c_str(),
                             format != nullptr ? format : text_);
      lines = std::max(lines, WrappedLines(cells[col], widths[col]));
    }
    worksheet_set_row(sheet, row, std::min(409.0, 15.0 * lines), nullptr);
  }

  lxw_workbook* workbook_;
  lxw_format* header_ = nullptr;
  lxw_format* text_ = nullptr;
  lxw_format* title_ = nullptr;
  bool closed_ = false;
};

}  // namespace

Status ExportXlsx(const Checklist& checklist, const catalog::Pack* pack,
                  const std::vector<Problem>& problems, const std::filesystem::path& output) {
  std::filesystem::path temporary = output;
  temporary += ".tmp." + std::to_string(::getpid()) + ".xlsx";
  {
    WorkbookWriter writer(temporary.string());
    if (!writer.ok()) {
      return Status::IoError(output.string() + ": ブックを作成できません / cannot create workbook");
    }
    writer.WriteBasicInfo(checklist, pack, problems);
    writer.WriteChecklist(checklist, pack);
    writer.WriteProblems(problems);
    Status closed = writer.Close();
    if (!closed.ok()) {
      std::remove(temporary.c_str());
      return closed.WithPrefix(output.string());
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, output, error);
  if (error) {
    std::remove(temporary.c_str());
    return Status::IoError(output.string() + ": " + error.message());
  }
  return Status::Ok();
}

}  // namespace iotmark::checklist
