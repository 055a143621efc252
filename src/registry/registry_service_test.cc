// The registry's domain behaviour through RegistryService: the application
// flow, every label lifecycle rule against a FakeClock, security information,
// vulnerability reports and logins.
#include <gtest/gtest.h>

#include "registry/registration_number.h"
#include "registry/test_fixture.h"

namespace iotmark::registry {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr auto kDay = hours(24);

class RegistryServiceTest : public RegistryFixture {};

bool HasEvent(const Label& label, std::string_view kind) {
  for (const LabelEvent& event : label.history) {
    if (event.kind == kind) return true;
  }
  return false;
}

TEST_F(RegistryServiceTest, FullFlowIssuesAnActiveLabel) {
  std::int64_t product = MakeProduct(vendor_a_);
  NewApplication input;
  input.product_id = product;
  input.checklist_json = R"({"scheme":"jcstar-star1"})";
  auto application = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(application.ok()) << application.status().ToString();
  EXPECT_EQ(application->state, ApplicationState::kDraft);
  auto label = RunToIssue(vendor_a_, application->id);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  EXPECT_TRUE(ParseRegistrationNumber(label->registration_number).ok());
  EXPECT_EQ(label->registration_number.substr(0, 10), "JCS1-2026-");
  EXPECT_EQ(label->status, LabelStatus::kActive);
  EXPECT_EQ(label->issued_at, clock_.Now());
  EXPECT_EQ(label->valid_until, *ParseIso8601("2028-04-01T00:00:00Z"));
  EXPECT_EQ(label->vendor_name, "サンプル電機株式会社");
  EXPECT_EQ(label->model_number, "SC-100");
  ASSERT_EQ(label->history.size(), 1u);
  EXPECT_EQ(label->history[0].kind, "issued");
  EXPECT_EQ(label->history[0].actor_email, reviewer_.email);
  EXPECT_EQ(label->history[0].log_index, 0);
  auto issued = service_->GetApplication(vendor_a_, application->id);
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->state, ApplicationState::kLabelIssued);
  EXPECT_EQ(issued->fee_amount_jpy, 198000);  // the catalog's fee for 2026
  EXPECT_EQ(issued->history.size(), 8u);      // created + 7 steps
  EXPECT_EQ(issued->history.back().to, ApplicationState::kLabelIssued);
  // A second label gets the next number.
  auto second = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "SC-200"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(ParseRegistrationNumber(second->registration_number)->sequence,
            ParseRegistrationNumber(label->registration_number)->sequence + 1);
}

TEST_F(RegistryServiceTest, ShorterValidityOnRequestAndNoMoreThanTwoYears) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_), 12);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  EXPECT_EQ(label->valid_until, *ParseIso8601("2027-04-01T00:00:00Z"));
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_, "SC-300");
  input.requested_validity_months = 25;
  EXPECT_EQ(service_->CreateApplication(vendor_a_, input).status().code(),
            StatusCode::kInvalidArgument);
  input.requested_validity_months = 0;
  EXPECT_EQ(service_->CreateApplication(vendor_a_, input).status().code(),
            StatusCode::kInvalidArgument);
  input.requested_validity_months = std::nullopt;
  input.level = "star9";
  EXPECT_EQ(service_->CreateApplication(vendor_a_, input).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RegistryServiceTest, RefusedApplicationStepsSayWhy) {
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_);
  input.checklist_json = "{}";
  auto application = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(application.ok());
  std::int64_t id = application->id;
  auto early = service_->AcceptApplication(reviewer_, id);
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("draft"), std::string::npos);
  EXPECT_EQ(service_->IssueLabel(reviewer_, id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->InvoiceFee(reviewer_, id).status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->SubmitApplication(vendor_a_, id).ok());
  EXPECT_EQ(service_->SubmitApplication(vendor_a_, id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->UpdateApplicationChecklist(vendor_a_, id, "{}").status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->StartSupplyChainInquiry(reviewer_, id).ok());
  EXPECT_EQ(service_->RecordInquiryResult(reviewer_, id, false, "").status().code(),
            StatusCode::kInvalidArgument);
  auto flagged = service_->RecordInquiryResult(reviewer_, id, false, "供給網リスクの懸念あり");
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(flagged->state, ApplicationState::kInquiryFlagged);
  EXPECT_EQ(flagged->inquiry_note, "供給網リスクの懸念あり");
  EXPECT_EQ(service_->AcceptApplication(reviewer_, id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->RejectApplication(reviewer_, id, " ").status().code(),
            StatusCode::kInvalidArgument);
  auto rejected = service_->RejectApplication(reviewer_, id, "照会結果による");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->state, ApplicationState::kRejected);
  EXPECT_EQ(rejected->rejection_reason, "照会結果による");
  EXPECT_EQ(service_->RejectApplication(reviewer_, id, "again").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->GetApplication(vendor_a_, 9999).status().code(), StatusCode::kNotFound);
}

TEST_F(RegistryServiceTest, SubmitRefusesAnInvalidChecklistNamingTheField) {
  NewApplication input;
  input.product_id = MakeProduct(vendor_a_);
  input.checklist_json = "{\"scheme\": ";
  auto application = service_->CreateApplication(vendor_a_, input);
  ASSERT_TRUE(application.ok());
  auto submitted = service_->SubmitApplication(vendor_a_, application->id);
  EXPECT_EQ(submitted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(submitted.status().message().find("/"), std::string::npos);
  EXPECT_FALSE(service_->ValidateChecklist("[1]").empty());
  EXPECT_TRUE(service_->ValidateChecklist("{}").empty());
  EXPECT_EQ(service_->GetApplication(vendor_a_, application->id)->state, ApplicationState::kDraft);
}

TEST_F(RegistryServiceTest, LabelExpiresAtTheEndOfItsValidity) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  const std::string number = label->registration_number;
  clock_.Set(label->valid_until - seconds(1));
  EXPECT_EQ(service_->GetLabel(number)->status, LabelStatus::kActive);
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 0);
  clock_.Set(label->valid_until);
  auto read = service_->GetLabel(number);
  EXPECT_EQ(read->status, LabelStatus::kExpired);  // computed on read
  EXPECT_FALSE(HasEvent(*read, "expired"));
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 1);
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 0);  // idempotent
  read = service_->GetLabel(number);
  EXPECT_EQ(read->status, LabelStatus::kExpired);
  ASSERT_TRUE(HasEvent(*read, "expired"));
  EXPECT_EQ(read->history.back().at, label->valid_until);
  EXPECT_EQ(read->history.back().actor_email, "system");
  auto withdraw = service_->WithdrawLabel(vendor_a_, number, "too late");
  EXPECT_EQ(withdraw.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->OpenSurveillance(reviewer_, number, "x", clock_.Now() + kDay).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(RegistryServiceTest, RefusedChangeStillRecordsTheDueExpiry) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  clock_.Set(label->valid_until + kDay);
  EXPECT_FALSE(service_->WithdrawLabel(vendor_a_, label->registration_number, "x").ok());
  EXPECT_TRUE(HasEvent(*service_->GetLabel(label->registration_number), "expired"));
}

TEST_F(RegistryServiceTest, ExtensionBeforeTheEndMovesTheValidity) {
  std::int64_t product = MakeProduct(vendor_a_);
  auto label = IssueNewLabel(vendor_a_, product);
  ASSERT_TRUE(label.ok());
  clock_.Set(label->valid_until - 30 * kDay);
  NewApplication extension;
  extension.product_id = product;
  extension.kind = ApplicationKind::kExtension;
  extension.label_registration_number = label->registration_number;
  extension.checklist_json = "{}";
  auto application = service_->CreateApplication(vendor_a_, extension);
  ASSERT_TRUE(application.ok()) << application.status().ToString();
  auto extended = RunToIssue(vendor_a_, application->id);
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  EXPECT_EQ(extended->registration_number, label->registration_number);
  EXPECT_EQ(extended->valid_until, *ParseIso8601("2030-04-01T00:00:00Z"));
  EXPECT_TRUE(HasEvent(*extended, "extended"));
  EXPECT_EQ(service_->GetApplication(vendor_a_, application->id)->fee_amount_jpy, 55000);
  clock_.Set(label->valid_until + kDay);
  EXPECT_EQ(service_->GetLabel(label->registration_number)->status, LabelStatus::kActive);
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 0);
}

// The history as read carries the workflow's wording of what the registry
// stored (registry/label_event_text.h): issue, extension, withdrawal.
TEST_F(RegistryServiceTest, HistoryReadsInTheWorkflowsWording) {
  std::int64_t product = MakeProduct(vendor_a_);
  auto label = IssueNewLabel(vendor_a_, product);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  const std::string number = label->registration_number;
  clock_.Set(label->valid_until - 30 * kDay);
  NewApplication extension;
  extension.product_id = product;
  extension.kind = ApplicationKind::kExtension;
  extension.label_registration_number = number;
  extension.checklist_json = "{}";
  auto application = service_->CreateApplication(vendor_a_, extension);
  ASSERT_TRUE(application.ok()) << application.status().ToString();
  ASSERT_TRUE(RunToIssue(vendor_a_, application->id).ok());
  ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, number, "販売終了").ok());
  auto read = service_->GetLabel(number);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->history.size(), 3u);
  // Issued 2026-04-01T00:00Z for 24 months: the last day is 2028-04-01 in Japan.
  EXPECT_EQ(
      read->history[0].summary_ja,
      "ラベル付与（申請 " + std::to_string(label->application_id) + "）。有効期限 2028年4月1日");
  EXPECT_EQ(read->history[0].summary_en, "Label issued (application " +
                                             std::to_string(label->application_id) +
                                             "); valid until 1 April 2028");
  EXPECT_EQ(read->history[1].summary_ja,
            "有効期間延長（申請 " + std::to_string(application->id) + "）。有効期限 2030年4月1日");
  EXPECT_EQ(read->history[2].summary_ja, "取下げ：販売終了");
  EXPECT_EQ(read->history[2].summary_en, "Withdrawn: 販売終了");
  // The stored reason (signed into the log) is unchanged.
  EXPECT_EQ(read->history[2].reason, "vendor request / 自主取下げ: 販売終了");
}

TEST_F(RegistryServiceTest, ExtensionAfterTheEndIsRefused) {
  std::int64_t product = MakeProduct(vendor_a_);
  auto label = IssueNewLabel(vendor_a_, product);
  ASSERT_TRUE(label.ok());
  NewApplication extension;
  extension.product_id = product;
  extension.kind = ApplicationKind::kExtension;
  extension.label_registration_number = label->registration_number;
  auto early = service_->CreateApplication(vendor_a_, extension);
  ASSERT_TRUE(early.ok());
  clock_.Set(label->valid_until);
  EXPECT_EQ(service_->CreateApplication(vendor_a_, extension).status().code(),
            StatusCode::kFailedPrecondition);
  // A draft made in time cannot be submitted after the end either.
  ASSERT_TRUE(service_->UpdateApplicationChecklist(vendor_a_, early->id, "{}").ok());
  EXPECT_EQ(service_->SubmitApplication(vendor_a_, early->id).status().code(),
            StatusCode::kFailedPrecondition);
  extension.label_registration_number = std::nullopt;
  EXPECT_EQ(service_->CreateApplication(vendor_a_, extension).status().code(),
            StatusCode::kInvalidArgument);
  extension.label_registration_number = "JCS1-2026-000001-9";
  EXPECT_EQ(service_->CreateApplication(vendor_a_, extension).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RegistryServiceTest, VendorRequestAndSpecificationChangeWithdraw) {
  auto first = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "A-1"));
  auto second = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "A-2"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(service_->WithdrawLabel(vendor_a_, first->registration_number, "").status().code(),
            StatusCode::kInvalidArgument);
  auto withdrawn = service_->WithdrawLabel(vendor_a_, first->registration_number, "販売終了");
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_EQ(withdrawn->status, LabelStatus::kWithdrawn);
  EXPECT_EQ(withdrawn->history.back().from, LabelStatus::kActive);
  EXPECT_EQ(withdrawn->history.back().actor_email, vendor_a_.email);
  auto changed =
      service_->ReportSpecificationChange(vendor_a_, second->registration_number, "認証方式を変更");
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->status, LabelStatus::kWithdrawn);
  EXPECT_NE(changed->history.back().reason.find("認証方式を変更"), std::string::npos);
  EXPECT_EQ(service_->WithdrawLabel(vendor_a_, first->registration_number, "x").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->CloseSurveillance(reviewer_, first->registration_number, "x").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(RegistryServiceTest, SurveillanceClosedReturnsToActive) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  const std::string number = label->registration_number;
  EXPECT_EQ(service_->CloseSurveillance(reviewer_, number, "x").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->RevokeLabel(reviewer_, number, "x").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->SubmitSurveillanceEvidence(vendor_a_, number, "x").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->OpenSurveillance(reviewer_, number, "証跡", clock_.Now()).status().code(),
            StatusCode::kInvalidArgument);  // deadline not in the future
  auto opened = service_->OpenSurveillance(reviewer_, number, "S1.1-04 の証跡を提出してください",
                                           clock_.Now() + 14 * kDay);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->status, LabelStatus::kUnderSurveillance);
  ASSERT_TRUE(opened->surveillance);
  EXPECT_EQ(opened->surveillance->deadline, clock_.Now() + 14 * kDay);
  EXPECT_EQ(
      service_->OpenSurveillance(reviewer_, number, "again", clock_.Now() + kDay).status().code(),
      StatusCode::kFailedPrecondition);
  clock_.Advance(3 * kDay);
  auto evidence = service_->SubmitSurveillanceEvidence(vendor_a_, number, "試験報告書を提出");
  ASSERT_TRUE(evidence.ok());
  EXPECT_EQ(evidence->surveillance->evidence, "試験報告書を提出");
  auto closed = service_->CloseSurveillance(reviewer_, number, "是正を確認");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, LabelStatus::kActive);
  EXPECT_FALSE(closed->surveillance);
  EXPECT_TRUE(HasEvent(*closed, "surveillance-closed"));
}

TEST_F(RegistryServiceTest, SurveillanceDeadlineWithoutRemediationRevokes) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  const std::string number = label->registration_number;
  TimePoint deadline = clock_.Now() + 14 * kDay;
  ASSERT_TRUE(service_->OpenSurveillance(reviewer_, number, "証跡提出", deadline).ok());
  clock_.Set(deadline - seconds(1));
  EXPECT_EQ(service_->GetLabel(number)->status, LabelStatus::kUnderSurveillance);
  clock_.Set(deadline);
  EXPECT_EQ(service_->GetLabel(number)->status, LabelStatus::kRevoked);
  EXPECT_EQ(service_->CloseSurveillance(reviewer_, number, "too late").status().code(),
            StatusCode::kFailedPrecondition);
  auto read = service_->GetLabel(number);
  EXPECT_EQ(read->status, LabelStatus::kRevoked);
  ASSERT_TRUE(HasEvent(*read, "revoked"));
  EXPECT_EQ(read->history.back().at, deadline);
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 0);  // already recorded
}

TEST_F(RegistryServiceTest, EvidenceInTimeWaitsForTheOperatorWhoMayRevoke) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  const std::string number = label->registration_number;
  TimePoint deadline = clock_.Now() + 14 * kDay;
  ASSERT_TRUE(service_->OpenSurveillance(reviewer_, number, "証跡提出", deadline).ok());
  ASSERT_TRUE(service_->SubmitSurveillanceEvidence(vendor_a_, number, "報告書").ok());
  clock_.Set(deadline + kDay);
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 0);
  EXPECT_EQ(service_->GetLabel(number)->status, LabelStatus::kUnderSurveillance);
  EXPECT_EQ(service_->RevokeLabel(reviewer_, number, "").status().code(),
            StatusCode::kInvalidArgument);
  auto revoked = service_->RevokeLabel(reviewer_, number, "是正が不十分");
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->status, LabelStatus::kRevoked);
  EXPECT_EQ(revoked->history.back().actor_email, reviewer_.email);
}

TEST_F(RegistryServiceTest, RunExpirySweepsManyLabels) {
  std::vector<std::string> numbers;
  for (int i = 0; i < 3; ++i) {
    auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "M-" + std::to_string(i)), 6 + i);
    ASSERT_TRUE(label.ok());
    numbers.push_back(label->registration_number);
  }
  clock_.Set(*ParseIso8601("2026-11-15T00:00:00Z"));  // after 6 and 7 months, before 8
  EXPECT_EQ(*service_->RunExpiry(clock_.Now()), 2);
  EXPECT_EQ(service_->GetLabel(numbers[2])->status, LabelStatus::kActive);
  LabelQuery query;
  query.status = LabelStatus::kExpired;
  EXPECT_EQ(service_->SearchLabels(query)->total, 2);
}

TEST_F(RegistryServiceTest, FirmwareVersionCanBeMarkedNotCovered) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  EXPECT_EQ(service_->SetFirmwareCoverage(vendor_a_, label->registration_number, "1.0.0", false, "")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  auto marked = service_->SetFirmwareCoverage(vendor_a_, label->registration_number, "1.0.0", false,
                                              "既知の脆弱性あり、1.1.0 へ更新");
  ASSERT_TRUE(marked.ok()) << marked.status().ToString();
  ASSERT_EQ(marked->firmware_versions.size(), 2u);
  EXPECT_FALSE(marked->firmware_versions[0].covered);
  EXPECT_TRUE(marked->firmware_versions[1].covered);
  EXPECT_TRUE(HasEvent(*marked, "firmware-coverage"));
  EXPECT_EQ(service_->SetFirmwareCoverage(vendor_a_, label->registration_number, "9.9", false, "x")
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(RegistryServiceTest, SearchFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IssueNewLabel(vendor_a_, MakeProduct(vendor_a_, "CAM-" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(IssueNewLabel(vendor_b_, MakeProduct(vendor_b_, "ROUTER-1")).ok());
  LabelQuery query;
  query.text = "cam-";
  query.page_size = 2;
  auto page = service_->SearchLabels(query);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, std::nullopt);  // not counted while more pages follow
  EXPECT_TRUE(page->has_next_page);
  ASSERT_EQ(page->labels.size(), 2u);
  EXPECT_EQ(page->labels[0].model_number, "CAM-4");  // newest first
  query.page = 3;
  auto last = service_->SearchLabels(query);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->labels.size(), 1u);
  EXPECT_FALSE(last->has_next_page);
  EXPECT_EQ(last->total, 5);  // known on the last page
  query.page = 4;
  EXPECT_TRUE(service_->SearchLabels(query)->labels.empty());
  EXPECT_EQ(service_->SearchLabels(query)->total, std::nullopt);
  LabelQuery by_vendor;
  by_vendor.vendor = "other";
  EXPECT_EQ(service_->SearchLabels(by_vendor)->total, 1);
  LabelQuery japanese;
  japanese.text = "サンプル";
  EXPECT_EQ(service_->SearchLabels(japanese)->total, 5);
  japanese.text = "サンプル CAM";  // every term must match
  EXPECT_EQ(service_->SearchLabels(japanese)->total, 5);
  japanese.text = "サンプル ROUTER";
  EXPECT_EQ(service_->SearchLabels(japanese)->total, 0);
  japanese.text = "電機";  // two characters: the LIKE fallback
  EXPECT_EQ(service_->SearchLabels(japanese)->total, 5);
  LabelQuery by_type;
  by_type.product_type = "no-such-type";
  EXPECT_EQ(service_->SearchLabels(by_type)->total, 0);
  LabelQuery by_number;
  by_number.text = page->labels[1].registration_number;
  auto found = service_->SearchLabels(by_number);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->labels.size(), 1u);
  EXPECT_EQ(found->labels[0].model_number, "CAM-3");
  LabelQuery many_terms;
  many_terms.text = "a b c d e f g h i j k";
  EXPECT_EQ(service_->SearchLabels(many_terms).status().code(), StatusCode::kInvalidArgument);
  LabelQuery wildcard;
  wildcard.text = "%";
  EXPECT_EQ(service_->SearchLabels(wildcard)->total, 0);
  LabelQuery bad;
  bad.page_size = 500;
  EXPECT_EQ(service_->SearchLabels(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->GetLabel("JCS1-2026-999999-0").status().code(), StatusCode::kNotFound);
}

TEST_F(RegistryServiceTest, SignedRecordVerifiesAndCarriesTheStatus) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  auto record = service_->GetSignedLabelRecord(label->registration_number);
  ASSERT_TRUE(record.ok());
  EXPECT_NE(record->find("\"status\": \"active\""), std::string::npos);
  ASSERT_TRUE(service_->WithdrawLabel(vendor_a_, label->registration_number, "販売終了").ok());
  auto after = service_->GetSignedLabelRecord(label->registration_number);
  EXPECT_NE(after->find("\"status\": \"withdrawn\""), std::string::npos);
}

TEST_F(RegistryServiceTest, SecurityInformationIsPublic) {
  std::int64_t product = MakeProduct(vendor_a_);
  auto label = IssueNewLabel(vendor_a_, product);
  ASSERT_TRUE(label.ok());
  ASSERT_TRUE(
      service_->AddUpdateRelease(vendor_a_, product, {"1.1.0", clock_.Now(), "認証の強化", true})
          .ok());
  ASSERT_TRUE(
      service_
          ->AddVulnerability(vendor_a_, product,
                             {"JVN#12345678", "high", "1.1.0", "https://sample.example/advisory/1"})
          .ok());
  EXPECT_EQ(service_->AddVulnerability(vendor_a_, product, {"X", "urgent", "", ""}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->AddVulnerability(vendor_a_, product, {"Y", "low", "", "javascript:alert(1)"})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  auto information = service_->GetSecurityInformation(label->registration_number);
  ASSERT_TRUE(information.ok());
  ASSERT_EQ(information->updates.size(), 1u);
  EXPECT_TRUE(information->updates[0].security_relevant);
  ASSERT_EQ(information->vulnerabilities.size(), 1u);
  EXPECT_EQ(information->vulnerabilities[0].fixed_in_version, "1.1.0");
}

TEST_F(RegistryServiceTest, VulnerabilityReportsAreRoutedAndTrackedAgainstThePolicy) {
  auto label = IssueNewLabel(vendor_a_, MakeProduct(vendor_a_));
  ASSERT_TRUE(label.ok());
  NewVulnerabilityReport input;
  input.registration_number = label->registration_number;
  input.reporter_email = "finder@research.example";
  input.summary = "管理画面に認証回避";
  auto report = service_->SubmitVulnerabilityReport(input);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->tracking_token.empty());
  EXPECT_EQ(report->organization_id, *vendor_a_.organization_id);
  EXPECT_EQ(report->acknowledge_due, clock_.Now() + 7 * kDay);
  EXPECT_FALSE(report->acknowledgement_overdue);
  EXPECT_TRUE(service_->ListVulnerabilityReports(vendor_b_)->empty());
  EXPECT_EQ(service_->ListVulnerabilityReports(vendor_a_)->size(), 1u);
  EXPECT_EQ(service_->AcknowledgeReport(vendor_b_, report->id, "").status().code(),
            StatusCode::kNotFound);
  clock_.Advance(8 * kDay);
  EXPECT_TRUE(service_->GetReportByToken(report->tracking_token)->acknowledgement_overdue);
  auto acknowledged = service_->AcknowledgeReport(vendor_a_, report->id, "受領しました");
  ASSERT_TRUE(acknowledged.ok());
  EXPECT_EQ(acknowledged->status, ReportStatus::kAcknowledged);
  EXPECT_TRUE(acknowledged->acknowledgement_overdue);  // late, and it stays on record
  EXPECT_EQ(acknowledged->next_update_due, clock_.Now() + 30 * kDay);
  EXPECT_EQ(service_->AcknowledgeReport(vendor_a_, report->id, "").status().code(),
            StatusCode::kFailedPrecondition);
  clock_.Advance(31 * kDay);
  EXPECT_TRUE(service_->GetReportByToken(report->tracking_token)->update_overdue);
  auto fixed = service_->UpdateReportStatus(vendor_a_, report->id, ReportStatus::kFixed, "1.1.1");
  ASSERT_TRUE(fixed.ok());
  EXPECT_FALSE(fixed->update_overdue);
  EXPECT_EQ(fixed->updates.size(), 2u);
  input.registration_number = "JCS1-2026-999999-0";
  EXPECT_EQ(service_->SubmitVulnerabilityReport(input).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->GetReportByToken("wrong").status().code(), StatusCode::kNotFound);
}

TEST_F(RegistryServiceTest, LoginSessionsAndThrottling) {
  // A fresh store: BootstrapAdmin only works on an empty one.
  ASSERT_TRUE(service_->BootstrapAdmin("Admin@Operator.example", "correct horse battery").ok());
  EXPECT_EQ(
      service_->BootstrapAdmin("second@operator.example", "correct horse battery").status().code(),
      StatusCode::kFailedPrecondition);
  auto login = service_->Login("admin@operator.example", "correct horse battery", "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->principal.role, Role::kOperatorAdmin);
  auto principal = service_->Authenticate(login->session.token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->email, "admin@operator.example");
  ASSERT_TRUE(service_->Logout(login->session.token).ok());
  EXPECT_EQ(service_->Authenticate(login->session.token).status().code(),
            StatusCode::kUnauthenticated);
  // Sessions expire.
  auto second = service_->Login("admin@operator.example", "correct horse battery", "127.0.0.1");
  ASSERT_TRUE(second.ok());
  clock_.Advance(hours(8));
  EXPECT_EQ(service_->Authenticate(second->session.token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->Authenticate("").status().code(), StatusCode::kUnauthenticated);
  // Five failures lock the account, even for the right password.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        service_->Login("admin@operator.example", "wrong password!", "10.1.1.1").status().code(),
        StatusCode::kUnauthenticated);
  }
  auto locked = service_->Login("admin@operator.example", "correct horse battery", "10.1.1.2");
  EXPECT_EQ(locked.status().code(), StatusCode::kResourceExhausted);
  ASSERT_TRUE(locked.status().retry_after().has_value());
  EXPECT_GE(*locked.status().retry_after(), seconds(1));
  EXPECT_LE(*locked.status().retry_after(), seconds(30));
  clock_.Advance(seconds(31));
  EXPECT_TRUE(service_->Login("admin@operator.example", "correct horse battery", "10.1.1.2").ok());
  // Unknown accounts answer like wrong passwords.
  EXPECT_EQ(service_->Login("nobody@x.example", "whatever12345", "10.1.1.3").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(RegistryServiceTest, UsersForVendorsAndDisabledAccounts) {
  auto user = service_->CreateUser(admin_, {"member@sample.example", "vendor password 1",
                                            Role::kVendorMember, vendor_a_.organization_id});
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(service_
                ->CreateUser(admin_, {"x@sample.example", "vendor password 1", Role::kVendorMember,
                                      std::nullopt})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_
                ->CreateUser(admin_, {"member@sample.example", "vendor password 1", Role::kAuditor,
                                      std::nullopt})
                .status()
                .code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(
      service_->CreateUser(admin_, {"short@sample.example", "short", Role::kAuditor, std::nullopt})
          .status()
          .code(),
      StatusCode::kInvalidArgument);
  auto login = service_->Login("member@sample.example", "vendor password 1", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->principal.organization_id, vendor_a_.organization_id);
  ASSERT_TRUE(service_->SetUserDisabled(admin_, user->id, true).ok());
  EXPECT_FALSE(service_->Authenticate(login->session.token).ok());
  EXPECT_FALSE(service_->Login("member@sample.example", "vendor password 1", "127.0.0.1").ok());
}

}  // namespace
}  // namespace iotmark::registry
