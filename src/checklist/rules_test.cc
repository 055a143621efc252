// Each validation rule: one failing case (the problem is reported at the
// right path with the right code) and one passing case.
#include "checklist/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "checklist/encoder.h"
#include "checklist/test_pack.h"
#include "checklist/validator.h"
#include "common/sha256.h"

namespace iotmark::checklist {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::MakeTestPack;
using testing::MakeValidChecklist;
using ::testing::Not;
using testing::ScratchFolder;

auto ProblemAt(const std::string& path, std::string_view code) {
  return AllOf(Field(&Problem::path, path), Field(&Problem::code, std::string(code)));
}

auto AnyProblemWithCode(std::string_view code) {
  return Contains(Field(&Problem::code, std::string(code)));
}

class RulesTest : public ::testing::Test {
 protected:
  std::vector<Problem> Validate(const Checklist& checklist) {
    return ValidateTree(EncodeChecklist(checklist), testing::LookupTestPack(pack_), options_)
        .problems;
  }

  // Makes S1.1-01 a device test with one evidence file written to the folder.
  void UseDeviceTestEvidence(Checklist& checklist, const std::string& contents = "log") {
    folder_.Write("evidence/s1.1-01.log", contents);
    checklist.results[0].method = Method::kDeviceTest;
    checklist.results[0].evidence = {{"evidence/s1.1-01.log", Sha256Hex(contents), ""}};
  }

  catalog::Pack pack_ = MakeTestPack();
  ScratchFolder folder_;
  ValidationOptions options_{.base_directory = folder_.path()};
};

TEST_F(RulesTest, ValidChecklistHasNoProblems) {
  EXPECT_THAT(Validate(MakeValidChecklist()), IsEmpty());
}

TEST_F(RulesTest, MissingCriterionIsReported) {
  Checklist checklist = MakeValidChecklist();
  checklist.results.pop_back();
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results", problem_code::kMissingCriterion));
  EXPECT_THAT(problems[0].message, HasSubstr("S1.1-03"));
}

TEST_F(RulesTest, DuplicateCriterionIsReported) {
  Checklist checklist = MakeValidChecklist();
  checklist.results.push_back(checklist.results[1]);
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results[3].criterion", problem_code::kDuplicateCriterion));
  EXPECT_THAT(problems[0].message, HasSubstr("$.results[1]"));
}

TEST_F(RulesTest, UnknownCriterionIsReported) {
  Checklist checklist = MakeValidChecklist();
  checklist.results.push_back(
      {.criterion = "S1.1-99", .verdict = Verdict::kConform, .method = Method::kDocument});
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[3].criterion", problem_code::kUnknownCriterion)));
}

TEST_F(RulesTest, UnknownSchemeIsReported) {
  Checklist checklist = MakeValidChecklist();
  checklist.scheme = "jcstar-star9";
  EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.scheme", problem_code::kUnknownScheme)));
}

TEST_F(RulesTest, ReferencePackIsNotAScheme) {
  pack_.kind = "reference";
  EXPECT_THAT(Validate(MakeValidChecklist()),
              Contains(ProblemAt("$.scheme", problem_code::kUnknownScheme)));
}

TEST_F(RulesTest, NaOnlyWhereTheCatalogAllowsIt) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1] = {
      .criterion = "S1.1-02", .verdict = Verdict::kNotApplicable, .na_reason = "not needed"};
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results[1].verdict", problem_code::kNaNotAllowed));
  // The passing case: S1.1-03 allows NA and the valid checklist uses it.
  EXPECT_EQ(MakeValidChecklist().results[2].verdict, Verdict::kNotApplicable);
}

TEST_F(RulesTest, NaNeedsANonEmptyReason) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[0] = {
      .criterion = "S1.1-01", .verdict = Verdict::kNotApplicable, .na_reason = "  \n"};
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results[0].na_reason", problem_code::kNaReasonMissing));
  // The message says what the reason must show, from the catalog.
  EXPECT_THAT(problems[0].message, HasSubstr("認証が必要ない根拠"));
  checklist.results[0].na_reason = "IP 通信の機能がない / no IP communication";
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

TEST_F(RulesTest, NaReasonOnlyWithAnNaVerdict) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].na_reason = "left over";
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[1].na_reason", problem_code::kNaReasonUnexpected)));
}

TEST_F(RulesTest, DeemedOnlyWhereGitekiDeemingApplies) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].method = Method::kDeemed;
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results[1].method", problem_code::kDeemingNotAllowed));
}

TEST_F(RulesTest, DeemedNeedsTheGitekiNumber) {
  Checklist checklist = MakeValidChecklist();
  checklist.basic_info.giteki_number = "";
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results[0].method", problem_code::kGitekiNumberMissing));
}

TEST_F(RulesTest, DeemedMeansConform) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[0].verdict = Verdict::kNonconform;
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[0].verdict", problem_code::kDeemedNotConform)));
}

TEST_F(RulesTest, ConformOnADeviceTestCriterionNeedsDeviceTestEvidence) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[0].method = Method::kDocument;
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[0]", problem_code::kDeviceTestEvidenceMissing)));
  checklist.results[0].method = Method::kDeviceTest;  // but no evidence
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[0]", problem_code::kDeviceTestEvidenceMissing)));
  UseDeviceTestEvidence(checklist);
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

TEST_F(RulesTest, NonconformOnADeviceTestCriterionNeedsNoEvidence) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[0] = {
      .criterion = "S1.1-01", .verdict = Verdict::kNonconform, .method = Method::kDocument};
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

TEST_F(RulesTest, NonconformIsAProblemOnlyForAnApplication) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].verdict = Verdict::kNonconform;
  EXPECT_THAT(Validate(checklist), IsEmpty());
  options_.require_conformity = true;
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[1].verdict", problem_code::kNonconform)));
}

TEST_F(RulesTest, EvidenceFileMustExist) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].evidence = {{"docs/manual.pdf", Sha256Hex("manual"), ""}};
  EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.results[1].evidence[0].path",
                                                      problem_code::kEvidenceNotFound)));
  options_.evidence_files = EvidenceFileCheck::kIfPresent;
  EXPECT_THAT(Validate(checklist), IsEmpty());
  options_.evidence_files = EvidenceFileCheck::kSkip;
  EXPECT_THAT(Validate(checklist), IsEmpty());
  options_.evidence_files = EvidenceFileCheck::kRequire;
  folder_.Write("docs/manual.pdf", "manual");
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

TEST_F(RulesTest, EvidenceHashMustMatch) {
  Checklist checklist = MakeValidChecklist();
  UseDeviceTestEvidence(checklist, "original");
  folder_.Write("evidence/s1.1-01.log", "changed");
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              ProblemAt("$.results[0].evidence[0].sha256", problem_code::kEvidenceHashMismatch));
  // kIfPresent still hashes a file that is there.
  options_.evidence_files = EvidenceFileCheck::kIfPresent;
  EXPECT_THAT(Validate(checklist), AnyProblemWithCode(problem_code::kEvidenceHashMismatch));
}

TEST_F(RulesTest, EvidenceHashMustBeLowercaseHex) {
  Checklist checklist = MakeValidChecklist();
  UseDeviceTestEvidence(checklist);
  std::string upper = checklist.results[0].evidence[0].sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  checklist.results[0].evidence[0].sha256 = upper;
  EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.results[0].evidence[0].sha256",
                                                      problem_code::kEvidenceHashInvalid)));
}

TEST_F(RulesTest, EvidencePathMustStayInTheFolder) {
  ScratchFolder outside;
  outside.Write("secret.txt", "secret");
  for (std::string path :
       {std::string("/etc/passwd"), std::string("../secret.txt"), std::string("a/../../secret.txt"),
        std::string("a\\b.txt"), std::string("./a.txt"), std::string("a//b.txt")}) {
    Checklist checklist = MakeValidChecklist();
    checklist.results[1].evidence = {{path, Sha256Hex("secret"), ""}};
    EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.results[1].evidence[0].path",
                                                        problem_code::kEvidencePathUnsafe)))
        << path;
  }
  // A symbolic link inside the folder that points outside it.
  std::filesystem::create_symlink(outside.path() / "secret.txt", folder_.path() / "link.txt");
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].evidence = {{"link.txt", Sha256Hex("secret"), ""}};
  EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.results[1].evidence[0].path",
                                                      problem_code::kEvidencePathUnsafe)));
}

TEST_F(RulesTest, SameEvidenceTwiceIsReported) {
  Checklist checklist = MakeValidChecklist();
  UseDeviceTestEvidence(checklist);
  checklist.results[0].evidence.push_back(checklist.results[0].evidence[0]);
  EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.results[0].evidence[1].path",
                                                      problem_code::kDuplicateEvidence)));
}

TEST_F(RulesTest, EveryRequiredBasicInfoFieldIsChecked) {
  const std::vector<std::pair<std::string, std::string BasicInfo::*>> fields = {
      {"vendor", &BasicInfo::vendor},
      {"product_name", &BasicInfo::product_name},
      {"model_number", &BasicInfo::model_number},
      {"firmware_version", &BasicInfo::firmware_version},
      {"product_type", &BasicInfo::product_type},
      {"contact", &BasicInfo::contact},
      {"vulnerability_policy_url", &BasicInfo::vulnerability_policy_url},
      {"support_end", &BasicInfo::support_end},
  };
  for (const auto& [name, member] : fields) {
    Checklist checklist = MakeValidChecklist();
    checklist.basic_info.*member = " ";
    auto problems = Validate(checklist);
    ASSERT_EQ(problems.size(), 1u) << name;
    EXPECT_THAT(problems[0], ProblemAt("$.basic_info." + name, problem_code::kMissingField));
  }
}

TEST_F(RulesTest, GitekiNumberIsOptionalWithoutDeeming) {
  Checklist checklist = MakeValidChecklist();
  checklist.basic_info.giteki_number = "";
  UseDeviceTestEvidence(checklist);
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

TEST_F(RulesTest, SupportEndMustBeARealDate) {
  for (std::string bad : {"2025-02-29", "2026-13-01", "2026/03/31", "31.03.2026", "2026-3-31"}) {
    Checklist checklist = MakeValidChecklist();
    checklist.basic_info.support_end = bad;
    EXPECT_THAT(Validate(checklist),
                Contains(ProblemAt("$.basic_info.support_end", problem_code::kInvalidDate)))
        << bad;
  }
  Checklist checklist = MakeValidChecklist();
  checklist.basic_info.support_end = "2028-02-29";
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

TEST_F(RulesTest, VulnerabilityPolicyMustBeAnHttpUrl) {
  Checklist checklist = MakeValidChecklist();
  checklist.basic_info.vulnerability_policy_url = "example.jp/security";
  EXPECT_THAT(Validate(checklist), Contains(ProblemAt("$.basic_info.vulnerability_policy_url",
                                                      problem_code::kInvalidValue)));
}

TEST_F(RulesTest, VerdictAndMethodMustBeFilledIn) {
  Checklist checklist = MakeValidChecklist();
  checklist.results[1].verdict = Verdict::kUnset;
  checklist.results[1].method = Method::kUnset;
  auto problems = Validate(checklist);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ProblemAt("$.results[1].verdict", problem_code::kVerdictMissing));
  EXPECT_THAT(problems[0].message, HasSubstr("conform"));
  checklist.results[1].verdict = Verdict::kConform;
  EXPECT_THAT(Validate(checklist),
              Contains(ProblemAt("$.results[1].method", problem_code::kMethodMissing)));
}

TEST_F(RulesTest, EveryProblemIsReportedNotJustTheFirst) {
  Checklist checklist = MakeValidChecklist();
  checklist.basic_info.vendor = "";
  checklist.basic_info.support_end = "2026-02-30";
  checklist.results[1].verdict = Verdict::kNotApplicable;  // not allowed, and no reason needed
  checklist.results[2].na_reason = "";
  checklist.results.push_back({.criterion = "S1.1-77"});
  auto problems = Validate(checklist);
  EXPECT_THAT(problems, Contains(ProblemAt("$.basic_info.vendor", problem_code::kMissingField)));
  EXPECT_THAT(problems,
              Contains(ProblemAt("$.basic_info.support_end", problem_code::kInvalidDate)));
  EXPECT_THAT(problems, Contains(ProblemAt("$.results[1].verdict", problem_code::kNaNotAllowed)));
  EXPECT_THAT(problems,
              Contains(ProblemAt("$.results[2].na_reason", problem_code::kNaReasonMissing)));
  EXPECT_THAT(problems,
              Contains(ProblemAt("$.results[3].criterion", problem_code::kUnknownCriterion)));
  EXPECT_THAT(problems, Contains(ProblemAt("$.results[3].verdict", problem_code::kVerdictMissing)));
  EXPECT_EQ(problems.size(), 6u);
}

TEST_F(RulesTest, ProblemsFormatAsFilePathMessage) {
  Problem problem{"$.results[3].na_reason", "対象外の理由を記入してください", "na-reason-missing"};
  EXPECT_EQ(FormatProblem("cl.json", problem),
            "cl.json: $.results[3].na_reason: 対象外の理由を記入してください");
}

// A level with its own criterion on top of the pack's (as Catalog::Load
// resolves them), and one without criteria in the catalog.
void AddLevels(catalog::Pack& pack) {
  catalog::Level plus;
  plus.id = "star3";
  plus.name_ja = "★3（レベル3）";
  plus.name_en = "Level 3";
  catalog::Requirement own = pack.requirements[1];
  own.id = "T3.1-01";
  plus.requirements = {own};
  plus.effective_criteria = pack.requirements;
  plus.effective_criteria.push_back(own);
  catalog::Level closed = plus;
  closed.id = "star4";
  closed.name_en = "Level 4";
  closed.available = false;
  pack.levels = {plus, closed};
}

TEST_F(RulesTest, LevelChecklistAnswersTheLevelsEffectiveCriteria) {
  AddLevels(pack_);
  Checklist checklist = MakeValidChecklist();
  checklist.level = "star3";
  EXPECT_THAT(Validate(checklist),
              ElementsAre(ProblemAt("$.results", problem_code::kMissingCriterion)));
  CriterionResult extra = checklist.results[1];
  extra.criterion = "T3.1-01";
  checklist.results.push_back(extra);
  EXPECT_THAT(Validate(checklist), IsEmpty());
  // Without the level the extra result is not one of the pack's criteria.
  checklist.level.clear();
  EXPECT_THAT(Validate(checklist),
              ElementsAre(ProblemAt("$.results[3].criterion", problem_code::kUnknownCriterion)));
}

TEST_F(RulesTest, UnknownOrUnavailableLevelIsReported) {
  AddLevels(pack_);
  Checklist checklist = MakeValidChecklist();
  checklist.level = "star9";
  EXPECT_THAT(Validate(checklist), ElementsAre(ProblemAt("$.level", problem_code::kUnknownLevel)));
  checklist.level = "star4";
  auto problems = Validate(checklist);
  ASSERT_THAT(problems, ElementsAre(ProblemAt("$.level", problem_code::kLevelNotAvailable)));
  EXPECT_THAT(problems[0].message, HasSubstr("Level 4 (star4"));
}

TEST_F(RulesTest, ApplicationLevelIsUsedAndMustMatch) {
  AddLevels(pack_);
  Checklist checklist = MakeValidChecklist();  // no level in the file
  options_.level = "star3";
  EXPECT_THAT(Validate(checklist),
              ElementsAre(ProblemAt("$.results", problem_code::kMissingCriterion)));
  checklist.level = "star4";
  EXPECT_THAT(Validate(checklist), ElementsAre(ProblemAt("$.level", problem_code::kLevelMismatch)));
  checklist.level = "star3";
  CriterionResult extra = checklist.results[1];
  extra.criterion = "T3.1-01";
  checklist.results.push_back(extra);
  EXPECT_THAT(Validate(checklist), IsEmpty());
}

}  // namespace
}  // namespace iotmark::checklist
