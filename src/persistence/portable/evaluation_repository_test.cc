// PortableEvaluationRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): reports round-trip with their per-criterion results,
// the newest counts; organisations keep their kind; applications keep the
// evaluation lab they name and their certification time, and List filters by
// lab.
#include "persistence/portable/evaluation_repository.h"

#include "persistence/portable/application_repository.h"
#include "persistence/portable/organization_repository.h"
#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::Application;
using registry::EvaluationReport;
using registry::Organization;
using registry::OrganizationKind;

constexpr std::int64_t kT0 = 1'700'000'000;

class EvaluationRepositoryTest : public RepositoryTest {
 protected:
  // An evaluation lab, one of its evaluators and a ★3 application naming it.
  void SetUp() override {
    RepositoryTest::SetUp();
    Write([&](store::Transaction& t) {
      Organization lab;
      lab.name = "第三者評価ラボ";
      lab.kind = OrganizationKind::kEvaluationLab;
      lab.created_at = FromSeconds(kT0);
      auto id = organizations_.Insert(t, lab);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      lab_id_ = *id;
      auto user = t.InsertReturningId(
          "INSERT INTO users (email, password_hash, role, organization_id, created_at) "
          "VALUES ('eval@lab.example', 'x', 'lab-evaluator', ?, 0) RETURNING id",
          {lab_id_});
      ASSERT_TRUE(user.ok()) << user.status().ToString();
      evaluator_id_ = *user;
      Application a;
      a.organization_id = organization_id_;
      a.product_id = product_id_;
      a.level = "star3";
      a.evaluation_lab_id = lab_id_;
      a.created_at = a.updated_at = FromSeconds(kT0);
      auto application = applications_.Insert(t, a);
      ASSERT_TRUE(application.ok()) << application.status().ToString();
      application_id_ = *application;
    });
  }

  EvaluationReport Report(std::string sha, std::string second_result) const {
    EvaluationReport report;
    report.application_id = application_id_;
    report.lab_organization_id = lab_id_;
    report.evaluator_user_id = evaluator_id_;
    report.results = {{"S1.1-01", "pass", "初期パスワードなし"}, {"S1.1-02", second_result, ""}};
    report.report_sha256 = std::move(sha);
    report.summary = "評価報告書";
    report.recorded_at = FromSeconds(kT0 + 60);
    return report;
  }

  PortableEvaluationRepository evaluations_;
  PortableOrganizationRepository organizations_;
  PortableApplicationRepository applications_;
  std::int64_t lab_id_ = 0;
  std::int64_t evaluator_id_ = 0;
  std::int64_t application_id_ = 0;
};

TEST_F(EvaluationRepositoryTest, OrganisationKindRoundTrips) {
  Write([&](store::Transaction& t) {
    auto lab = organizations_.Load(t, lab_id_);
    ASSERT_TRUE(lab.ok()) << lab.status().ToString();
    EXPECT_EQ(lab->kind, OrganizationKind::kEvaluationLab);
    // Inserted without a kind (the fixture's raw SQL): the column default.
    auto vendor = organizations_.Load(t, organization_id_);
    ASSERT_TRUE(vendor.ok());
    EXPECT_EQ(vendor->kind, OrganizationKind::kVendor);
    auto all = organizations_.List(t);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[1].kind, OrganizationKind::kEvaluationLab);
  });
}

TEST_F(EvaluationRepositoryTest, ApplicationKeepsLabAndCertification) {
  Write([&](store::Transaction& t) {
    auto loaded = applications_.Load(t, application_id_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->evaluation_lab_id, lab_id_);
    EXPECT_FALSE(loaded->certified_at.has_value());
    loaded->state = registry::ApplicationState::kCertified;
    loaded->certified_at = FromSeconds(kT0 + 120);
    ASSERT_TRUE(applications_.Save(t, *loaded).ok());
    auto saved = applications_.Load(t, application_id_);
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->state, registry::ApplicationState::kCertified);
    EXPECT_EQ(saved->certified_at, FromSeconds(kT0 + 120));

    Application other;
    other.organization_id = organization_id_;
    other.product_id = product_id_;
    other.created_at = other.updated_at = FromSeconds(kT0);
    ASSERT_TRUE(applications_.Insert(t, other).ok());
    registry::ApplicationFilter filter;
    filter.evaluation_lab_id = lab_id_;
    auto listed = applications_.List(t, filter);
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].id, application_id_);
    auto all = applications_.List(t, {});
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 2u);
    EXPECT_FALSE((*all)[1].evaluation_lab_id.has_value());
  });
}

TEST_F(EvaluationRepositoryTest, ReportsRoundTripNewestCounts) {
  Write([&](store::Transaction& t) {
    auto none = evaluations_.LatestReport(t, application_id_);
    ASSERT_TRUE(none.ok()) << none.status().ToString();
    EXPECT_FALSE(none->has_value());

    auto first = evaluations_.InsertReport(t, Report(std::string(64, 'a'), "fail"));
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    auto second = evaluations_.InsertReport(t, Report(std::string(64, 'b'), "na"));
    ASSERT_TRUE(second.ok()) << second.status().ToString();
    EXPECT_GT(*second, *first);

    auto latest = evaluations_.LatestReport(t, application_id_);
    ASSERT_TRUE(latest.ok()) << latest.status().ToString();
    ASSERT_TRUE(latest->has_value());
    const EvaluationReport& report = **latest;
    EXPECT_EQ(report.id, *second);
    EXPECT_EQ(report.application_id, application_id_);
    EXPECT_EQ(report.lab_organization_id, lab_id_);
    EXPECT_EQ(report.evaluator_user_id, evaluator_id_);
    EXPECT_EQ(report.report_sha256, std::string(64, 'b'));
    EXPECT_EQ(report.summary, "評価報告書");
    EXPECT_EQ(report.recorded_at, FromSeconds(kT0 + 60));
    ASSERT_EQ(report.results.size(), 2u);
    EXPECT_EQ(report.results[0].criterion_id, "S1.1-01");
    EXPECT_EQ(report.results[0].result, "pass");
    EXPECT_EQ(report.results[0].note, "初期パスワードなし");
    EXPECT_EQ(report.results[1].result, "na");
    EXPECT_EQ(report.Failures(), 0);

    auto all = evaluations_.ListReports(t, application_id_);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, *first);
    EXPECT_EQ((*all)[0].Failures(), 1);
    auto other = evaluations_.ListReports(t, application_id_ + 100);
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->empty());
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
