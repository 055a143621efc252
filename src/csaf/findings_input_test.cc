// Findings with the vendor's VEX triage → CSAF statements: each triage kind
// gives its product status, remediation, flag and impact statement on real
// per-version product ids; private findings say nothing; every triage (and
// the silence past a deadline) is a revision. Independent validation of
// documents built this way runs in tests/csaf.
#include "csaf/findings_input.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "csaf/document.h"
#include "csaf/registry_input.h"
#include "csaf/test_input.h"

namespace iotmark::csaf {
namespace {

using nlohmann::json;
using registry::Finding;
using registry::FindingStatus;
using testing::At;
using testing::TestPublisher;

constexpr std::int64_t kFound = 1790000000;

registry::Label CameraLabel() {
  registry::Label label;
  label.registration_number = "JCS1-2026-000042-5";
  label.product_id = 4;
  label.product_name = "ネットワークカメラ";
  label.model_number = "NC-42";
  label.vendor_name = "サンプル株式会社";
  for (std::string version : {"1.0.0", "1.1.0", "1.2.0", "1.10.0"}) {
    registry::FirmwareVersion firmware;
    firmware.version = version;
    label.firmware_versions.push_back(firmware);
  }
  return label;
}

// A finding on `firmware` triaged as `status` (public_state set as the
// registry sets it for a triaged finding).
Finding Triaged(std::int64_t id, const std::string& firmware, FindingStatus status) {
  Finding finding;
  finding.id = id;
  finding.product_id = 4;
  finding.firmware_version = firmware;
  finding.source = "sbom";
  finding.component = "openssl";
  finding.component_version = "3.0.7";
  finding.component_ref = "pkg:generic/openssl@3.0.7";
  finding.cve_id = "CVE-2023-0286";
  finding.severity = "HIGH";
  finding.description = "There is a type confusion vulnerability relating to X.400 address "
                        "processing inside an X.509 GeneralName.";
  finding.found_at = At(kFound);
  finding.acknowledge_due = At(kFound + 7 * 86400);
  finding.status = status;
  finding.triaged_at = At(kFound + 3600);
  finding.public_state = "(set)";
  return finding;
}

LabelSecurityData WithFindings(std::vector<Finding> findings) {
  LabelSecurityData data;
  data.label = CameraLabel();
  for (const Finding& finding : findings) {
    data.changes.push_back({static_cast<std::int64_t>(data.changes.size() + 1),
                            data.label.registration_number, "finding-triaged", "active",
                            *finding.triaged_at, registry::FindingSubject(finding) + ": state"});
  }
  data.findings = std::move(findings);
  return data;
}

// The single VEX document's input (fails the test when there is not one).
ProductInput VexOf(const LabelSecurityData& data) {
  auto inputs = InputsFromRegistry(data, "http://127.0.0.1:1");
  EXPECT_EQ(inputs.size(), 1u);
  if (inputs.empty()) return {};
  EXPECT_EQ(inputs[0].category, Category::kVex);
  return inputs[0].input;
}

const VersionAssessment* Of(const VulnerabilityInput& v, const std::string& version) {
  for (const auto& a : v.assessments) {
    if (a.version == version) return &a;
  }
  return nullptr;
}

json Built(const LabelSecurityData& data) {
  auto documents = DocumentsFromRegistry(data, TestPublisher());
  EXPECT_TRUE(documents.ok()) << documents.status().message();
  if (!documents.ok() || documents->empty()) return json();
  return json::parse(documents->front().json);
}

// The product_version branches of a document's product tree.
json TreeVersions(const json& doc) {
  return doc["product_tree"]["branches"][0]["branches"][0]["branches"];
}

TEST(CsafFindings, AffectedCarriesTheVendorsRemediationAndText) {
  for (auto [name, category] : {std::pair{"mitigation", RemediationCategory::kMitigation},
                                std::pair{"workaround", RemediationCategory::kWorkaround},
                                std::pair{"none_available", RemediationCategory::kNoneAvailable},
                                std::pair{"", RemediationCategory::kNoneAvailable},
                                std::pair{"no_fix_planned", RemediationCategory::kNoFixPlanned}}) {
    Finding finding = Triaged(1, "1.1.0", FindingStatus::kAffected);
    finding.remediation = name;
    finding.note = "UPnP を無効にしてください / Disable UPnP";
    ProductInput vex = VexOf(WithFindings({finding}));
    ASSERT_EQ(vex.vulnerabilities.size(), 1u);
    const VulnerabilityInput& v = vex.vulnerabilities[0];
    EXPECT_EQ(v.identifier, "CVE-2023-0286");
    EXPECT_EQ(v.severity, "high");
    ASSERT_EQ(v.assessments.size(), 1u) << "only the finding's version is stated";
    EXPECT_EQ(v.assessments[0].version, "1.1.0");
    EXPECT_EQ(v.assessments[0].status, VersionStatus::kKnownAffected);
    ASSERT_TRUE(v.assessments[0].remediation.has_value()) << name;
    EXPECT_EQ(v.assessments[0].remediation->category, category) << name;
    EXPECT_EQ(v.assessments[0].remediation->details, finding.note);

    json doc = Built(WithFindings({finding}));
    const json& cve = doc["vulnerabilities"][0];
    EXPECT_EQ(cve["product_status"]["known_affected"], json::array({"FW-1.1.0"}));
    EXPECT_EQ(cve["remediations"][0]["category"], RemediationCategoryName(category));
    EXPECT_EQ(cve["remediations"][0]["details"], finding.note);
    EXPECT_EQ(cve["remediations"][0]["product_ids"], json::array({"FW-1.1.0"}));
  }
  // Without the vendor's text, a sentence saying what the category means.
  Finding silent = Triaged(1, "1.1.0", FindingStatus::kAffected);
  ProductInput vex = VexOf(WithFindings({silent}));
  EXPECT_NE(vex.vulnerabilities[0].assessments[0].remediation->details.find("No fix is available"),
            std::string::npos);
}

TEST(CsafFindings, NotAffectedCarriesTheFlagAndAnImpactStatement) {
  for (std::string_view justification : registry::VexJustifications()) {
    Finding finding = Triaged(1, "1.1.0", FindingStatus::kNotAffected);
    finding.justification = std::string(justification);
    finding.note = "X.400 の処理は使われません / X.400 processing is never used";
    ProductInput vex = VexOf(WithFindings({finding}));
    const VersionAssessment* a = Of(vex.vulnerabilities[0], "1.1.0");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->status, VersionStatus::kKnownNotAffected);
    ASSERT_TRUE(a->justification.has_value());
    EXPECT_EQ(JustificationName(*a->justification), justification);
    EXPECT_EQ(a->impact_statement, finding.note);
    EXPECT_FALSE(a->remediation.has_value());

    json cve = Built(WithFindings({finding}))["vulnerabilities"][0];
    EXPECT_EQ(cve["product_status"]["known_not_affected"], json::array({"FW-1.1.0"}));
    EXPECT_EQ(cve["flags"][0]["label"], justification);
    EXPECT_EQ(cve["flags"][0]["product_ids"], json::array({"FW-1.1.0"}));
    EXPECT_EQ(cve["threats"][0]["category"], "impact");
    EXPECT_EQ(cve["threats"][0]["details"], finding.note);
  }
  // No note: the impact statement is made from the flag.
  Finding finding = Triaged(1, "1.1.0", FindingStatus::kNotAffected);
  finding.justification = "component_not_present";
  json cve = Built(WithFindings({finding}))["vulnerabilities"][0];
  EXPECT_NE(cve["threats"][0]["details"].get<std::string>().find("component_not_present"),
            std::string::npos);
}

TEST(CsafFindings, FixedInSplitsEveryVersionAtTheFix) {
  Finding finding = Triaged(1, "1.1.0", FindingStatus::kFixed);
  finding.fixed_in_version = "1.2.0";
  finding.note = "OpenSSL 3.0.8";
  ProductInput vex = VexOf(WithFindings({finding}));
  const VulnerabilityInput& v = vex.vulnerabilities[0];
  ASSERT_EQ(v.assessments.size(), 4u);
  for (const char* below : {"1.0.0", "1.1.0"}) {
    const VersionAssessment* a = Of(v, below);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->status, VersionStatus::kKnownAffected) << below;
    ASSERT_TRUE(a->remediation.has_value());
    EXPECT_EQ(a->remediation->category, RemediationCategory::kVendorFix);
    EXPECT_NE(a->remediation->details.find("Update the firmware to 1.2.0 or later"),
              std::string::npos);
    EXPECT_NE(a->remediation->details.find("OpenSSL 3.0.8"), std::string::npos);
  }
  // 1.10.0 is after 1.2.0 in version order (not string order).
  EXPECT_EQ(Of(v, "1.2.0")->status, VersionStatus::kFixed);
  EXPECT_EQ(Of(v, "1.10.0")->status, VersionStatus::kFixed);

  json cve = Built(WithFindings({finding}))["vulnerabilities"][0];
  EXPECT_EQ(cve["product_status"]["known_affected"], json::array({"FW-1.0.0", "FW-1.1.0"}));
  EXPECT_EQ(cve["product_status"]["fixed"], json::array({"FW-1.2.0", "FW-1.10.0"}));
  EXPECT_EQ(cve["remediations"][0]["category"], "vendor_fix");
  EXPECT_EQ(cve["remediations"][0]["product_ids"], json::array({"FW-1.0.0", "FW-1.1.0"}));
  EXPECT_EQ(cve["references"][0]["url"], "https://nvd.nist.gov/vuln/detail/CVE-2023-0286");
  // Every product id the statuses name is a product of the tree.
  std::set<std::string> tree;
  for (const json& version : TreeVersions(Built(WithFindings({finding})))) {
    tree.insert(version["product"]["product_id"].get<std::string>());
  }
  EXPECT_EQ(tree, (std::set<std::string>{"FW-1.0.0", "FW-1.1.0", "FW-1.2.0", "FW-1.10.0"}));
}

TEST(CsafFindings, UnderInvestigationAndOverdueSilence) {
  Finding investigating = Triaged(1, "1.0.0", FindingStatus::kUnderInvestigation);
  Finding silent = Triaged(2, "1.1.0", FindingStatus::kNew);
  silent.triaged_at.reset();
  silent.triage_overdue = true;
  silent.public_state = "調査中 / under investigation";
  Finding hidden = Triaged(3, "1.2.0", FindingStatus::kNew);  // before its deadline
  hidden.triaged_at.reset();
  hidden.public_state.clear();
  LabelSecurityData data = WithFindings({investigating});
  data.findings.push_back(silent);
  data.findings.push_back(hidden);
  ProductInput vex = VexOf(data);
  const VulnerabilityInput& v = vex.vulnerabilities[0];
  ASSERT_EQ(v.assessments.size(), 2u) << "the private finding says nothing";
  EXPECT_EQ(Of(v, "1.0.0")->status, VersionStatus::kUnderInvestigation);
  EXPECT_EQ(Of(v, "1.1.0")->status, VersionStatus::kUnderInvestigation);
  EXPECT_EQ(Of(v, "1.2.0"), nullptr);
  // The silence is a revision at the deadline, before the sweep wrote it…
  ASSERT_EQ(vex.revisions.size(), 2u);
  EXPECT_EQ(vex.revisions[1].date, silent.acknowledge_due);
  EXPECT_NE(vex.revisions[1].summary.find("under investigation"), std::string::npos);
  // …and the same after it.
  data.changes.push_back({9, data.label.registration_number, "finding-under-investigation",
                          "active", silent.acknowledge_due,
                          registry::OverdueChangeSummary(silent)});
  EXPECT_EQ(Built(data), [&] {
    LabelSecurityData before = data;
    before.changes.pop_back();
    return Built(before);
  }());
  json cve = Built(data)["vulnerabilities"][0];
  EXPECT_EQ(cve["product_status"]["under_investigation"], json::array({"FW-1.0.0", "FW-1.1.0"}));

  // Only private findings: no document at all.
  LabelSecurityData nothing;
  nothing.label = CameraLabel();
  nothing.findings = {hidden};
  EXPECT_TRUE(InputsFromRegistry(nothing, "http://127.0.0.1:1").empty());
}

TEST(CsafFindings, StatementsMeetPerVersion) {
  // Another component of 1.1.0 is still affected: the graver status wins.
  Finding not_affected = Triaged(1, "1.1.0", FindingStatus::kNotAffected);
  not_affected.justification = "component_not_present";
  Finding affected = Triaged(2, "1.1.0", FindingStatus::kAffected);
  affected.component = "libssl";
  // 1.0.0's own statement outweighs what "fixed in 1.2.0" implies for it.
  Finding fixed = Triaged(3, "1.1.0", FindingStatus::kFixed);
  fixed.component = "openssl-fips";
  fixed.fixed_in_version = "1.2.0";
  Finding own = Triaged(4, "1.0.0", FindingStatus::kNotAffected);
  own.justification = "vulnerable_code_not_in_execute_path";
  ProductInput vex = VexOf(WithFindings({not_affected, affected, fixed, own}));
  const VulnerabilityInput& v = vex.vulnerabilities[0];
  EXPECT_EQ(Of(v, "1.1.0")->status, VersionStatus::kKnownAffected);
  EXPECT_EQ(Of(v, "1.0.0")->status, VersionStatus::kKnownNotAffected);
  EXPECT_EQ(Of(v, "1.2.0")->status, VersionStatus::kFixed);
  EXPECT_NE(v.description.find("libssl 3.0.7"), std::string::npos);

  // A recorded vulnerability of the same CVE keeps its statements for the
  // versions no finding is about; the finding states its own version.
  LabelSecurityData data = WithFindings({Triaged(5, "1.1.0", FindingStatus::kUnderInvestigation)});
  data.information.vulnerabilities = {
      {1, 4, "CVE-2023-0286", "high", "", "https://vendor.example/sa/1", At(kFound - 100)}};
  vex = VexOf(data);
  ASSERT_EQ(vex.vulnerabilities.size(), 1u);
  EXPECT_EQ(Of(vex.vulnerabilities[0], "1.0.0")->status, VersionStatus::kKnownAffected);
  EXPECT_EQ(Of(vex.vulnerabilities[0], "1.1.0")->status, VersionStatus::kUnderInvestigation);
  EXPECT_EQ(vex.vulnerabilities[0].advisory_url, "https://vendor.example/sa/1");
}

TEST(CsafFindings, EveryTriageIsARevision) {
  Finding finding = Triaged(1, "1.1.0", FindingStatus::kUnderInvestigation);
  LabelSecurityData data = WithFindings({finding});
  json first = Built(data);
  EXPECT_EQ(first["document"]["tracking"]["version"], "1");
  EXPECT_NE(first["document"]["tracking"]["revision_history"][0]["summary"]
                .get<std::string>()
                .find("Initial release"),
            std::string::npos);
  // The vendor triages again: fixed in 1.2.0.
  data.findings[0].status = FindingStatus::kFixed;
  data.findings[0].fixed_in_version = "1.2.0";
  data.findings[0].triaged_at = At(kFound + 7200);
  data.changes.push_back({2, data.label.registration_number, "finding-triaged", "active",
                          At(kFound + 7200),
                          registry::FindingSubject(data.findings[0]) +
                              ": 修正済み / fixed in 1.2.0 (ベンダーの表明 / vendor statement)"});
  // A change about another finding (not published here) is no revision.
  Finding other = Triaged(7, "1.0.0", FindingStatus::kNew);
  other.component = "zlib";
  data.changes.push_back({3, data.label.registration_number, "finding-triaged", "active",
                          At(kFound + 7300), registry::FindingSubject(other) + ": x"});
  json second = Built(data);
  EXPECT_EQ(second["document"]["tracking"]["id"], first["document"]["tracking"]["id"]);
  EXPECT_EQ(second["document"]["tracking"]["version"], "2");
  const json& history = second["document"]["tracking"]["revision_history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["number"], "2");
  EXPECT_EQ(history[1]["date"], "2026-09-21T16:13:20Z");
  EXPECT_NE(history[1]["summary"].get<std::string>().find("fixed in 1.2.0"), std::string::npos);
  EXPECT_EQ(second["document"]["tracking"]["current_release_date"], "2026-09-21T16:13:20Z");
  EXPECT_EQ(second["vulnerabilities"][0]["product_status"]["fixed"],
            json::array({"FW-1.2.0", "FW-1.10.0"}));
}

TEST(CsafFindings, AFixedInTriageJoinsTheUpdatesAdvisory) {
  Finding finding = Triaged(1, "1.1.0", FindingStatus::kFixed);
  finding.fixed_in_version = "1.2.0";
  LabelSecurityData data = WithFindings({finding});
  data.information.updates = {{1, 4, "1.2.0", At(kFound + 1800), "OpenSSL 3.0.8", true},
                              {2, 4, "1.10.0", At(kFound + 1900), "機能追加 / features", true}};
  auto inputs = InputsFromRegistry(data, "http://127.0.0.1:1");
  ASSERT_EQ(inputs.size(), 2u);  // the VEX, the advisory of 1.2.0 (1.10.0 fixes nothing)
  EXPECT_EQ(inputs[1].category, Category::kSecurityAdvisory);
  EXPECT_EQ(inputs[1].input.tracking_id, "IOTMARK-SA-JCS1-2026-000042-5-1.2.0");
  ASSERT_EQ(inputs[1].input.vulnerabilities.size(), 1u);
  EXPECT_EQ(inputs[1].input.vulnerabilities[0].identifier, "CVE-2023-0286");
  ASSERT_EQ(inputs[1].input.revisions.size(), 1u);
  auto documents = DocumentsFromRegistry(data, TestPublisher());
  ASSERT_TRUE(documents.ok()) << documents.status().message();
  EXPECT_EQ((*documents)[1].category, "csaf_security_advisory");
}

}  // namespace
}  // namespace iotmark::csaf
