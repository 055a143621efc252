#include "checklist/export_markdown.h"

#include "checklist/report_fields.h"

namespace iotmark::checklist {
namespace {

// Makes `text` safe inside a table cell: pipes escaped, line breaks as <br>,
// Markdown/HTML specials escaped, length capped.
std::string TableCell(std::string_view text, std::size_t limit = 2000) {
  std::string out;
  for (char c : Truncate(text, limit)) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out.empty() ? "—" : out;
}

// Plain paragraph text: same escaping, but line breaks kept as Markdown breaks.
std::string Paragraph(std::string_view text, std::size_t limit = 20000) {
  std::string out;
  for (char c : Truncate(text, limit)) {
    if (c == '\n') {
      out += "  \n";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '#') {
      out += '\\';
      out += c;
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string ExportMarkdown(const Checklist& checklist, const catalog::Pack* pack,
                           const std::vector<Problem>& problems) {
  std::string md;
  md += "# 自己適合宣言チェックリスト / Self-assessment checklist\n\n";
  md += "## 基本情報 / Basic information\n\n";
  md += "| 項目 / Field | 内容 / Value |\n|---|---|\n";
  for (const LabelledValue& row : BasicInfoRows(checklist, pack)) {
    md += "| " + std::string(row.label_ja) + " / " + std::string(row.label_en) + " | " +
          TableCell(row.value) + " |\n";
  }
  md += "\n## 集計 / Summary\n\n";
  md += VerdictSummary(CountVerdicts(checklist)) + "\n\n";
  md +=
      problems.empty()
          ? "検証結果: 問題なし / Validation: no problems found\n\n"
          : "検証結果: " + std::to_string(problems.size()) +
                " 件の問題があります (末尾参照) / Validation: " + std::to_string(problems.size()) +
                " problems (listed at the end)\n\n";
  md += "## 評価結果 / Results\n\n";
  md +=
      "| 適合基準番号 / ID | 要件分類 / Category | 評価結果 / Verdict | 評価方法 / Method | "
      "対象外の理由 / NA reason | 証跡 / Evidence | 備考 / Note |\n";
  md += "|---|---|---|---|---|---|---|\n";
  for (const CriterionResult& result : checklist.results) {
    const catalog::Requirement* requirement =
        pack != nullptr ? pack->FindRequirement(result.criterion) : nullptr;
    md += "| " + TableCell(result.criterion, 100) + " | " +
          TableCell(requirement != nullptr ? requirement->category_ja : "") + " | " +
          std::string(VerdictLabel(result.verdict)) + " | " +
          TableCell(MethodLabel(result.method)) + " | " + TableCell(result.na_reason) + " | " +
          TableCell(EvidenceText(result)) + " | " + TableCell(result.note) + " |\n";
  }
  if (pack != nullptr) {
    md += "\n## 適合基準 / Criteria\n";
    for (const CriterionResult& result : checklist.results) {
      const catalog::Requirement* requirement = pack->FindRequirement(result.criterion);
      if (requirement == nullptr) continue;
      md += "\n### " + Paragraph(requirement->id, 100);
      if (!requirement->title_en.empty()) md += " — " + Paragraph(requirement->title_en, 200);
      md += "\n\n";
      if (!requirement->requirement_ja.empty()) {
        md += "**セキュリティ要件 / Security requirement:** " +
              Paragraph(requirement->requirement_ja) + "\n\n";
      }
      md += "**適合基準 / Criterion:**  \n" + Paragraph(requirement->criterion_ja) + "\n\n";
      if (!requirement->summary_en.empty()) {
        md += "*Summary:* " + Paragraph(requirement->summary_en) + "\n\n";
      }
      md += "**評価結果 / Verdict:** " + std::string(VerdictLabel(result.verdict));
      if (result.method != Method::kUnset) {
        md += " — " + std::string(MethodLabel(result.method));
      }
      md += "\n";
      if (!result.na_reason.empty()) {
        md += "\n**対象外の理由 / NA reason:** " + Paragraph(result.na_reason) + "\n";
      }
    }
  }
  md += "\n## 検証結果 / Validation\n\n";
  if (problems.empty()) {
    md += "問題なし / No problems found.\n";
  } else {
    md += "| 場所 / Path | コード / Code | 内容 / Message |\n|---|---|---|\n";
    for (const Problem& problem : problems) {
      md += "| " + TableCell(problem.path) + " | " + TableCell(problem.code) + " | " +
            TableCell(problem.message) + " |\n";
    }
  }
  return md;
}

}  // namespace iotmark::checklist
