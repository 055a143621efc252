// Third-party evaluation of ★3/★4 applications through RegistryService: the
// evaluation lab an application must (★3/★4) or must not (★1/★2) name, who
// sees and records evaluation reports, what a report must cover, the
// operator's certification, and the fee and label kept behind it. ★1 runs
// as before.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "registry/evaluation_test_fixture.h"

namespace iotmark::registry {
namespace {

class EvaluationServiceTest : public EvaluationFixture {};

TEST_F(EvaluationServiceTest, ApplicationNamesAnEvaluationLabOnlyForThirdPartyLevels) {
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_);
  input.level = "star3";
  input.checklist_json = Star3Checklist();
  auto missing = service_->CreateApplication(vendor_a_, input);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().field(), "evaluation_lab_id");

  input.evaluation_lab_id = *vendor_b_.organization_id;  // a vendor, not a lab
  auto vendor = service_->CreateApplication(vendor_a_, input);
  ASSERT_FALSE(vendor.ok());
  EXPECT_EQ(vendor.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(vendor.status().field(), "evaluation_lab_id");

  input.evaluation_lab_id = lab_b_ + 100;  // no such organisation
  auto unknown = service_->CreateApplication(vendor_a_, input);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "evaluation_lab_id");

  input.evaluation_lab_id = lab_a_;
  auto created = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->evaluation_lab_id, lab_a_);
  EXPECT_FALSE(created->certified_at.has_value());

  input.level = "star1";  // self-declared: no lab
  auto star1 = service_->CreateApplication(vendor_a_, input);
  ASSERT_FALSE(star1.ok());
  EXPECT_EQ(star1.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(star1.status().field(), "evaluation_lab_id");
}

TEST_F(EvaluationServiceTest, LabEvaluatorsBelongToEvaluationLabs) {
  auto wrong = service_->CreateUser(admin_, {"x@lab.example", "correct horse battery",
                                             Role::kLabEvaluator, vendor_a_.organization_id});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
  auto vendor_in_lab = service_->CreateUser(
      admin_, {"y@lab.example", "correct horse battery", Role::kVendorMember, lab_a_});
  ASSERT_FALSE(vendor_in_lab.ok());
  EXPECT_EQ(vendor_in_lab.status().code(), StatusCode::kInvalidArgument);
  auto without = service_->CreateUser(
      admin_, {"z@lab.example", "correct horse battery", Role::kLabEvaluator, std::nullopt});
  EXPECT_EQ(without.status().code(), StatusCode::kInvalidArgument);
  auto lab = service_->GetOrganization(admin_, lab_a_);
  ASSERT_TRUE(lab.ok());
  EXPECT_EQ(lab->kind, OrganizationKind::kEvaluationLab);
  auto vendor = service_->GetOrganization(admin_, *vendor_a_.organization_id);
  ASSERT_TRUE(vendor.ok());
  EXPECT_EQ(vendor->kind, OrganizationKind::kVendor);
}

TEST_F(EvaluationServiceTest, EvaluatedCertifiedPaidIssued) {
  auto application = CreateStar3(lab_a_);
  ASSERT_TRUE(application.ok()) << application.status().ToString();
  const std::int64_t id = application->id;
  // A draft is not evaluated yet.
  EXPECT_EQ(service_->RecordEvaluationReport(evaluator_a_, id, Report()).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(RunToAccepted(id).ok());

  // No fee, no label and no certification before a report.
  EXPECT_EQ(service_->InvoiceFee(reviewer_, id, 500000).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->IssueLabel(reviewer_, id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->CertifyApplication(reviewer_, id).status().code(),
            StatusCode::kFailedPrecondition);

  // Only the named lab's evaluator records; the vendor and the operator do not.
  EXPECT_EQ(service_->RecordEvaluationReport(evaluator_b_, id, Report()).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->RecordEvaluationReport(vendor_a_, id, Report()).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->RecordEvaluationReport(reviewer_, id, Report()).status().code(),
            StatusCode::kPermissionDenied);

  // The report covers every criterion of the checklist, each pass/fail/na, with a SHA-256.
  NewEvaluationReport partial = Report();
  partial.results.pop_back();
  auto uncovered = service_->RecordEvaluationReport(evaluator_a_, id, partial);
  EXPECT_EQ(uncovered.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(uncovered.status().field(), "results");
  EXPECT_NE(uncovered.status().message().find("S1.1-03"), std::string::npos);
  NewEvaluationReport extra = Report();
  extra.results.push_back({"S9.9-99", "pass", ""});
  EXPECT_EQ(service_->RecordEvaluationReport(evaluator_a_, id, extra).status().field(),
            "results[3].criterion_id");
  auto bad_result = service_->RecordEvaluationReport(evaluator_a_, id, Report("ok"));
  EXPECT_EQ(bad_result.status().field(), "results[1].result");
  NewEvaluationReport bad_sha = Report();
  bad_sha.report_sha256 = std::string(63, 'a') + "g";
  EXPECT_EQ(service_->RecordEvaluationReport(evaluator_a_, id, bad_sha).status().field(),
            "report_sha256");

  // A report with a failure is recorded but cannot be certified.
  auto failed = service_->RecordEvaluationReport(evaluator_a_, id, Report("fail"));
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_EQ(failed->Failures(), 1);
  EXPECT_EQ(failed->lab_organization_id, lab_a_);
  EXPECT_EQ(failed->evaluator_user_id, evaluator_a_.user_id);
  EXPECT_EQ(failed->report_sha256, std::string(63, 'a') + "b");  // stored lowercase
  auto refused = service_->CertifyApplication(reviewer_, id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("1 failed"), std::string::npos);

  // The lab re-evaluates; the vendor may not certify; the operator does.
  ASSERT_TRUE(service_->RecordEvaluationReport(evaluator_a_, id, Report()).ok());
  EXPECT_EQ(service_->CertifyApplication(vendor_a_, id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->CertifyApplication(auditor_, id).status().code(),
            StatusCode::kPermissionDenied);
  auto certified = service_->CertifyApplication(reviewer_, id);
  ASSERT_TRUE(certified.ok()) << certified.status().ToString();
  EXPECT_EQ(certified->state, ApplicationState::kCertified);
  EXPECT_EQ(certified->certified_at, clock_.Now());
  EXPECT_EQ(certified->history.back().from, ApplicationState::kAccepted);
  EXPECT_EQ(certified->history.back().to, ApplicationState::kCertified);
  // Certified: no further report, no second certification.
  EXPECT_EQ(service_->RecordEvaluationReport(evaluator_a_, id, Report()).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->CertifyApplication(reviewer_, id).status().code(),
            StatusCode::kFailedPrecondition);

  // The TEST DATA pack's invented ★3 fee; a different stated amount is refused.
  EXPECT_EQ(service_->InvoiceFee(reviewer_, id, 500000).status().code(),
            StatusCode::kFailedPrecondition);
  auto invoiced = service_->InvoiceFee(reviewer_, id);
  ASSERT_TRUE(invoiced.ok()) << invoiced.status().ToString();
  EXPECT_EQ(invoiced->fee_amount_jpy, 3000);
  EXPECT_EQ(invoiced->state, ApplicationState::kFeeInvoiced);
  ASSERT_TRUE(service_->RecordPayment(reviewer_, id).ok());
  auto label = service_->IssueLabel(reviewer_, id);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  EXPECT_EQ(label->level, "star3");
  EXPECT_EQ(label->registration_number.substr(0, 5), "JCS3-");
  // The label says 第三者認証 and names the lab, in the signed record too.
  ASSERT_TRUE(label->certification.has_value());
  EXPECT_TRUE(label->certification->third_party);
  EXPECT_EQ(label->certification->evaluation_lab, "第三者評価ラボA");
  auto record = service_->GetSignedLabelRecord(label->registration_number);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  auto certification = nlohmann::json::parse(*record)["record"]["certification"];
  EXPECT_EQ(certification["kind"], "third-party");
  EXPECT_EQ(certification["name_ja"], "第三者認証");
  EXPECT_EQ(certification["evaluation_lab"], "第三者評価ラボA");
  auto listed = service_->ListLabels(vendor_a_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  ASSERT_TRUE(listed->front().certification.has_value());
  EXPECT_EQ(listed->front().certification->evaluation_lab, "第三者評価ラボA");
  auto issued = service_->GetApplication(vendor_a_, id);
  ASSERT_TRUE(issued.ok());
  // created, submit, inquiry, cleared, accept, 2 reports, certify, invoice, pay, issue
  EXPECT_EQ(issued->history.size(), 11u);
}

TEST_F(EvaluationServiceTest, EachLabSeesOnlyItsOwnApplications) {
  auto a = CreateStar3(lab_a_);
  auto b = CreateStar3(lab_b_);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-1")).ok());  // ★1: no lab
  ASSERT_TRUE(RunToAccepted(a->id).ok());
  ASSERT_TRUE(service_->RecordEvaluationReport(evaluator_a_, a->id, Report()).ok());

  auto seen_a = service_->ListEvaluations(evaluator_a_);
  ASSERT_TRUE(seen_a.ok()) << seen_a.status().ToString();
  ASSERT_EQ(seen_a->size(), 1u);
  EXPECT_EQ((*seen_a)[0].application.id, a->id);
  EXPECT_EQ((*seen_a)[0].application.checklist_json, Star3Checklist());
  ASSERT_TRUE((*seen_a)[0].report.has_value());
  EXPECT_EQ((*seen_a)[0].report->results.size(), 3u);
  auto seen_b = service_->ListEvaluations(evaluator_b_);
  ASSERT_TRUE(seen_b.ok());
  ASSERT_EQ(seen_b->size(), 1u);
  EXPECT_EQ((*seen_b)[0].application.id, b->id);
  EXPECT_FALSE((*seen_b)[0].report.has_value());
  // Operators and auditors see every application naming a lab; vendors none.
  auto all = service_->ListEvaluations(auditor_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(service_->ListEvaluations(vendor_a_).status().code(), StatusCode::kPermissionDenied);

  // Outside its evaluations a lab evaluator reaches nothing of the vendors.
  EXPECT_EQ(service_->GetApplication(evaluator_a_, a->id).status().code(), StatusCode::kNotFound);
  auto applications = service_->ListApplications(evaluator_a_);
  ASSERT_TRUE(applications.ok());
  EXPECT_TRUE(applications->empty());
  auto products = service_->ListProducts(evaluator_a_);
  ASSERT_TRUE(products.ok());
  EXPECT_TRUE(products->empty());
  auto labels = service_->ListLabels(evaluator_a_);
  ASSERT_TRUE(labels.ok());
  EXPECT_TRUE(labels->empty());
  EXPECT_EQ(service_->CreateProduct(evaluator_a_, {lab_a_, "X-1", "x", ""}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->AcceptApplication(evaluator_a_, a->id).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(EvaluationServiceTest, SelfDeclaredLevelsAreNotCertified) {
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_);
  input.checklist_json = R"({"scheme":"jcstar-star1"})";
  auto application = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(application.ok());
  ASSERT_TRUE(RunToAccepted(application->id).ok());
  auto certify = service_->CertifyApplication(reviewer_, application->id);
  EXPECT_EQ(certify.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(certify.status().message().find("self-declared"), std::string::npos);
  EXPECT_EQ(service_->ListEvaluations(reviewer_)->size(), 0u);
  // ★1 goes on from accepted to the fee and the label as before.
  ASSERT_TRUE(service_->InvoiceFee(reviewer_, application->id).ok());
  ASSERT_TRUE(service_->RecordPayment(reviewer_, application->id).ok());
  auto label = service_->IssueLabel(reviewer_, application->id);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  EXPECT_EQ(label->level, "star1");
  // ★1 says 自己適合宣言 and names no lab.
  ASSERT_TRUE(label->certification.has_value());
  EXPECT_FALSE(label->certification->third_party);
  EXPECT_EQ(label->certification->evaluation_lab, "");
  auto record = service_->GetSignedLabelRecord(label->registration_number);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  auto certification = nlohmann::json::parse(*record)["record"]["certification"];
  EXPECT_EQ(certification["kind"], "self-declaration");
  EXPECT_EQ(certification["name_ja"], "自己適合宣言");
  EXPECT_FALSE(certification.contains("evaluation_lab"));
}

}  // namespace
}  // namespace iotmark::registry
