// Broken and hostile catalogs: every error names the file, the line and the
// field; bombs and huge inputs are refused quickly instead of crashing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "catalog/catalog.h"
#include "catalog/history_template.h"
#include "catalog/yaml_document.h"

namespace iotmark::catalog {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCriteriaPack = R"(id: mini
kind: criteria
name_ja: ミニ
name_en: Mini
version: "1"
source: test
source_kind: seed
requirements:
  - id: M-01
    category_ja: 分類
    requirement_ja: 要件
    criterion_ja: 基準
    title_en: Title
    summary_en: Summary
    na_allowed: false
    giteki_deeming: false
    evaluation_methods:
      - kind: document
        description_ja: 文書
    cross_references:
      - {scheme: ref, ref: "1.1", note: ""}
    source: test
    source_kind: seed
)";

constexpr const char* kReferencePack = R"(id: ref
kind: reference
name_ja: 参照
name_en: Ref
version: "1"
source: test
source_kind: public
requirements:
  - {id: "1.1", title_en: "One", full_text_available: false, source: test, source_kind: public}
)";

// A fresh folder per test, removed afterwards.
class BrokenCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = fs::temp_directory_path() /
                 ("iotmark_catalog_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // Writes mini.yaml (with `mini`) and ref.yaml, then loads the folder.
  Result<Catalog> LoadWith(const std::string& mini) {
    Write("mini.yaml", mini);
    Write("ref.yaml", kReferencePack);
    return Catalog::Load(directory_);
  }
  static std::string Replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }
  // 1-based line of the first occurrence of `needle`.
  static int LineOf(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  }
  // The error names mini.yaml at `line` and the field `path`.
  void ExpectError(const Result<Catalog>& result, int line, const std::string& path,
                   const std::string& words) {
    ASSERT_FALSE(result.ok());
    const std::string& message = result.status().message();
    EXPECT_NE(message.find("mini.yaml:" + std::to_string(line) + ":"), std::string::npos)
        << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(words), std::string::npos) << message;
  }

  fs::path directory_;
};

TEST_F(BrokenCatalogTest, MinimalCatalogLoads) {
  Result<Catalog> catalog = LoadWith(kCriteriaPack);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->packs().size(), 2u);
  EXPECT_EQ(catalog->packs()[0].id, "mini");  // criteria packs first
  EXPECT_EQ(catalog->FindRequirement("M-01")->cross_references[0].ref, "1.1");
}

TEST_F(BrokenCatalogTest, BadSyntaxNamesFileAndLine) {
  std::string text = Replace(kCriteriaPack, "title_en: Title", "title_en: [Title");
  Result<Catalog> result = LoadWith(text);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kParseError);
  EXPECT_NE(result.status().message().find("mini.yaml:"), std::string::npos);
  EXPECT_NE(result.status().message().find("YAML syntax error"), std::string::npos);
}

TEST_F(BrokenCatalogTest, MissingFieldNamesFieldAndLine) {
  std::string text = Replace(kCriteriaPack, "    criterion_ja: 基準\n", "");
  ExpectError(LoadWith(text), LineOf(text, "- id: M-01"), "requirements[0].criterion_ja",
              "required field is missing");
}

TEST_F(BrokenCatalogTest, EmptyFieldIsAnError) {
  std::string text = Replace(kCriteriaPack, "summary_en: Summary", "summary_en: \"  \"");
  ExpectError(LoadWith(text), LineOf(text, "summary_en"), "requirements[0].summary_en", "empty");
}

TEST_F(BrokenCatalogTest, WrongTypeNamesFieldAndLine) {
  std::string text = Replace(kCriteriaPack, "na_allowed: false", "na_allowed: maybe");
  ExpectError(LoadWith(text), LineOf(text, "na_allowed"), "requirements[0].na_allowed",
              "expected true or false");
  text = Replace(kCriteriaPack, "title_en: Title", "title_en: {a: 1}");
  ExpectError(LoadWith(text), LineOf(text, "title_en"), "requirements[0].title_en",
              "expected a string");
  text = Replace(kCriteriaPack, "requirements:\n", "requirements: 5\nx_unused:\n");
  ExpectError(LoadWith(text), LineOf(text, "x_unused"), "x_unused", "unknown field");
}

TEST_F(BrokenCatalogTest, UnknownCrossReferenceScheme) {
  std::string text = Replace(kCriteriaPack, "scheme: ref,", "scheme: nowhere,");
  ExpectError(LoadWith(text), LineOf(text, "{scheme: nowhere"),
              "requirements[0].cross_references[0].scheme", "unknown scheme \"nowhere\"");
}

TEST_F(BrokenCatalogTest, UnknownCrossReferenceProvision) {
  std::string text = Replace(kCriteriaPack, "ref: \"1.1\"", "ref: \"9.9\"");
  ExpectError(LoadWith(text), LineOf(text, "{scheme: ref"),
              "requirements[0].cross_references[0].ref", "not a provision listed");
}

TEST_F(BrokenCatalogTest, DuplicateRequirementId) {
  std::string text = kCriteriaPack;
  std::string second = text.substr(text.find("  - id: M-01"));
  text += second;
  int second_line = LineOf(text, "source_kind: seed\n  - id: M-01") + 1;
  ExpectError(LoadWith(text), second_line, "requirements[1]", "duplicate requirement id \"M-01\"");
}

TEST_F(BrokenCatalogTest, DuplicatePackIdAcrossFiles) {
  Write("again.yaml", kReferencePack);
  Result<Catalog> result = LoadWith(kCriteriaPack);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("pack id \"ref\" is already defined"), std::string::npos)
      << result.status().message();
}

TEST_F(BrokenCatalogTest, NaFieldsMustAgreeWithNaAllowed) {
  std::string text = Replace(kCriteriaPack, "na_allowed: false", "na_allowed: true");
  ExpectError(LoadWith(text), LineOf(text, "- id: M-01"), "requirements[0].na_conditions_ja",
              "missing");
}

TEST_F(BrokenCatalogTest, UnknownEnumValue) {
  std::string text = Replace(kCriteriaPack, "kind: document", "kind: interview");
  ExpectError(LoadWith(text), LineOf(text, "kind: interview"),
              "requirements[0].evaluation_methods[0].kind", "not one of");
}

TEST_F(BrokenCatalogTest, FeesAreChecked) {
  std::string levels = R"(extends: mini
levels:
  - {id: l1, stars: 1, name_ja: ★1, name_en: L1, assessment: self-declaration, criteria: common,
     max_validity_months: 24, description_ja: 説明, source: test}
fees:
  - {level: l1, application_kind: new, amount_jpy: 10, tax_included: true, valid_until: "2025-09-30", source: t, source_kind: public}
  - {level: l1, application_kind: new, amount_jpy: 20, tax_included: true, valid_from: "2025-09-30", source: t, source_kind: public}
)";
  Write("zfees.yaml", levels);
  Result<Catalog> overlap = LoadWith(kCriteriaPack);
  ASSERT_FALSE(overlap.ok());
  EXPECT_NE(overlap.status().message().find("zfees.yaml:7:"), std::string::npos)
      << overlap.status().message();
  EXPECT_NE(overlap.status().message().find("overlaps"), std::string::npos);

  Write("zfees.yaml", Replace(levels, "valid_from: \"2025-09-30\"", "valid_from: \"2025-10-01\""));
  Result<Catalog> good = LoadWith(kCriteriaPack);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->FeeFor("mini", "l1", "new", *ParseDate("2025-09-30"))->amount_jpy, 10);
  EXPECT_EQ(good->FeeFor("mini", "l1", "new", *ParseDate("2025-10-01"))->amount_jpy, 20);

  Write("zfees.yaml", Replace(levels, "max_validity_months: 24", "max_validity_months: 36"));
  Result<Catalog> too_long = LoadWith(kCriteriaPack);
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.status().message().find("levels[0].max_validity_months"), std::string::npos);

  // A year outside what a time point holds was a signed overflow in chrono
  // (UBSan, fuzz/scheme_pack_fuzz); now the field is named.
  for (const char* date : {"9999-12-31", "2263-01-01", "0001-01-01", "2200-01-01"}) {
    std::string far = Replace(levels, "valid_until: \"2025-09-30\"",
                              std::string("valid_until: \"") + date + "\"");
    Write("zfees.yaml", far);
    Result<Catalog> refused = LoadWith(kCriteriaPack);
    ASSERT_FALSE(refused.ok()) << date;
    const std::string& message = refused.status().message();
    EXPECT_NE(message.find("zfees.yaml:6:"), std::string::npos) << message;
    EXPECT_NE(message.find("fees[0].valid_until"), std::string::npos) << message;
    EXPECT_NE(message.find("from 2000-01-01 to 2199-12-31"), std::string::npos) << message;
  }

  Write("zfees.yaml", Replace(levels, "extends: mini", "extends: other"));
  EXPECT_FALSE(LoadWith(kCriteriaPack).ok());
}

TEST_F(BrokenCatalogTest, BillionLaughsIsRefusedQuickly) {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char name = 'b'; name <= 'j'; ++name) {
    std::string previous(1, static_cast<char>(name - 1));
    bomb += std::string(1, name) + ": &" + std::string(1, name) + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + previous;
    bomb += "]\n";
  }
  bomb += "id: *j\n";
  auto start = std::chrono::steady_clock::now();
  Result<Catalog> result = LoadWith(bomb);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("anchors"), std::string::npos)
      << result.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));

  // Aliases without anchors are refused too.
  Result<YAML::Node> alias = ParseYamlDocument("a: *nothing\n", "x.yaml");
  EXPECT_FALSE(alias.ok());
}

// Issue 11: a tag would silently change what a value means; refused.
TEST_F(BrokenCatalogTest, YamlTagsAreRefused) {
  Result<Catalog> result =
      LoadWith(Replace(kCriteriaPack, "summary_en: Summary", "summary_en: !!binary U3VtbWFyeQ=="));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("mini.yaml:"), std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("YAML tag"), std::string::npos)
      << result.status().message();
  for (const char* text : {"a: !foo x\n", "!!map {a: b}\n", "a: !!seq []\n"}) {
    Result<YAML::Node> tagged = ParseYamlDocument(text, "x.yaml");
    EXPECT_FALSE(tagged.ok()) << text;
  }
  EXPECT_TRUE(ParseYamlDocument("a: 'x'\nb: \"y\"\n", "x.yaml").ok());
}

// Found by checklist_yaml_fuzz: yaml-cpp turns a NUL and the byte after it
// into a non-UTF-8 key; control characters YAML forbids are refused first.
TEST_F(BrokenCatalogTest, YamlControlCharactersAreRefusedWithTheirPosition) {
  Result<YAML::Node> nul = ParseYamlDocument(std::string("a: 1\nb\0_c: 2\n", 13), "x.yaml");
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.status().message().find("x.yaml:2:2: a control character"), std::string::npos)
      << nul.status().message();
  EXPECT_FALSE(ParseYamlDocument("a: \x01\n", "x.yaml").ok());
  EXPECT_TRUE(ParseYamlDocument("a:\tb\r\n", "x.yaml").ok());
}

TEST_F(BrokenCatalogTest, TenMegabyteStringIsRefusedBySize) {
  std::string huge = Replace(kCriteriaPack, "summary_en: Summary",
                             "summary_en: \"" + std::string(10u << 20, 'x') + "\"");
  Result<Catalog> result = LoadWith(huge);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("mini.yaml"), std::string::npos);
  EXPECT_NE(result.status().message().find("limit"), std::string::npos);
}

TEST_F(BrokenCatalogTest, LongStringUnderTheCapLoads) {
  std::string long_text(1u << 20, 'x');
  Result<Catalog> result =
      LoadWith(Replace(kCriteriaPack, "summary_en: Summary", "summary_en: \"" + long_text + "\""));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->FindRequirement("M-01")->summary_en.size(), long_text.size());
}

TEST_F(BrokenCatalogTest, DeepNestingDoesNotCrash) {
  std::string deep = "id: " + std::string(200000, '[') + std::string(200000, ']') + "\n";
  Result<Catalog> result = LoadWith(deep);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("mini.yaml"), std::string::npos);
}

TEST_F(BrokenCatalogTest, InvalidUtf8IsNamed) {
  std::string text = Replace(kCriteriaPack, "title_en: Title", "title_en: T\xff");
  Result<Catalog> result = LoadWith(text);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(
      result.status().message().find("mini.yaml:" + std::to_string(LineOf(text, "title_en")) + ":"),
      std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("invalid UTF-8"), std::string::npos);
}

TEST_F(BrokenCatalogTest, SeveralDocumentsAndEmptyFiles) {
  EXPECT_FALSE(LoadWith(std::string(kCriteriaPack) + "---\nid: x\n").ok());
  Result<Catalog> empty = LoadWith("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("mini.yaml"), std::string::npos);
  EXPECT_FALSE(LoadWith("- just\n- a list\n").ok());
}

TEST_F(BrokenCatalogTest, MissingOrEmptyFolder) {
  EXPECT_EQ(Catalog::Load(directory_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Catalog::Load(directory_ / "absent").status().code(), StatusCode::kIoError);
}

constexpr const char* kMiniWorkflow = R"(extends: mini
label_statuses:
  - {id: active, name_ja: 有効, name_en: Active, label_effective: true, description_ja: d}
  - {id: ended, name_ja: 終了, name_en: Ended, label_effective: false, description_ja: d}
workflow:
  application:
    initial: draft
    states:
      - {id: draft, name_ja: 下書き, name_en: Draft}
      - {id: done, name_ja: 完了, name_en: Done}
    transitions:
      - {name: finish, from: draft, to: done, roles: [vendor-member], refused: no}
  label:
    initial: active
    states: [active, ended]
    transitions:
      - {name: end, from: active, to: ended, roles: [operator-admin], event: ended, refused: no}
    history:
      ended: {ja: "終了[：{reason}]", en: "Ended[: {reason}]"}
      issued: {ja: "付与[（申請 {application}）]", en: "Issued[ (application {application})]"}
      changed: {ja: 変更, en: Changed, public: false}
  validity: {max_months: 24, extension: before-end}
  registration_number: {pattern: "M-{year}-{sequence:4}", check_digit: none}
  fee_rule: none
)";

TEST_F(BrokenCatalogTest, WorkflowLoadsAndIsCheckedAsAGraph) {
  Write("workflow.yaml", kMiniWorkflow);
  auto good = LoadWith(kCriteriaPack);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  ASSERT_TRUE(good->FindPack("mini")->workflow.has_value());

  Write("workflow.yaml", Replace(kMiniWorkflow, "{name: finish, from: draft, to: done,",
                                 "{name: finish, from: draft, to: draft,"));
  auto unreachable = LoadWith(kCriteriaPack);
  ASSERT_FALSE(unreachable.ok());
  EXPECT_NE(unreachable.status().message().find("workflow.yaml:"), std::string::npos);
  EXPECT_NE(unreachable.status().message().find("\"done\" is unreachable"), std::string::npos)
      << unreachable.status().message();

  Write("workflow.yaml", Replace(kMiniWorkflow, "to: done,", "to: nowhere,"));
  auto nowhere = LoadWith(kCriteriaPack);
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.status().message().find("workflow.application.transitions[0].to"),
            std::string::npos)
      << nowhere.status().message();

  Write("workflow.yaml", Replace(kMiniWorkflow, "roles: [operator-admin]", "roles: [janitor]"));
  auto role = LoadWith(kCriteriaPack);
  ASSERT_FALSE(role.ok());
  EXPECT_NE(
      role.status().message().find("workflow.label.transitions[0].roles: unknown role \"janitor\""),
      std::string::npos)
      << role.status().message();
}

TEST_F(BrokenCatalogTest, WorkflowHistoryWordingIsChecked) {
  Write("workflow.yaml", kMiniWorkflow);
  auto good = LoadWith(kCriteriaPack);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  const StateMachine& label = good->FindPack("mini")->workflow->label;
  ASSERT_EQ(label.history.count("issued"), 1u);
  EXPECT_EQ(label.history.at("issued").en, "Issued[ (application {application})]");
  EXPECT_TRUE(label.history.at("issued").shown);
  EXPECT_FALSE(label.history.at("changed").shown);

  // A transition's event without wording.
  Write("workflow.yaml",
        Replace(kMiniWorkflow,
                "      ended: {ja: \"終了[：{reason}]\", en: \"Ended[: {reason}]\"}\n", ""));
  auto unworded = LoadWith(kCriteriaPack);
  ASSERT_FALSE(unworded.ok());
  EXPECT_NE(unworded.status().message().find(
                "workflow.label.transitions[0].event: event \"ended\" has no wording"),
            std::string::npos)
      << unworded.status().message();

  // The registry's own kinds need wording too.
  Write("workflow.yaml",
        Replace(kMiniWorkflow, "      changed: {ja: 変更, en: Changed, public: false}\n", ""));
  auto no_changed = LoadWith(kCriteriaPack);
  ASSERT_FALSE(no_changed.ok());
  EXPECT_NE(no_changed.status().message().find("event \"changed\" has no wording"),
            std::string::npos)
      << no_changed.status().message();

  // An unknown placeholder, an unclosed segment: named by file, line and field.
  std::string text = Replace(kMiniWorkflow, "en: \"Issued[ (application {application})]\"",
                             "en: \"Issued {colour}\"");
  Write("workflow.yaml", text);
  auto unknown = LoadWith(kCriteriaPack);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find(
                "workflow.yaml:" + std::to_string(LineOf(text, "Issued {colour}")) + ":"),
            std::string::npos)
      << unknown.status().message();
  EXPECT_NE(unknown.status().message().find(
                "workflow.label.history.issued.en: unknown placeholder {colour}"),
            std::string::npos)
      << unknown.status().message();

  Write("workflow.yaml",
        Replace(kMiniWorkflow, "      changed: {ja: 変更, en: Changed, public: false}\n",
                "      changed: {ja: 変更, en: Changed, public: false}\n"
                "      archived: {ja: 保管, en: Archived}\n"));
  auto unknown_kind = LoadWith(kCriteriaPack);
  ASSERT_FALSE(unknown_kind.ok());
  EXPECT_NE(unknown_kind.status().message().find("\"archived\" is neither a label event kind"),
            std::string::npos)
      << unknown_kind.status().message();

  Write("workflow.yaml", Replace(kMiniWorkflow, "\"終了[：{reason}]\"", "\"終了[：{reason}\""));
  auto unclosed = LoadWith(kCriteriaPack);
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.status().message().find("workflow.label.history.ended.ja: unclosed '['"),
            std::string::npos)
      << unclosed.status().message();
}

TEST(HistoryTemplateTest, OptionalSegmentsNeedTheirValues) {
  const std::string text = "ラベル付与[（申請 {application}）][。有効期限 {valid_until}]";
  ASSERT_TRUE(CheckHistoryTemplate(text).ok());
  EXPECT_EQ(RenderHistoryTemplate(text, {{"application", "2"}, {"valid_until", "2028年12月1日"}}),
            "ラベル付与（申請 2）。有効期限 2028年12月1日");
  EXPECT_EQ(RenderHistoryTemplate(text, {{"valid_until", "2028年12月1日"}}),
            "ラベル付与。有効期限 2028年12月1日");
  EXPECT_EQ(RenderHistoryTemplate(text, {}), "ラベル付与");
  EXPECT_EQ(RenderHistoryTemplate("Withdrawn: {reason}", {}), "Withdrawn: ");
  EXPECT_FALSE(CheckHistoryTemplate("").ok());
  EXPECT_FALSE(CheckHistoryTemplate("a {b").ok());
  EXPECT_FALSE(CheckHistoryTemplate("a } b").ok());
  EXPECT_FALSE(CheckHistoryTemplate("[a [b] c]").ok());
  EXPECT_FALSE(CheckHistoryTemplate("a ] b").ok());
}

}  // namespace
}  // namespace iotmark::catalog
