#include "devtest/report.h"

#include <gtest/gtest.h>

namespace iotmark::devtest {
namespace {

Report Sample() {
  Report report;
  report.target_file = "t.yaml";
  report.host = "127.0.0.1";
  report.model_number = "ABC-100";
  report.started_at = "2026-11-23T10:00:00Z";
  report.ended_at = "2026-11-23T10:01:00Z";
  CaseResult pass;
  pass.id = "S1.1-10-model-number";
  pass.criterion = "S1.1-10";
  pass.verdict = Verdict::kPass;
  pass.rationale_ja = "表示あり";
  pass.rationale_en = "shown";
  pass.evidence.push_back({"logs/a.log", std::string(64, 'a'), "log"});
  report.cases.push_back(pass);
  return report;
}

TEST(ReportTest, RoundTripsThroughJson) {
  Report report = Sample();
  auto back = ReportFromJson(ReportToJson(report), "r.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->cases.size(), 1u);
  EXPECT_EQ(back->cases[0].verdict, Verdict::kPass);
  EXPECT_EQ(back->cases[0].evidence[0].path, "logs/a.log");
  EXPECT_EQ(back->cases[0].rationale_ja, "表示あり");
}

TEST(ReportTest, ExitCodeFollowsVerdicts) {
  Report report = Sample();
  EXPECT_EQ(report.ExitCode(), 0);
  report.cases[0].verdict = Verdict::kNotApplicable;
  EXPECT_EQ(report.ExitCode(), 0);
  // INCONCLUSIVE never exits 0 silently: exit 1, and the summary names the case.
  report.cases[0].verdict = Verdict::kInconclusive;
  EXPECT_EQ(report.ExitCode(), 1);
  EXPECT_NE(SummaryText(report).find("A reviewer must still judge"), std::string::npos);
  EXPECT_NE(SummaryText(report).find(report.cases[0].id), std::string::npos);
  EXPECT_EQ(ReportToJson(report)["needs_review"][0], report.cases[0].id);
  report.cases[0].verdict = Verdict::kFail;
  EXPECT_EQ(report.ExitCode(), 1);
  report.cases.push_back(report.cases[0]);
  report.cases[1].verdict = Verdict::kError;
  EXPECT_EQ(report.ExitCode(), 2);
}

TEST(ReportTest, BadJsonNamesTheField) {
  nlohmann::json json = ReportToJson(Sample());
  json["cases"][0]["verdict"] = "MAYBE";
  auto bad = ReportFromJson(json, "r.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cases[0].verdict"), std::string::npos);
  EXPECT_FALSE(ReportFromJson(nlohmann::json::object(), "r.json").ok());
}

}  // namespace
}  // namespace iotmark::devtest
