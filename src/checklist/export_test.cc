// The xlsx opens (its XML parts are there and hold the Japanese texts and the
// criterion IDs) and the Markdown report carries the same content.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "checklist/export_markdown.h"
#include "checklist/export_xlsx.h"
#include "checklist/test_pack.h"

namespace iotmark::checklist {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The text of one member of a zip archive, via `unzip -p`.
std::string UnzipMember(const std::filesystem::path& archive, const std::string& member) {
  std::string command = "unzip -p '" + archive.string() + "' '" + member + "' 2>/dev/null";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  std::size_t read;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), read);
  ::pclose(pipe);
  return out;
}

class ExportTest : public ::testing::Test {
 protected:
  catalog::Pack pack_ = testing::MakeTestPack();
  Checklist checklist_ = testing::MakeValidChecklist();
  testing::ScratchFolder folder_;
};

TEST_F(ExportTest, XlsxHasBothSheetsWithJapaneseAndIds) {
  std::filesystem::path out = folder_.path() / "checklist.xlsx";
  checklist_.results[1].evidence = {{"docs/取扱説明書.pdf", std::string(64, 'c'), ""}};
  ASSERT_TRUE(ExportXlsx(checklist_, &pack_, {}, out).ok());
  std::string workbook = UnzipMember(out, "xl/workbook.xml");
  EXPECT_THAT(workbook, HasSubstr("name=\"基本情報\""));
  EXPECT_THAT(workbook, HasSubstr("name=\"チェックリスト\""));
  EXPECT_THAT(workbook, HasSubstr("name=\"検証結果\""));
  std::string sheet1 = UnzipMember(out, "xl/worksheets/sheet1.xml");
  std::string sheet2 = UnzipMember(out, "xl/worksheets/sheet2.xml");
  EXPECT_THAT(sheet1, HasSubstr("<sheetData>"));
  EXPECT_THAT(sheet2, HasSubstr("<sheetData>"));
  EXPECT_THAT(sheet2, HasSubstr("<autoFilter ref=\"A1:H4\""));
  std::string strings = UnzipMember(out, "xl/sharedStrings.xml");
  for (const char* expected :
       {"S1.1-01", "S1.1-02", "S1.1-03", "株式会社サンプル", "適合基準番号", "評価結果",
        "対象外の理由", "適合 / Conform", "対象外 / NA", "技適によるみなし適合 / Deemed (giteki)",
        "適切な認証に基づくアクセス制御が行われていること。", "データ保護",
        "docs/取扱説明書.pdf (sha256: cccc", "利用者の情報を保存しない",
        "問題なし / No problems found"}) {
    EXPECT_THAT(strings, HasSubstr(expected));
  }
}

TEST_F(ExportTest, XlsxListsProblems) {
  std::filesystem::path out = folder_.path() / "problems.xlsx";
  std::vector<Problem> problems = {
      {"$.basic_info.vendor", "必須項目が未記入です", "missing-field"}};
  ASSERT_TRUE(ExportXlsx(checklist_, &pack_, problems, out).ok());
  std::string strings = UnzipMember(out, "xl/sharedStrings.xml");
  EXPECT_THAT(strings, HasSubstr("$.basic_info.vendor"));
  EXPECT_THAT(strings, HasSubstr("必須項目が未記入です"));
  EXPECT_THAT(strings, Not(HasSubstr("問題なし")));
}

TEST_F(ExportTest, XlsxToAMissingFolderFailsCleanly) {
  auto status = ExportXlsx(checklist_, &pack_, {}, folder_.path() / "no" / "such" / "x.xlsx");
  EXPECT_FALSE(status.ok());
}

TEST_F(ExportTest, MarkdownReport) {
  checklist_.results[1].note = "a | b\nnext <script>";
  std::string md = ExportMarkdown(checklist_, &pack_, {});
  EXPECT_THAT(md, HasSubstr("## 基本情報 / Basic information"));
  EXPECT_THAT(md, HasSubstr("| ベンダー名 / Vendor | 株式会社サンプル |"));
  EXPECT_THAT(
      md,
      HasSubstr(
          "| S1.1-01 | 認証・認可 | 適合 / Conform | 技適によるみなし適合 / Deemed (giteki) |"));
  EXPECT_THAT(md, HasSubstr("a \\| b<br>next &lt;script&gt;"));
  EXPECT_THAT(md, HasSubstr("### S1.1-03"));
  EXPECT_THAT(md, HasSubstr("適合 2 / 非適合 0 / 対象外 1 / 未記入 0"));
  EXPECT_THAT(md, HasSubstr("問題なし / No problems found"));
}

}  // namespace
}  // namespace iotmark::checklist
