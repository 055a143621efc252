// Third-party evaluation (★3/★4) over HTTP: an evaluation-lab organisation
// and its evaluator, a ★3 application naming the lab, the lab's report
// (GET /api/v1/evaluations, POST /api/v1/evaluations/{id}/report), the
// operator's certification (POST /api/v1/applications/{id}/certify) before
// fee and issue, and the refusals on the way.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "registry/evaluation_test_fixture.h"
#include "scenario.h"

namespace iotmark::testing {
namespace {

using nlohmann::json;

class EvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The one place the ★3/★4 tests take their scheme packs from (see
    // registry::ThirdPartyTestSchemesDirs); `iotmark serve` reads it from the
    // environment it inherits.
    ASSERT_EQ(setenv("IOTMARK_SCHEMES_DIR", registry::ThirdPartyTestSchemesPath().c_str(), 1), 0);
    ASSERT_TRUE(scenario_.Start());
    Scenario& s = scenario_;
    HttpResult lab = s.client.Post("/api/v1/organizations",
                                   {{"name", "第三者評価ラボ"},
                                    {"name_en", "Evaluation Lab"},
                                    {"kind", "evaluation-lab"},
                                    {"contact_email", "contact@lab.example"}},
                                   s.admin.token);
    ASSERT_EQ(lab.status, 201) << lab.body;
    EXPECT_EQ(lab.Json()["kind"], "evaluation-lab");
    lab_ = lab.Json()["id"];
    evaluator_ = s.CreateUser("eval@lab.example", "lab-evaluator", lab_);
    ASSERT_FALSE(evaluator_.token.empty());
  }
  void TearDown() override { unsetenv("IOTMARK_SCHEMES_DIR"); }

  // A ★3 application of vendor A naming the lab, submitted, through the
  // inquiry and accepted.
  std::int64_t AcceptedStar3(const std::string& model) {
    Scenario& s = scenario_;
    std::int64_t product = s.CreateProduct(s.vendor_a, model);
    std::int64_t id = s.CreateApplication(
        s.vendor_a, product,
        {{"level", "star3"}, {"evaluation_lab_id", lab_}, {"checklist", Star3Checklist(model)}});
    EXPECT_NE(id, 0);
    EXPECT_EQ(s.Step(s.vendor_a, id, "submit"), 200);
    EXPECT_EQ(s.Step(s.reviewer, id, "inquiry"), 200);
    EXPECT_EQ(s.Step(s.reviewer, id, "inquiry-result", {{"result", "cleared"}}), 200);
    EXPECT_EQ(s.Step(s.reviewer, id, "accept"), 200);
    return id;
  }

  // The ★3 criteria of the TEST DATA pack beyond ★1
  // (tests/fixtures/schemes/jcstar-test/levels.yaml).
  static std::vector<std::string> Star3OwnCriteria() { return {"T3.1-01", "T3.1-02", "T3.1-03"}; }

  // Scenario::ValidChecklist with the ★3 criteria answered (T3.1-01 is
  // evaluated by a device test, the others from documents).
  static json Star3Checklist(const std::string& model) {
    json checklist = Scenario::ValidChecklist(model);
    for (const std::string& id : Star3OwnCriteria()) {
      json result = {{"criterion", id}, {"verdict", "conform"}, {"method", "document"}};
      if (id == "T3.1-01") {
        result["method"] = "device-test";
        result["evidence"] = {{{"path", "evidence/" + id + ".json"},
                               {"sha256", std::string(64, 'b')},
                               {"description", "試験記録 / test record"}}};
      }
      checklist["results"].push_back(result);
    }
    return checklist;
  }

  // One result per criterion of Star3Checklist (S1.1-01…16, T3.1-01…03);
  // `skip` leaves one out.
  static json Report(const std::string& skip = "") {
    json results = json::array();
    for (int i = 1; i <= 16; ++i) {
      char id[16];
      std::snprintf(id, sizeof(id), "S1.1-%02d", i);
      if (id == skip) continue;
      results.push_back({{"criterion", id}, {"result", i == 16 ? "na" : "pass"}});
    }
    for (const std::string& id : Star3OwnCriteria()) {
      if (id != skip) results.push_back({{"criterion", id}, {"result", "pass"}});
    }
    results[0]["note"] = "試験報告書 4.1 節";
    return {{"results", results},
            {"report_sha256", std::string(64, 'c')},
            {"summary", "評価報告書 第1版"}};
  }

  HttpResult PostReport(const Actor& actor, std::int64_t id, const json& body) {
    return scenario_.client.Post("/api/v1/evaluations/" + std::to_string(id) + "/report", body,
                                 actor.token);
  }

  Scenario scenario_;
  std::int64_t lab_ = 0;
  Actor evaluator_;
};

TEST_F(EvaluationTest, Star3FromApplicationThroughReportAndCertificationToLabel) {
  Scenario& s = scenario_;
  std::int64_t id = AcceptedStar3("CAM-3001");
  HttpResult application =
      s.client.Get("/api/v1/applications/" + std::to_string(id), s.vendor_a.token);
  EXPECT_EQ(application.Json()["evaluation_lab_id"], lab_) << application.body;
  EXPECT_TRUE(application.Json()["certified_at"].is_null());

  // The lab sees the application, without a report yet.
  HttpResult listed = s.client.Get("/api/v1/evaluations", evaluator_.token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.Json()["evaluations"].size(), 1u) << listed.body;
  EXPECT_EQ(listed.Json()["evaluations"][0]["application"]["id"], id);
  EXPECT_TRUE(listed.Json()["evaluations"][0]["report"].is_null());

  HttpResult report = PostReport(evaluator_, id, Report());
  ASSERT_EQ(report.status, 201) << report.body;
  EXPECT_EQ(report.Json()["report_sha256"], std::string(64, 'c'));
  EXPECT_EQ(report.Json()["failures"], 0);
  EXPECT_EQ(report.Json()["results"].size(), 19u);
  EXPECT_EQ(report.Json()["results"][0]["note"], "試験報告書 4.1 節");
  listed = s.client.Get("/api/v1/evaluations", evaluator_.token);
  EXPECT_EQ(listed.Json()["evaluations"][0]["report"]["summary"], "評価報告書 第1版")
      << listed.body;

  EXPECT_EQ(s.Step(s.reviewer, id, "certify"), 200);
  application = s.client.Get("/api/v1/applications/" + std::to_string(id), s.vendor_a.token);
  EXPECT_EQ(application.Json()["state"], "certified") << application.body;
  EXPECT_FALSE(application.Json()["certified_at"].is_null());
  // The TEST DATA pack's invented ★3 fee.
  EXPECT_EQ(s.Step(s.reviewer, id, "invoice"), 200);
  EXPECT_EQ(s.Step(s.reviewer, id, "payment"), 200);
  HttpResult issued = s.client.Post("/api/v1/applications/" + std::to_string(id) + "/issue",
                                    json::object(), s.reviewer.token);
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.Json()["level"], "star3");
  const json third_party = {{"kind", "third-party"},
                            {"name_ja", "第三者認証"},
                            {"name_en", "Third-party certification"},
                            {"evaluation_lab", "第三者評価ラボ"}};
  EXPECT_EQ(issued.Json()["certification"], third_party) << issued.body;

  // The public label JSON, the signed record and the product page say so.
  const std::string regno = issued.Json()["registration_number"];
  HttpResult label = s.client.Get("/api/v1/labels/" + regno);
  EXPECT_EQ(label.Json()["certification"], third_party) << label.body;
  HttpResult record = s.client.Get("/api/v1/labels/" + regno + "/record");
  EXPECT_EQ(record.Json()["record"]["certification"], third_party) << record.body;
  HttpResult page = s.client.Get("/labels/" + regno);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("第三者認証"), std::string::npos);
  EXPECT_NE(page.body.find("<span class=\"evaluation-lab\">第三者評価ラボ</span>"),
            std::string::npos);

  // A ★1 label beside it: 自己適合宣言, no lab.
  const std::string star1 = s.IssueLabel(s.vendor_a, s.CreateProduct(s.vendor_a, "CAM-1002"));
  ASSERT_FALSE(star1.empty());
  HttpResult declared = s.client.Get("/api/v1/labels/" + star1);
  EXPECT_EQ(declared.Json()["certification"],
            json({{"kind", "self-declaration"},
                  {"name_ja", "自己適合宣言"},
                  {"name_en", "Self-declaration"}}))
      << declared.body;
  HttpResult declared_page = s.client.Get("/labels/" + star1);
  EXPECT_NE(declared_page.body.find("certification-self-declaration\">自己適合宣言</dd>"),
            std::string::npos);
  EXPECT_EQ(declared_page.body.find("evaluation-lab"), std::string::npos);
}

TEST_F(EvaluationTest, InvoiceAndIssueBeforeCertificationAreRefused) {
  Scenario& s = scenario_;
  std::int64_t id = AcceptedStar3("CAM-3002");
  HttpResult invoice = s.client.Post("/api/v1/applications/" + std::to_string(id) + "/invoice",
                                     json::object(), s.reviewer.token);
  EXPECT_EQ(invoice.status, 409) << invoice.body;
  EXPECT_EQ(invoice.Json()["error"]["code"], "transition_refused");
  EXPECT_EQ(s.Step(s.reviewer, id, "issue"), 409);
  // Certification without a report is refused too.
  HttpResult certify = s.client.Post("/api/v1/applications/" + std::to_string(id) + "/certify",
                                     json::object(), s.reviewer.token);
  EXPECT_EQ(certify.status, 409) << certify.body;
  EXPECT_EQ(certify.Json()["error"]["code"], "transition_refused");
  HttpResult application =
      s.client.Get("/api/v1/applications/" + std::to_string(id), s.reviewer.token);
  EXPECT_EQ(application.Json()["state"], "accepted");
}

TEST_F(EvaluationTest, ReportRefusals) {
  Scenario& s = scenario_;
  std::int64_t id = AcceptedStar3("CAM-3003");
  // Not the lab: a vendor (403) and no session (401).
  EXPECT_EQ(PostReport(s.vendor_a, id, Report()).status, 403);
  EXPECT_EQ(PostReport(Actor{}, id, Report()).status, 401);
  // The lab's evaluator on an application it is not named in: 404.
  std::int64_t star1 = s.CreateApplication(s.vendor_a, s.CreateProduct(s.vendor_a, "CAM-1001"));
  EXPECT_EQ(PostReport(evaluator_, star1, Report()).status, 404);
  EXPECT_EQ(PostReport(evaluator_, 999999, Report()).status, 404);
  // A criterion of the checklist without a result: 400 naming results.
  HttpResult missing = PostReport(evaluator_, id, Report("S1.1-07"));
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(missing.Json()["error"]["field"], "$.results") << missing.body;
  EXPECT_NE(missing.Json()["error"]["message"].get<std::string>().find("S1.1-07"),
            std::string::npos);
  json bad_result = Report();
  bad_result["results"][2]["result"] = "ok";
  HttpResult invalid = PostReport(evaluator_, id, bad_result);
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_EQ(invalid.Json()["error"]["field"], "$.results[2].result") << invalid.body;
  json bad_hash = Report();
  bad_hash["report_sha256"] = "abc";
  HttpResult hash = PostReport(evaluator_, id, bad_hash);
  EXPECT_EQ(hash.status, 400);
  EXPECT_EQ(hash.Json()["error"]["field"], "$.report_sha256") << hash.body;
  json no_results = Report();
  no_results.erase("results");
  EXPECT_EQ(PostReport(evaluator_, id, no_results).Json()["error"]["field"], "$.results");
  // Nothing was recorded; the vendor does not see the lab's list.
  HttpResult listed = s.client.Get("/api/v1/evaluations", evaluator_.token);
  EXPECT_TRUE(listed.Json()["evaluations"][0]["report"].is_null()) << listed.body;
  EXPECT_EQ(s.client.Get("/api/v1/evaluations", s.vendor_a.token).status, 403);
}

TEST_F(EvaluationTest, ApplicationAndOrganisationFields) {
  Scenario& s = scenario_;
  std::int64_t product = s.CreateProduct(s.vendor_a, "CAM-3004");
  json body = {{"product_id", product},
               {"level", "star3"},
               {"checklist", Scenario::ValidChecklist("CAM-3004")}};
  HttpResult without_lab = s.client.Post("/api/v1/applications", body, s.vendor_a.token);
  EXPECT_EQ(without_lab.status, 400) << without_lab.body;
  EXPECT_EQ(without_lab.Json()["error"]["field"], "$.evaluation_lab_id");
  body["evaluation_lab_id"] = s.organization_b;  // a vendor, not a lab
  HttpResult vendor_lab = s.client.Post("/api/v1/applications", body, s.vendor_a.token);
  EXPECT_EQ(vendor_lab.status, 400) << vendor_lab.body;
  EXPECT_EQ(vendor_lab.Json()["error"]["field"], "$.evaluation_lab_id");
  body["evaluation_lab_id"] = "lab";
  EXPECT_EQ(s.client.Post("/api/v1/applications", body, s.vendor_a.token).status, 400);

  HttpResult bad_kind = s.client.Post(
      "/api/v1/organizations",
      {{"name", "x"}, {"contact_email", "x@x.example"}, {"kind", "laboratory"}}, s.admin.token);
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(bad_kind.Json()["error"]["field"], "$.kind");
  HttpResult vendor =
      s.client.Get("/api/v1/organizations/" + std::to_string(s.organization_a), s.admin.token);
  EXPECT_EQ(vendor.Json()["kind"], "vendor") << vendor.body;
}

}  // namespace
}  // namespace iotmark::testing
