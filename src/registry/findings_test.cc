#include "registry/findings.h"

#include <gtest/gtest.h>

#include "registry/mail_outbox.h"
#include "registry/test_fixture.h"

namespace iotmark::registry {
namespace {

constexpr const char* kSbom = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[
  {"name":"openssl","version":"3.0.7","purl":"pkg:generic/openssl@3.0.7",
   "cpe":"cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*"},
  {"name":"busybox","version":"1.37.0","purl":"pkg:generic/busybox@1.37.0"},
  {"name":"README","version":"1"}]})";

class FindingsTest : public RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    auto repositories = persistence::MakeRepositories(*store_);
    ASSERT_TRUE(repositories.ok()) << repositories.status().ToString();
    repositories_ = *repositories;
    findings_ = std::make_unique<FindingsService>(*store_, clock_, *repositories);
    product_ = MakeProduct(vendor_a_);
  }

  NewFinding Match(const MonitoredComponent& component, const std::string& cve) {
    NewFinding match;
    match.component = component;
    match.component_ref = component.cpe.empty() ? component.purl : component.cpe;
    match.cve_id = cve;
    match.base_score = 7.4;
    match.severity = "HIGH";
    match.matched_criteria = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
    match.version_range = ">= 3.0.0, < 3.0.8";
    return match;
  }

  // Attaches kSbom to 1.0.0 and records one finding for openssl.
  Finding RecordOpensslFinding() {
    auto attached = findings_->AttachSbom(vendor_a_, product_, "1.0.0", kSbom);
    EXPECT_TRUE(attached.ok()) << attached.status().ToString();
    auto components = findings_->ListMonitoredComponents();
    EXPECT_TRUE(components.ok());
    auto recorded = findings_->RecordMatches({Match(components->at(0), "CVE-2023-0286")});
    EXPECT_TRUE(recorded.ok()) << recorded.status().ToString();
    auto list = findings_->ListFindings(vendor_a_);
    EXPECT_TRUE(list.ok());
    return list->at(0);
  }

  Repositories repositories_;
  std::unique_ptr<FindingsService> findings_;
  std::int64_t product_ = 0;
};

TEST_F(FindingsTest, AttachKeepsComponentsWithIdentifiersAndIsPrivate) {
  auto attached = findings_->AttachSbom(vendor_a_, product_, "1.0.0", kSbom);
  ASSERT_TRUE(attached.ok()) << attached.status().ToString();
  EXPECT_EQ(attached->format, "cyclonedx");
  EXPECT_EQ(attached->total_components, 3);
  EXPECT_EQ(attached->kept_components, 2);
  auto components = findings_->ListMonitoredComponents();
  ASSERT_TRUE(components.ok());
  ASSERT_EQ(components->size(), 2u);
  EXPECT_EQ(components->at(0).firmware_version, "1.0.0");
  EXPECT_EQ(components->at(0).cpe, "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*");
  EXPECT_EQ(components->at(1).purl, "pkg:generic/busybox@1.37.0");

  // Another vendor neither reads nor replaces it; the auditor reads only.
  EXPECT_EQ(findings_->GetSbomDocument(vendor_b_, product_, "1.0.0").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(findings_->AttachSbom(vendor_b_, product_, "1.0.0", kSbom).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(findings_->AttachSbom(auditor_, product_, "1.0.0", kSbom).status().code(),
            StatusCode::kPermissionDenied);
  auto document = findings_->GetSbomDocument(auditor_, product_, "1.0.0");
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(*document, kSbom);
  EXPECT_EQ(findings_->GetSbomDocument(vendor_a_, product_, "1.1.0").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(findings_->AttachSbom(vendor_a_, product_, "9.9", kSbom).status().code(),
            StatusCode::kNotFound);

  // The public sees only that one is kept.
  auto monitoring = findings_->GetPublicMonitoring(product_);
  ASSERT_TRUE(monitoring.ok());
  ASSERT_EQ(monitoring->firmware.size(), 2u);
  EXPECT_TRUE(monitoring->firmware[0].sbom_kept);
  EXPECT_FALSE(monitoring->firmware[1].sbom_kept);

  // Re-attaching replaces the components.
  ASSERT_TRUE(findings_
                  ->AttachSbom(vendor_a_, product_, "1.0.0",
                               R"({"bomFormat":"CycloneDX","specVersion":"1.6",
                                        "components":[{"name":"zlib","purl":"pkg:generic/zlib@1.3"}]})")
                  .ok());
  components = findings_->ListMonitoredComponents();
  ASSERT_TRUE(components.ok());
  ASSERT_EQ(components->size(), 1u);
  EXPECT_EQ(components->at(0).version, "1.3");
}

TEST_F(FindingsTest, MalformedSbomIsRefusedWithThePathAndNothingStored) {
  auto attached = findings_->AttachSbom(
      vendor_a_, product_, "1.0.0",
      R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":7}]})");
  ASSERT_FALSE(attached.ok());
  EXPECT_EQ(attached.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(attached.status().field(), "$.components[0].name");
  auto sboms = findings_->ListSboms(vendor_a_, product_);
  ASSERT_TRUE(sboms.ok());
  EXPECT_TRUE(sboms->empty());
}

TEST_F(FindingsTest, NewMatchesBecomeFindingsOnceWithTheDeadlineAndAMail) {
  Finding finding = RecordOpensslFinding();
  EXPECT_EQ(finding.cve_id, "CVE-2023-0286");
  EXPECT_EQ(finding.status, FindingStatus::kNew);
  EXPECT_EQ(finding.acknowledge_due, clock_.Now() + std::chrono::days(7));  // default policy
  EXPECT_FALSE(finding.triage_overdue);
  EXPECT_EQ(finding.public_state, "");

  auto components = findings_->ListMonitoredComponents();
  auto again = findings_->RecordMatches({Match(components->at(0), "CVE-2023-0286")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_findings, 0);
  EXPECT_EQ(again->mails_queued, 0);

  MailOutbox outbox(*store_, repositories_.mail_outbox);
  auto mails = outbox.List(10);
  ASSERT_TRUE(mails.ok());
  ASSERT_EQ(mails->size(), 1u);
  EXPECT_EQ(mails->at(0).recipient, "psirt@sample.example");
  EXPECT_NE(mails->at(0).body.find("CVE-2023-0286"), std::string::npos);

  // Vendor B sees none of it; the operator sees all.
  EXPECT_TRUE(findings_->ListFindings(vendor_b_)->empty());
  EXPECT_EQ(findings_->ListFindings(reviewer_)->size(), 1u);
  EXPECT_EQ(findings_->TriageFinding(vendor_b_, finding.id, {FindingStatus::kAffected, "", "", "", ""})
                .status()
                .code(),
            StatusCode::kNotFound);
  // Before the deadline nothing is public.
  EXPECT_TRUE(findings_->GetPublicMonitoring(product_)->findings.empty());
}

TEST_F(FindingsTest, TriageFollowsTheVexRules) {
  Finding finding = RecordOpensslFinding();
  auto refused =
      findings_->TriageFinding(vendor_a_, finding.id, {FindingStatus::kNotAffected, "", "", "", ""});
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "justification");
  EXPECT_EQ(refused.status().message().rfind("justification", 0), std::string::npos);
  EXPECT_FALSE(findings_
                   ->TriageFinding(vendor_a_, finding.id,
                                   {FindingStatus::kNotAffected, "because", "", "", ""})
                   .ok());
  EXPECT_FALSE(
      findings_->TriageFinding(vendor_a_, finding.id, {FindingStatus::kFixed, "", "", "", ""})
          .ok());
  EXPECT_EQ(
      findings_->TriageFinding(vendor_a_, finding.id, {FindingStatus::kFixed, "", "2.0", "", ""})
          .status()
          .code(),
      StatusCode::kNotFound);
  EXPECT_FALSE(
      findings_->TriageFinding(vendor_a_, finding.id, {FindingStatus::kFixed, "", "1.0.0", "", ""})
          .ok());
  EXPECT_FALSE(
      findings_->TriageFinding(vendor_a_, finding.id, {FindingStatus::kNew, "", "", "", ""}).ok());

  auto not_affected = findings_->TriageFinding(
      vendor_a_, finding.id,
      {FindingStatus::kNotAffected, "vulnerable_code_not_in_execute_path", "", "CRL checks off", ""});
  ASSERT_TRUE(not_affected.ok()) << not_affected.status().ToString();
  EXPECT_EQ(not_affected->justification, "vulnerable_code_not_in_execute_path");
  auto fixed = findings_->TriageFinding(vendor_a_, finding.id,
                                        {FindingStatus::kFixed, "", "1.1.0", "OpenSSL 3.0.8", ""});
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_EQ(fixed->status, FindingStatus::kFixed);
  EXPECT_EQ(fixed->fixed_in_version, "1.1.0");
  EXPECT_EQ(fixed->justification, "");
  EXPECT_TRUE(fixed->triaged_at.has_value());
  EXPECT_NE(fixed->public_state.find("fixed in 1.1.0"), std::string::npos);
  EXPECT_NE(fixed->public_state.find("vendor statement"), std::string::npos);

  // Affected: the remediation the vendor offers, spelled as CSAF does;
  // mitigation and workaround need the vendor's text.
  auto bad_remediation = findings_->TriageFinding(
      vendor_a_, finding.id, {FindingStatus::kAffected, "", "", "x", "patch-soon"});
  EXPECT_EQ(bad_remediation.status().field(), "remediation");
  auto no_text = findings_->TriageFinding(vendor_a_, finding.id,
                                          {FindingStatus::kAffected, "", "", " ", "mitigation"});
  EXPECT_EQ(no_text.status().field(), "note");
  EXPECT_EQ(findings_
                ->TriageFinding(vendor_a_, finding.id,
                                {FindingStatus::kFixed, "", "1.1.0", "", "workaround"})
                .status()
                .field(),
            "remediation");
  auto mitigated = findings_->TriageFinding(
      vendor_a_, finding.id, {FindingStatus::kAffected, "", "", "Disable CRL checks", "mitigation"});
  ASSERT_TRUE(mitigated.ok()) << mitigated.status().ToString();
  EXPECT_EQ(mitigated->remediation, "mitigation");
  EXPECT_NE(mitigated->public_state.find("mitigation"), std::string::npos);
  EXPECT_EQ(findings_->ListProductFindings(product_)->at(0).remediation, "mitigation");
  ASSERT_TRUE(findings_
                  ->TriageFinding(vendor_a_, finding.id,
                                  {FindingStatus::kFixed, "", "1.1.0", "OpenSSL 3.0.8", ""})
                  .ok());

  auto published = findings_->ListProductFindings(product_);
  ASSERT_TRUE(published.ok());
  ASSERT_EQ(published->size(), 1u);
  EXPECT_EQ(published->at(0).status, FindingStatus::kFixed);
  EXPECT_EQ(findings_->GetPublicMonitoring(product_)->findings.size(), 1u);
}

TEST_F(FindingsTest, SilencePastTheDeadlineShowsAsUnderInvestigationInTheChangeStream) {
  auto label = IssueNewLabel(vendor_a_, product_);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  Finding finding = RecordOpensslFinding();
  EXPECT_EQ(*findings_->RecordOverdueFindings(clock_.Now()), 0);
  EXPECT_TRUE(findings_->ListOverdueFindings(reviewer_)->empty());

  clock_.Advance(std::chrono::days(7));
  auto overdue = findings_->ListOverdueFindings(reviewer_);
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_TRUE(overdue->at(0).triage_overdue);
  EXPECT_EQ(overdue->at(0).public_state, "調査中 / under investigation");
  EXPECT_EQ(findings_->ListOverdueFindings(auditor_)->size(), 1u);
  EXPECT_EQ(findings_->ListOverdueFindings(vendor_a_).status().code(),
            StatusCode::kPermissionDenied);

  auto before = service_->ListChanges(0, 1000);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*findings_->RecordOverdueFindings(clock_.Now()), 1);
  EXPECT_EQ(*findings_->RecordOverdueFindings(clock_.Now()), 0);  // once per finding
  auto after = service_->ListChanges(before->latest_sequence, 1000);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->changes.size(), 1u);
  EXPECT_EQ(after->changes[0].kind, "finding-under-investigation");
  EXPECT_EQ(after->changes[0].registration_number, label->registration_number);
  EXPECT_NE(after->changes[0].summary.find("CVE-2023-0286"), std::string::npos);
  EXPECT_NE(after->changes[0].summary.find("調査中 / under investigation"), std::string::npos);
  EXPECT_EQ(after->changes[0].at, finding.acknowledge_due);
  auto monitoring = findings_->GetPublicMonitoring(product_);
  ASSERT_EQ(monitoring->findings.size(), 1u);

  // Triage ends the overdue state and is itself a change.
  ASSERT_TRUE(
      findings_
          ->TriageFinding(vendor_a_, finding.id, {FindingStatus::kUnderInvestigation, "", "", "", ""})
          .ok());
  EXPECT_TRUE(findings_->ListOverdueFindings(reviewer_)->empty());
  auto triaged = service_->ListChanges(after->latest_sequence, 1000);
  ASSERT_EQ(triaged->changes.size(), 1u);
  EXPECT_EQ(triaged->changes[0].kind, "finding-triaged");
}

TEST_F(FindingsTest, DeviceTestServicesAreMonitored) {
  const char* report = R"({"cases":[{"id":"S1.1-13-vulnerabilities","measurements":{"services":[
      {"port":21,"identified":true,"product":"vsftpd","version":"2.3.4","cpes":["cpe:/a:vsftpd:vsftpd:2.3.4"]},
      {"port":8080,"identified":false,"banner":"?"}]}},{"id":"other","measurements":{}}]})";
  auto kept = findings_->AttachDeviceTestReport(vendor_a_, product_, "1.0.0", report);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(*kept, 1);
  auto components = findings_->ListMonitoredComponents();
  ASSERT_EQ(components->size(), 1u);
  EXPECT_EQ(components->at(0).source, "device-test");
  EXPECT_EQ(components->at(0).cpe, "cpe:/a:vsftpd:vsftpd:2.3.4");
  EXPECT_EQ(components->at(0).version, "2.3.4");
  auto bad = findings_->AttachDeviceTestReport(
      vendor_a_, product_, "1.0.0",
      R"({"cases":[{"measurements":{"services":[{"identified":true,"port":"x"}]}}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "$.cases[0].measurements.services[0].port");
}

TEST_F(FindingsTest, VulnerabilityReportsAreMailedToTheContact) {
  auto label = IssueNewLabel(vendor_a_, product_);
  ASSERT_TRUE(label.ok());
  NewVulnerabilityReport report;
  report.registration_number = label->registration_number;
  report.summary = "telnet open";
  ASSERT_TRUE(service_->SubmitVulnerabilityReport(report).ok());
  MailOutbox outbox(*store_, repositories_.mail_outbox);
  auto due = outbox.ClaimDue(clock_.Now(), 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->at(0).recipient, "psirt@sample.example");
  EXPECT_NE(due->at(0).body.find("telnet open"), std::string::npos);
  EXPECT_TRUE(outbox.ClaimDue(clock_.Now(), 10)->empty());  // leased
  ASSERT_TRUE(outbox.MarkFailed(due->at(0).id, "connection refused", clock_.Now()).ok());
  clock_.Advance(std::chrono::seconds(61));
  auto retry = outbox.ClaimDue(clock_.Now(), 10);
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ(retry->at(0).attempts, 1);
  ASSERT_TRUE(outbox.MarkSent(retry->at(0).id, clock_.Now()).ok());
  clock_.Advance(std::chrono::hours(2));
  EXPECT_TRUE(outbox.ClaimDue(clock_.Now(), 10)->empty());
}

}  // namespace
}  // namespace iotmark::registry
