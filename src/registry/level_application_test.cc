// Applications for levels above ★1: refused while the catalog has no criteria
// for the level (available: false, the real schemes/), and checked against
// the level's effective criteria at submit when a pack gives them (the test
// pack tests/fixtures/schemes/jcstar-test overlaid on schemes/).
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "registry/checklist_adapter.h"
#include "registry/evaluation_test_fixture.h"
#include "registry/test_fixture.h"

namespace iotmark::registry {
namespace {

class LevelApplicationTest : public RegistryFixture {};

TEST_F(LevelApplicationTest, RealCatalogRefusesLevelsWithoutCriteria) {
  std::int64_t product = MakeProduct(vendor_a_);
  for (const char* level : {"star2", "star3", "star4"}) {
    NewApplication input;
    input.product_id = product;
    input.level = level;
    input.checklist_json = R"({"scheme":"jcstar-star1"})";
    auto created = service_->CreateApplication(vendor_a_, input);
    ASSERT_FALSE(created.ok()) << level;
    EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(created.status().field(), "level");
    EXPECT_NE(
        created.status().message().find(std::string("(") + level + ") are not in this catalog"),
        std::string::npos)
        << created.status().message();
    EXPECT_NE(created.status().message().find("の適合基準はこのカタログにないため申請できません"),
              std::string::npos)
        << created.status().message();
  }
  // ★1 is still accepted.
  NewApplication star1;
  star1.product_id = product;
  star1.checklist_json = R"({"scheme":"jcstar-star1"})";
  EXPECT_TRUE(service_->CreateApplication(vendor_a_, star1).ok());
}

// The fixture with the test pack overlaid and the checklist component's
// validator, so a submit checks the level's effective criteria.
class TestPackApplicationTest : public EvaluationFixture {
 protected:
  void SetUp() override {
    EvaluationFixture::SetUp();  // the catalog with the test pack, two labs
    if (HasFatalFailure()) return;
    auto key = crypto::SigningKey::FromSeed(std::string(32, '\x2a'));
    ASSERT_TRUE(key.ok());
    RegistryOptions options;
    auto search = persistence::MakeLabelSearchIndex(*store_);
    ASSERT_TRUE(search.ok());
    options.label_search = *search;
    auto repositories = persistence::MakeRepositories(*store_);
    ASSERT_TRUE(repositories.ok());
    options.repositories = *repositories;
    service_ =
        std::make_unique<RegistryService>(*store_, clock_, *catalog_, *key, options,
                                          std::make_shared<CatalogChecklistValidator>(*catalog_));
  }

  // A checklist answering every criterion of `level` (conform), or of the
  // pack's own criteria when `level` is empty.
  std::string MakeChecklist(const std::string& level, const std::string& listed_level) {
    nlohmann::json tree;
    tree["scheme"] = "jcstar-star1";
    if (!listed_level.empty()) tree["level"] = listed_level;
    tree["basic_info"] = {{"vendor", "サンプル電機"},
                          {"product_name", "カメラ"},
                          {"model_number", "SC-100"},
                          {"firmware_version", "1.0.0"},
                          {"product_type", "ネットワークカメラ"},
                          {"giteki_number", "D 22-0001 201"},
                          {"contact", "psirt@sample.example"},
                          {"vulnerability_policy_url", "https://sample.example/security"},
                          {"support_end", "2030-03-31"}};
    tree["results"] = nlohmann::json::array();
    const std::vector<catalog::Requirement>* criteria =
        &catalog_->FindPack("jcstar-star1")->requirements;
    if (!level.empty()) criteria = *catalog_->LevelCriteria("jcstar-star1", level);
    for (const catalog::Requirement& requirement : *criteria) {
      nlohmann::json result = {
          {"criterion", requirement.id}, {"verdict", "conform"}, {"method", "document"}};
      if (requirement.giteki_deeming) {
        result["method"] = "deemed";
      } else if (requirement.RequiresDeviceTest()) {
        result["method"] = "device-test";
        result["evidence"] = {
            {{"path", "evidence/" + requirement.id + ".json"}, {"sha256", std::string(64, 'a')}}};
      }
      tree["results"].push_back(result);
    }
    return tree.dump();
  }
};

TEST_F(TestPackApplicationTest, Star3IsCheckedAgainstItsEffectiveCriteria) {
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_);
  input.level = "star3";
  input.evaluation_lab_id = lab_a_;
  input.checklist_json = MakeChecklist("", "");  // ★1 only: the ★3 criteria are missing
  auto application = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(application.ok()) << application.status().ToString();
  auto refused = service_->SubmitApplication(vendor_a_, application->id);
  ASSERT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("no result for criterion T3.1-01"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(refused.status().message().find("S1.1-01"), std::string::npos)
      << refused.status().message();
  // A ★4 checklist for a ★3 application: the level differs.
  std::vector<FieldError> mismatch =
      service_->ValidateChecklist(MakeChecklist("star4", "star4"), "star3");
  ASSERT_FALSE(mismatch.empty());
  EXPECT_EQ(mismatch[0].field, "$.level");
  EXPECT_NE(mismatch[0].message.find("[level-mismatch]"), std::string::npos);
  // Checked on its own, a ★3 checklist is valid; as a ★1 checklist it is not.
  EXPECT_TRUE(service_->ValidateChecklist(MakeChecklist("star3", "star3")).empty());
  EXPECT_FALSE(service_->ValidateChecklist(MakeChecklist("star3", "")).empty());

  // The ★3 criteria answered (the file need not repeat the level): submit and
  // issue a ★3 label after the lab's report and certification, with the
  // test pack's invented fee.
  ASSERT_TRUE(
      service_->UpdateApplicationChecklist(vendor_a_, application->id, MakeChecklist("star3", ""))
          .ok());
  ASSERT_TRUE(RunToAccepted(application->id).ok());
  NewEvaluationReport report = Report();
  report.results.clear();
  for (const catalog::Requirement& requirement :
       **catalog_->LevelCriteria("jcstar-star1", "star3")) {
    report.results.push_back({requirement.id, "pass", ""});
  }
  auto recorded = service_->RecordEvaluationReport(evaluator_a_, application->id, report);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  ASSERT_TRUE(service_->CertifyApplication(reviewer_, application->id).ok());
  ASSERT_TRUE(service_->InvoiceFee(reviewer_, application->id).ok());
  ASSERT_TRUE(service_->RecordPayment(reviewer_, application->id).ok());
  auto label = service_->IssueLabel(reviewer_, application->id);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  EXPECT_EQ(label->level, "star3");
  EXPECT_EQ(label->registration_number.substr(0, 4), "JCS3");
}

TEST_F(TestPackApplicationTest, Star1ApplicationsAreUnchanged) {
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_);
  input.checklist_json = MakeChecklist("", "");
  auto application = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(application.ok()) << application.status().ToString();
  auto submitted = service_->SubmitApplication(vendor_a_, application->id);
  EXPECT_TRUE(submitted.ok()) << submitted.status().ToString();
}

}  // namespace
}  // namespace iotmark::registry
