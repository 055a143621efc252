// JSON ↔ YAML: writing a checklist in one format and reading it back gives
// the same checklist, including strings YAML would otherwise mistype.
#include <gtest/gtest.h>

#include "checklist/decoder.h"
#include "checklist/document.h"
#include "checklist/encoder.h"
#include "checklist/test_pack.h"

namespace iotmark::checklist {
namespace {

Checklist ReadBack(const std::string& text, Format format) {
  auto tree = ParseDocument(text, format, "round-trip");
  EXPECT_TRUE(tree.ok()) << tree.status().message() << "\n" << text;
  if (!tree.ok()) return {};
  DecodedChecklist decoded = DecodeChecklist(*tree);
  EXPECT_TRUE(decoded.problems.empty()) << text;
  return decoded.checklist;
}

// Values that a naive YAML writer would turn into other types or break.
Checklist TrickyChecklist() {
  Checklist checklist = testing::MakeValidChecklist();
  checklist.basic_info.firmware_version = "1.20";
  checklist.basic_info.model_number = "true";
  checklist.basic_info.product_type = "null";
  checklist.basic_info.contact = "- 担当: セキュリティ窓口 # 24h";
  checklist.basic_info.giteki_number = "";
  checklist.results[0].note = "line one\nline two: \"quoted\"\n  indented";
  checklist.results[1].note = "  leading and trailing spaces  ";
  checklist.results[2].na_reason = "~";
  checklist.results[1].evidence = {
      {"docs/取扱説明書.pdf", std::string(64, 'a'), "説明: {braces} [brackets] & *star"}};
  return checklist;
}

TEST(RoundTripTest, JsonReadsBackEqual) {
  Checklist checklist = TrickyChecklist();
  EXPECT_EQ(ReadBack(ChecklistToText(checklist, Format::kJson), Format::kJson), checklist);
}

TEST(RoundTripTest, YamlReadsBackEqual) {
  Checklist checklist = TrickyChecklist();
  EXPECT_EQ(ReadBack(ChecklistToText(checklist, Format::kYaml), Format::kYaml), checklist);
}

TEST(RoundTripTest, JsonToYamlToJsonIsIdentical) {
  Checklist checklist = TrickyChecklist();
  std::string json = ChecklistToText(checklist, Format::kJson);
  Checklist via_yaml =
      ReadBack(ChecklistToText(ReadBack(json, Format::kJson), Format::kYaml), Format::kYaml);
  EXPECT_EQ(ChecklistToText(via_yaml, Format::kJson), json);
}

TEST(RoundTripTest, YamlKeepsJapaneseReadable) {
  std::string yaml = ChecklistToText(testing::MakeValidChecklist(), Format::kYaml);
  EXPECT_NE(yaml.find("株式会社サンプル"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("criterion: S1.1-01"), std::string::npos) << yaml;
}

TEST(RoundTripTest, TemplateFieldsAreAllWritten) {
  Checklist empty;
  empty.scheme = "jcstar-star1";
  empty.results = {{.criterion = "S1.1-01"}};
  auto tree = EncodeChecklist(empty);
  EXPECT_TRUE(tree["basic_info"].contains("vulnerability_policy_url"));
  EXPECT_EQ(tree["results"][0]["verdict"], "");
  EXPECT_TRUE(tree["results"][0]["evidence"].is_array());
  EXPECT_EQ(ReadBack(ChecklistToText(empty, Format::kYaml), Format::kYaml), empty);
}

}  // namespace
}  // namespace iotmark::checklist
