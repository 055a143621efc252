// Parsing hostile or broken input: errors carry line and column, nothing
// crashes or hangs.
#include "checklist/document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "common/utf8.h"

namespace iotmark::checklist {
namespace {

using ::testing::HasSubstr;

TEST(DocumentTest, FormatComesFromTheExtension) {
  EXPECT_EQ(*FormatFromPath("a/cl.json"), Format::kJson);
  EXPECT_EQ(*FormatFromPath("cl.YAML"), Format::kYaml);
  EXPECT_EQ(*FormatFromPath("cl.yml"), Format::kYaml);
  EXPECT_FALSE(FormatFromPath("cl.txt").ok());
  EXPECT_FALSE(FormatFromPath("cl").ok());
}

TEST(DocumentTest, TruncatedJsonGivesLineAndColumn) {
  auto result = ParseDocument("{\n  \"scheme\": \"jcstar-star1\",\n  \"results\": [", Format::kJson,
                              "cl.json");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kParseError);
  EXPECT_THAT(result.status().message(), HasSubstr("cl.json:3:"));
  EXPECT_THAT(result.status().message(), HasSubstr("JSON syntax error"));
}

TEST(DocumentTest, JsonSyntaxErrorPointsAtTheBadCharacter) {
  auto result = ParseDocument("{\"a\": 1,\n \"b\": ?}", Format::kJson, "cl.json");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("cl.json:2:7:"));
}

// Issue 11: nlohmann quotes the bytes it last read, which can end in half a
// character or hold a 1 MB token; the message stays valid UTF-8 and short.
TEST(DocumentTest, JsonSyntaxErrorMessageIsValidUtf8AndBounded) {
  for (std::string text : {std::string("{\"a\": [ネ]}"), std::string("{\"a\": \"x\" カ}"),
                           "{\"a\": " + std::string(1 << 20, '1') + "x}",
                           std::string("{\"a\": 1e999999}")}) {
    auto result = ParseDocument(text, Format::kJson, "cl.json");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kParseError);
    EXPECT_FALSE(FindInvalidUtf8(result.status().message()).has_value())
        << result.status().message();
    EXPECT_LT(result.status().message().size(), 600u);
    // What the CLI's --json does with it must not throw.
    EXPECT_NO_THROW((void)nlohmann::json(result.status().message()).dump());
  }
}

TEST(DocumentTest, YamlTagsAreRefusedWithTheirPosition) {
  for (std::string text : {"a: !foo x\n", "a: !!binary aGVsbG8=\n", "a: !!str 1\n",
                           "a: !!map {b: c}\n", "a: !<tag:yaml.org,2002:seq> []\n"}) {
    auto result = ParseDocument(text, Format::kYaml, "cl.yaml");
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_THAT(result.status().message(), HasSubstr("cl.yaml:1:"));
    EXPECT_THAT(result.status().message(), HasSubstr("YAML tags are not allowed"));
  }
  // Quoted and plain scalars carry no explicit tag.
  EXPECT_TRUE(ParseDocument("a: 'x'\nb: \"y\"\nc: z\n", Format::kYaml, "cl.yaml").ok());
}

TEST(DocumentTest, InvalidUtf8IsNamedWithItsPosition) {
  std::string text = "{\"scheme\": \"ok\",\n \"x\": \"caf\xC3\x28\"}";
  for (Format format : {Format::kJson, Format::kYaml}) {
    auto result = ParseDocument(text, format, "cl");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.status().message(), HasSubstr("cl:2:11:"));
    EXPECT_THAT(result.status().message(), HasSubstr("invalid UTF-8"));
  }
}

// Found by checklist_yaml_fuzz (fuzz/corpus/checklist_yaml/crash-2131bbd5…):
// yaml-cpp read "criterio\x01\x00_\x0fn" as the key "criterio\x01\xa0\x0fn",
// and quoting that key in a problem path threw json type_error.316.
TEST(DocumentTest, YamlControlCharactersAreRefusedWithTheirPosition) {
  std::string text("scheme: x\nresults:\n  - criterio\x01\x00_\x0fn: S1\n", 41);
  auto result = ParseDocument(text, Format::kYaml, "cl.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("cl.yaml:3:13:"));
  EXPECT_THAT(result.status().message(), HasSubstr("control character"));
  EXPECT_FALSE(FindInvalidUtf8(result.status().message()).has_value());
  // Tabs, CR and LF are fine.
  EXPECT_TRUE(ParseDocument("a:\tb\r\nc: d\n", Format::kYaml, "cl.yaml").ok());
}

TEST(DocumentTest, YamlEscapesThatAreNotUtf8AreRefused) {
  auto result = ParseDocument("a: \"\\ud800\"\n", Format::kYaml, "cl.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("cl.yaml:1:"));
  // yaml-cpp refuses a lone surrogate escape itself ("invalid unicode"); the
  // message stays valid UTF-8 either way.
  EXPECT_FALSE(FindInvalidUtf8(result.status().message()).has_value());
  auto key = ParseDocument("\"\\udfff\": b\n", Format::kYaml, "cl.yaml");
  EXPECT_FALSE(key.ok());
}

TEST(DocumentTest, DeepJsonNestingIsRefused) {
  std::string text = std::string(100000, '[') + std::string(100000, ']');
  auto result = ParseDocument(text, Format::kJson, "deep.json");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("nesting deeper than"));
  // Brackets inside strings do not count.
  std::string in_string = "{\"a\": \"" + std::string(1000, '[') + "\\\"\"}";
  EXPECT_TRUE(ParseDocument(in_string, Format::kJson, "s.json").ok());
}

TEST(DocumentTest, DeepYamlNestingIsRefused) {
  std::string text = std::string(5000, '[') + std::string(5000, ']');
  auto result = ParseDocument(text, Format::kYaml, "deep.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kParseError);
}

TEST(DocumentTest, YamlBombIsRefusedQuickly) {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'j'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + previous;
    bomb += "]\n";
    previous = name;
  }
  auto start = std::chrono::steady_clock::now();
  auto result = ParseDocument(bomb, Format::kYaml, "bomb.yaml");
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("bomb.yaml:1:"));
  EXPECT_THAT(result.status().message(), HasSubstr("anchors are not allowed"));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(DocumentTest, YamlAliasWithoutAnchorIsRefused) {
  auto result = ParseDocument("a: *x\n", Format::kYaml, "alias.yaml");
  EXPECT_FALSE(result.ok());
}

TEST(DocumentTest, YamlSyntaxErrorGivesLineAndColumn) {
  auto result = ParseDocument("scheme: a\nresults: [\n  - x\n", Format::kYaml, "cl.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("cl.yaml:"));
  EXPECT_THAT(result.status().message(), HasSubstr("YAML syntax error"));
}

TEST(DocumentTest, YamlDuplicateKeysAndExtraDocumentsAreRefused) {
  auto duplicate = ParseDocument("a: 1\na: 2\n", Format::kYaml, "d.yaml");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_THAT(duplicate.status().message(), HasSubstr("d.yaml:2:1:"));
  EXPECT_THAT(duplicate.status().message(), HasSubstr("duplicate key"));
  auto two = ParseDocument("a: 1\n---\nb: 2\n", Format::kYaml, "t.yaml");
  ASSERT_FALSE(two.ok());
  EXPECT_THAT(two.status().message(), HasSubstr("more than one YAML document"));
  EXPECT_FALSE(ParseDocument("", Format::kYaml, "e.yaml").ok());
}

TEST(DocumentTest, YamlScalarsBecomeStringsExceptNullAndBooleans) {
  auto result = ParseDocument(
      "version: 1.2\ndate: 2026-03-31\nquoted: \"true\"\nflag: true\nnothing: ~\nempty:\n"
      "名前: 株式会社サンプル\n",
      Format::kYaml, "s.yaml");
  ASSERT_TRUE(result.ok()) << result.status().message();
  const auto& tree = *result;
  EXPECT_EQ(tree["version"], "1.2");
  EXPECT_EQ(tree["date"], "2026-03-31");
  EXPECT_EQ(tree["quoted"], "true");
  EXPECT_EQ(tree["flag"], true);
  EXPECT_TRUE(tree["nothing"].is_null());
  EXPECT_TRUE(tree["empty"].is_null());
  EXPECT_EQ(tree["名前"], "株式会社サンプル");
}

TEST(DocumentTest, TenMegabyteStringsParse) {
  std::string big(10 << 20, 'x');
  EXPECT_TRUE(ParseDocument("{\"note\": \"" + big + "\"}", Format::kJson, "big.json").ok());
  EXPECT_TRUE(ParseDocument("note: \"" + big + "\"\n", Format::kYaml, "big.yaml").ok());
}

TEST(DocumentTest, OversizedInputIsRefused) {
  std::string huge(kMaxDocumentBytes + 1, ' ');
  auto result = ParseDocument(huge, Format::kJson, "huge.json");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace iotmark::checklist
