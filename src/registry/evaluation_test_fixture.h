// RegistryFixture with what the ★3/★4 (third-party) tests need: the catalog
// from ThirdPartyTestSchemesDirs(), two evaluation labs with one evaluator
// each (real users), a ★3 checklist and helpers that run an application to
// the evaluation.
#ifndef IOTMARK_REGISTRY_EVALUATION_TEST_FIXTURE_H_
#define IOTMARK_REGISTRY_EVALUATION_TEST_FIXTURE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "registry/test_fixture.h"

namespace iotmark::registry {

// The ONE place the third-party tests (registry and server) get their scheme
// packs from: the real schemes/ with the TEST DATA pack
// tests/fixtures/schemes/jcstar-test/ overlaid (the real levels.yaml marks
// ★2–★4 `available: false`, so applications for them are refused).
inline std::vector<std::filesystem::path> ThirdPartyTestSchemesDirs() {
  return {IOTMARK_SOURCE_SCHEMES_DIR,
          std::filesystem::path(IOTMARK_SOURCE_DIR) / "tests/fixtures/schemes/jcstar-test"};
}

// The same as one `--schemes` / IOTMARK_SCHEMES_DIR value (`:`-separated).
inline std::string ThirdPartyTestSchemesPath() {
  std::string path;
  for (const std::filesystem::path& dir : ThirdPartyTestSchemesDirs()) {
    path += (path.empty() ? "" : ":") + dir.string();
  }
  return path;
}

class EvaluationFixture : public RegistryFixture {
 protected:
  static void SetUpTestSuite() {
    auto loaded = catalog::Catalog::LoadLayers(ThirdPartyTestSchemesDirs());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new catalog::Catalog(std::move(loaded).value());
  }

  void SetUp() override {
    RegistryFixture::SetUp();
    if (HasFatalFailure()) return;
    lab_a_ = MakeLab("第三者評価ラボA", "lab-a", &evaluator_a_);
    lab_b_ = MakeLab("第三者評価ラボB", "lab-b", &evaluator_b_);
  }

  // An evaluation-lab organisation and one lab evaluator of it.
  std::int64_t MakeLab(const std::string& name, const std::string& slug, Principal* evaluator) {
    NewOrganization input{name, "Evaluation " + slug, "contact@" + slug + ".example", {}};
    input.kind = OrganizationKind::kEvaluationLab;
    auto lab = service_->CreateOrganization(admin_, input);
    EXPECT_TRUE(lab.ok()) << lab.status().ToString();
    if (!lab.ok()) return 0;
    NewUser user{"eval@" + slug + ".example", "correct horse battery", Role::kLabEvaluator,
                 lab->id};
    auto created = service_->CreateUser(admin_, user);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    if (created.ok()) *evaluator = {created->id, created->email, Role::kLabEvaluator, lab->id};
    return lab->id;
  }

  static std::string Star3Checklist() {
    return R"({"scheme":"jcstar-star1","results":[)"
           R"({"criterion":"S1.1-01","verdict":"pass"},)"
           R"({"criterion":"S1.1-02","verdict":"pass"},)"
           R"({"criterion":"S1.1-03","verdict":"na"}]})";
  }

  // A draft ★3 application of vendor A naming `lab`.
  Result<Application> CreateStar3(std::int64_t lab) {
    NewApplication input;
    input.product_id = MakeProduct(vendor_a_, "SC-3" + std::to_string(++products_));
    input.level = "star3";
    input.checklist_json = Star3Checklist();
    input.evaluation_lab_id = lab;
    return service_->CreateApplication(vendor_a_, input);
  }

  // draft → accepted.
  Status RunToAccepted(std::int64_t id) {
    IOTMARK_RETURN_IF_ERROR(service_->SubmitApplication(vendor_a_, id).status());
    IOTMARK_RETURN_IF_ERROR(service_->StartSupplyChainInquiry(reviewer_, id).status());
    IOTMARK_RETURN_IF_ERROR(service_->RecordInquiryResult(reviewer_, id, true, "問題なし").status());
    return service_->AcceptApplication(reviewer_, id).status();
  }

  // A report on the checklist's three criteria; S1.1-02 gets `second`.
  static NewEvaluationReport Report(std::string second = "pass") {
    NewEvaluationReport report;
    report.results = {{"S1.1-01", "pass", ""}, {"S1.1-02", second, "試験結果"}, {"S1.1-03", "na", ""}};
    report.report_sha256 = std::string(63, 'A') + "b";
    report.summary = "評価報告書 第1版";
    return report;
  }

  std::int64_t lab_a_ = 0;
  std::int64_t lab_b_ = 0;
  Principal evaluator_a_;
  Principal evaluator_b_;
  int products_ = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_EVALUATION_TEST_FIXTURE_H_
