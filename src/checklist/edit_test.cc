// Editing a checklist: device-test results, evidence, set, template, and
// load/save keeping the file's format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "checklist/checklist_file.h"
#include "checklist/device_test_result.h"
#include "checklist/set_result.h"
#include "checklist/template.h"
#include "checklist/test_pack.h"
#include "common/files.h"

namespace iotmark::checklist {
namespace {

using ::testing::HasSubstr;
using testing::MakeValidChecklist;

const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

TEST(DeviceTestResultTest, SetsVerdictMethodAndMergesEvidence) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[0].evidence = {{"report/old.json", kHashA, ""}};
  ASSERT_TRUE(ApplyDeviceTestResult(
                  checklist, "S1.1-01", Verdict::kConform,
                  {{"report/old.json", kHashB, "再実行 / rerun"}, {"report/new.pcap", kHashA, ""}},
                  "実機テスト 2026-11-23")
                  .ok());
  const CriterionResult& result = *checklist.FindResult("S1.1-01");
  EXPECT_EQ(result.verdict, Verdict::kConform);
  EXPECT_EQ(result.method, Method::kDeviceTest);
  ASSERT_EQ(result.evidence.size(), 2u);
  EXPECT_EQ(result.evidence[0].sha256, kHashB);
  EXPECT_EQ(result.evidence[0].description, "再実行 / rerun");
  EXPECT_EQ(result.evidence[1].path, "report/new.pcap");
  EXPECT_EQ(result.note, "実機テスト 2026-11-23");
}

TEST(DeviceTestResultTest, ClearsNaReasonAndAddsMissingResults) {
  Checklist checklist = MakeValidChecklist();
  ASSERT_TRUE(ApplyDeviceTestResult(checklist, "S1.1-03", Verdict::kNonconform, {}).ok());
  EXPECT_TRUE(checklist.FindResult("S1.1-03")->na_reason.empty());
  ASSERT_TRUE(ApplyDeviceTestResult(checklist, "S1.1-09", Verdict::kConform, {}).ok());
  ASSERT_EQ(checklist.results.size(), 4u);
  EXPECT_EQ(checklist.results.back().criterion, "S1.1-09");
}

TEST(DeviceTestResultTest, RefusesBadInputWithoutChangingAnything) {
  Checklist checklist = MakeValidChecklist();
  const Checklist before = checklist;
  EXPECT_FALSE(ApplyDeviceTestResult(checklist, "S1.1-01", Verdict::kUnset, {}).ok());
  EXPECT_FALSE(ApplyDeviceTestResult(checklist, "", Verdict::kConform, {}).ok());
  EXPECT_FALSE(
      ApplyDeviceTestResult(checklist, "S1.1-01", Verdict::kConform, {{"../x", kHashA, ""}}).ok());
  EXPECT_FALSE(
      ApplyDeviceTestResult(checklist, "S1.1-01", Verdict::kConform, {{"x", "abc", ""}}).ok());
  EXPECT_EQ(checklist, before);
}

TEST(AddEvidenceTest, AddsOrRefreshes) {
  Checklist checklist = MakeValidChecklist();
  ASSERT_TRUE(AddEvidence(checklist, "S1.1-02", {"docs/manual.pdf", kHashA, ""}).ok());
  ASSERT_TRUE(AddEvidence(checklist, "S1.1-02", {"docs/manual.pdf", kHashB, ""}).ok());
  ASSERT_EQ(checklist.results[1].evidence.size(), 1u);
  EXPECT_EQ(checklist.results[1].evidence[0].sha256, kHashB);
  EXPECT_FALSE(AddEvidence(checklist, "S1.1-02", {"/etc/passwd", kHashA, ""}).ok());
}

TEST(SetResultTest, UpdatesOnlyWhatIsGiven) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].note = "keep";
  ASSERT_TRUE(SetResult(checklist, "S1.1-02", {.verdict = Verdict::kNonconform}).ok());
  EXPECT_EQ(checklist.results[1].verdict, Verdict::kNonconform);
  EXPECT_EQ(checklist.results[1].method, Method::kDocument);
  EXPECT_EQ(checklist.results[1].note, "keep");
  ASSERT_TRUE(SetResult(checklist, "S1.1-03",
                        {.verdict = Verdict::kConform,
                         .method = Method::kDocument,
                         .note = std::string("見直し / revised")})
                  .ok());
  EXPECT_TRUE(checklist.results[2].na_reason.empty());
  EXPECT_EQ(checklist.results[2].note, "見直し / revised");
  EXPECT_FALSE(SetResult(checklist, "S1.1-03", {}).ok());
}

TEST(TemplateTest, HasEveryCriterionInCatalogOrder) {
  catalog::Pack pack = testing::MakeTestPack();
  Checklist checklist = MakeTemplate(pack);
  EXPECT_EQ(checklist.scheme, "jcstar-star1");
  ASSERT_EQ(checklist.results.size(), 3u);
  EXPECT_EQ(checklist.results[0].criterion, "S1.1-01");
  EXPECT_EQ(checklist.results[2].criterion, "S1.1-03");
  EXPECT_EQ(checklist.results[0].verdict, Verdict::kUnset);
}

TEST(ChecklistFileTest, SaveAndLoadKeepTheFormat) {
  testing::ScratchFolder folder;
  for (const char* name : {"cl.json", "cl.yaml"}) {
    std::filesystem::path path = folder.path() / name;
    ASSERT_TRUE(SaveChecklist(path, MakeValidChecklist()).ok());
    auto loaded = LoadChecklistFile(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_EQ(loaded->checklist, MakeValidChecklist());
    EXPECT_EQ(loaded->format, std::string(name).ends_with("json") ? Format::kJson : Format::kYaml);
    auto text = ReadFile(path);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(text->front() == '{', loaded->format == Format::kJson);
  }
}

TEST(ChecklistFileTest, LoadRefusesStructuralProblems) {
  testing::ScratchFolder folder;
  auto path = folder.Write("cl.json", R"({"scheme": 3, "basic_info": {}, "results": []})");
  auto loaded = LoadChecklistFile(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("$.scheme"));
  EXPECT_FALSE(LoadChecklistFile(folder.path() / "missing.json").ok());
  EXPECT_FALSE(LoadChecklistFile(folder.Write("cl.txt", "{}")).ok());
}

}  // namespace
}  // namespace iotmark::checklist
