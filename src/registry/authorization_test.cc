// Authorisation inside the service: vendors reach only their own
// organisation, auditors change nothing, operator steps need an operator.
#include <gtest/gtest.h>

#include "registry/test_fixture.h"

namespace iotmark::registry {
namespace {

class AuthorizationTest : public RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    product_a_ = MakeProduct(vendor_a_);
    auto label = IssueNewLabel(vendor_a_, product_a_);
    ASSERT_TRUE(label.ok()) << label.status().ToString();
    label_a_ = label->registration_number;
    NewApplication input;
    input.product_id = MakeProduct(vendor_a_, "SC-DRAFT");
    input.checklist_json = "{}";
    auto draft = service_->CreateApplication(vendor_a_, input);
    ASSERT_TRUE(draft.ok());
    draft_a_ = draft->id;
  }

  std::int64_t product_a_ = 0;
  std::string label_a_;
  std::int64_t draft_a_ = 0;
};

TEST_F(AuthorizationTest, VendorCannotReadOrChangeAnotherVendorsData) {
  const Principal& b = vendor_b_;
  EXPECT_EQ(service_->GetProduct(b, product_a_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->GetApplication(b, draft_a_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->GetOrganization(b, *vendor_a_.organization_id).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->SubmitApplication(b, draft_a_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->UpdateApplicationChecklist(b, draft_a_, "{}").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->WithdrawLabel(b, label_a_, "sabotage").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->ReportSpecificationChange(b, label_a_, "x").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->SetFirmwareCoverage(b, label_a_, "1.0.0", false, "x").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->AddFirmwareVersion(b, product_a_, {"6.6.6", std::nullopt}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(
      service_->AddUpdateRelease(b, product_a_, {"9", clock_.Now(), "x", false}).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(service_->AddVulnerability(b, product_a_, {"CVE-1", "low", "", ""}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->CreateProduct(b, {*vendor_a_.organization_id, "X", "X", ""}).status().code(),
            StatusCode::kNotFound);
  NewApplication steal;
  steal.product_id = product_a_;
  EXPECT_EQ(service_->CreateApplication(b, steal).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(service_->ListProducts(b)->empty());
  EXPECT_TRUE(service_->ListApplications(b)->empty());
  EXPECT_TRUE(service_->ListLabels(b)->empty());
  EXPECT_EQ(service_->ListOrganizations(b)->size(), 1u);
  // Asking for another organisation's products still yields only its own.
  EXPECT_TRUE(service_->ListProducts(b, vendor_a_.organization_id)->empty());
  // Vendor A itself sees its data.
  EXPECT_EQ(service_->ListProducts(vendor_a_)->size(), 2u);
  EXPECT_EQ(service_->ListLabels(vendor_a_)->size(), 1u);
  // Labels are public.
  EXPECT_TRUE(service_->GetLabel(label_a_).ok());
}

TEST_F(AuthorizationTest, AuditorReadsEverythingAndChangesNothing) {
  const Principal& auditor = auditor_;
  EXPECT_EQ(service_->ListProducts(auditor)->size(), 2u);
  EXPECT_EQ(service_->ListApplications(auditor)->size(), 2u);
  EXPECT_TRUE(service_->GetApplication(auditor, draft_a_).ok());
  EXPECT_EQ(service_->ListOrganizations(auditor)->size(), 2u);
  auto denied = [](const auto& result) { return result.status().code(); };
  const StatusCode kDenied = StatusCode::kPermissionDenied;
  EXPECT_EQ(denied(service_->CreateOrganization(auditor, {"Z", "", "", {}})), kDenied);
  EXPECT_EQ(denied(service_->CreateProduct(auditor, {*vendor_a_.organization_id, "Z", "Z", ""})),
            kDenied);
  EXPECT_EQ(denied(service_->AddFirmwareVersion(auditor, product_a_, {"2.0", std::nullopt})),
            kDenied);
  NewApplication input;
  input.product_id = product_a_;
  EXPECT_EQ(denied(service_->CreateApplication(auditor, input)), kDenied);
  EXPECT_EQ(denied(service_->SubmitApplication(auditor, draft_a_)), kDenied);
  EXPECT_EQ(denied(service_->StartSupplyChainInquiry(auditor, draft_a_)), kDenied);
  EXPECT_EQ(denied(service_->RejectApplication(auditor, draft_a_, "x")), kDenied);
  EXPECT_EQ(denied(service_->IssueLabel(auditor, draft_a_)), kDenied);
  EXPECT_EQ(denied(service_->WithdrawLabel(auditor, label_a_, "x")), kDenied);
  EXPECT_EQ(denied(service_->OpenSurveillance(auditor, label_a_, "x",
                                              clock_.Now() + std::chrono::hours(48))),
            kDenied);
  EXPECT_EQ(denied(service_->RevokeLabel(auditor, label_a_, "x")), kDenied);
  EXPECT_EQ(denied(service_->SetFirmwareCoverage(auditor, label_a_, "1.0.0", false, "x")), kDenied);
  EXPECT_EQ(
      denied(service_->AddUpdateRelease(auditor, product_a_, {"9", clock_.Now(), "x", false})),
      kDenied);
  EXPECT_EQ(denied(service_->AddVulnerability(auditor, product_a_, {"CVE-1", "low", "", ""})),
            kDenied);
  EXPECT_EQ(denied(service_->CreateUser(
                auditor, {"a@b.example", "long enough pw", Role::kAuditor, std::nullopt})),
            kDenied);
  EXPECT_EQ(service_->SetDisclosurePolicy(auditor, *vendor_a_.organization_id, {}).code(), kDenied);
  EXPECT_EQ(service_->GetLabel(label_a_)->status, LabelStatus::kActive);  // unchanged
}

TEST_F(AuthorizationTest, OperatorStepsNeedAnOperatorAndAdminStepsAnAdmin) {
  ASSERT_TRUE(service_->SubmitApplication(vendor_a_, draft_a_).ok());
  EXPECT_EQ(service_->StartSupplyChainInquiry(vendor_a_, draft_a_).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(
      service_->OpenSurveillance(vendor_a_, label_a_, "x", clock_.Now() + std::chrono::hours(48))
          .status()
          .code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->RevokeLabel(vendor_a_, label_a_, "x").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->CreateOrganization(vendor_a_, {"Z", "", "", {}}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->CreateOrganization(reviewer_, {"Z", "", "", {}}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(
      service_
          ->CreateUser(reviewer_, {"a@b.example", "long enough pw", Role::kAuditor, std::nullopt})
          .status()
          .code(),
      StatusCode::kPermissionDenied);
  // Operators do not file or submit on a vendor's behalf.
  NewApplication input;
  input.product_id = product_a_;
  EXPECT_EQ(service_->CreateApplication(reviewer_, input).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->SubmitSurveillanceEvidence(reviewer_, label_a_, "x").status().code(),
            StatusCode::kPermissionDenied);
  // A vendor may set its own disclosure policy, not another's.
  DisclosurePolicy policy{14, 60, "https://sample.example/psirt"};
  EXPECT_TRUE(service_->SetDisclosurePolicy(vendor_a_, *vendor_a_.organization_id, policy).ok());
  EXPECT_EQ(service_->SetDisclosurePolicy(vendor_b_, *vendor_a_.organization_id, policy).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->GetOrganization(reviewer_, *vendor_a_.organization_id)
                ->disclosure_policy.acknowledge_within_days,
            14);
}

}  // namespace
}  // namespace iotmark::registry
