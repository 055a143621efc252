// The CSAF document builder: structure, VEX rules, determinism, refusals,
// and the mapping from registry data. Independent validation (the BSI
// validator, gpg) runs in tests/csaf.
#include "csaf/document.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "csaf/registry_input.h"
#include "csaf/test_input.h"

namespace iotmark::csaf {
namespace {

using nlohmann::json;
using testing::At;
using testing::EveryStatusInput;
using testing::TestPublisher;

TEST(CsafDocument, FileNameFollowsCsafRule) {
  EXPECT_EQ(FileNameFor("IOTMARK-SA-JCS1-2026-000001-0-1.0.3"),
            "iotmark-sa-jcs1-2026-000001-0-1_0_3.json");
  EXPECT_EQ(FileNameFor("Example Company - 2019-YH3234"), "example_company_-_2019-yh3234.json");
}

TEST(CsafDocument, VexCarriesStatusesRemediationsAndImpactStatements) {
  auto built = BuildDocument(EveryStatusInput(), Category::kVex, TestPublisher());
  ASSERT_TRUE(built.ok()) << built.status().message();
  EXPECT_EQ(built->path, "2026/iotmark-vex-jcs1-2026-000001-0.json");
  EXPECT_EQ(
      built->url,
      "http://127.0.0.1:8080/.well-known/csaf/white/2026/iotmark-vex-jcs1-2026-000001-0.json");
  json doc = json::parse(built->json);
  EXPECT_EQ(doc["document"]["category"], "csaf_vex");
  EXPECT_EQ(doc["document"]["csaf_version"], "2.0");
  EXPECT_EQ(doc["document"]["tracking"]["version"], "2");
  EXPECT_EQ(doc["document"]["tracking"]["initial_release_date"], "2026-09-21T14:13:20Z");
  EXPECT_EQ(doc["document"]["tracking"]["current_release_date"], "2026-09-27T09:06:40Z");
  EXPECT_EQ(doc["document"]["aggregate_severity"]["text"], "高 / high");
  EXPECT_EQ(doc["document"]["references"][0]["category"], "self");
  EXPECT_EQ(doc["document"]["references"][0]["url"], built->url);
  const json& product = doc["product_tree"]["branches"][0]["branches"][0]["branches"][2]["product"];
  EXPECT_EQ(product["product_id"], "FW-1.1.0");
  EXPECT_EQ(product["product_identification_helper"]["model_numbers"][0], "NC-100");
  EXPECT_EQ(product["product_identification_helper"]["purl"],
            "pkg:generic/sample/nc-100-firmware@1.1.0");

  const json& cve = doc["vulnerabilities"][0];
  EXPECT_EQ(cve["cve"], "CVE-2024-12797");
  EXPECT_EQ(cve["product_status"]["known_affected"], json::array({"FW-1.0.0"}));
  EXPECT_EQ(cve["product_status"]["known_not_affected"], json::array({"FW-1.0.1"}));
  EXPECT_EQ(cve["product_status"]["fixed"], json::array({"FW-1.1.0"}));
  EXPECT_EQ(cve["flags"][0]["label"], "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(cve["remediations"][0]["category"], "vendor_fix");
  EXPECT_EQ(cve["remediations"][0]["product_ids"], json::array({"FW-1.0.0"}));
  bool impact_for_not_affected = false;
  for (const json& threat : cve["threats"]) {
    if (threat["product_ids"] == json::array({"FW-1.0.1"})) {
      impact_for_not_affected = true;
      EXPECT_EQ(threat["category"], "impact");
      EXPECT_NE(threat["details"].get<std::string>().find("TLS"), std::string::npos);
    }
  }
  EXPECT_TRUE(impact_for_not_affected);
  const json& jvn = doc["vulnerabilities"][1];
  EXPECT_FALSE(jvn.contains("cve"));
  EXPECT_EQ(jvn["ids"][0]["system_name"], "JVN");
  EXPECT_EQ(jvn["product_status"]["under_investigation"], json::array({"FW-1.0.0", "FW-1.0.1"}));
  // An impact statement is generated from the justification when none is given.
  EXPECT_EQ(jvn["threats"][0]["product_ids"], json::array({"FW-1.1.0"}));
}

TEST(CsafDocument, SameInputSameBytes) {
  auto a = BuildDocument(EveryStatusInput(), Category::kVex, TestPublisher());
  auto b = BuildDocument(EveryStatusInput(), Category::kVex, TestPublisher());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->json, b->json);
  ProductInput changed = EveryStatusInput();
  changed.vulnerabilities[0].severity = "critical";
  auto c = BuildDocument(changed, Category::kVex, TestPublisher());
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->json, c->json);
}

TEST(CsafDocument, RefusesIncompleteVexStatements) {
  ProductInput input = EveryStatusInput();
  input.vulnerabilities[0].assessments[1].justification.reset();
  input.vulnerabilities[0].assessments[1].impact_statement.clear();
  auto built = BuildDocument(input, Category::kVex, TestPublisher());
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.status().message().find("vulnerabilities[0].assessments[1]"), std::string::npos);

  input = EveryStatusInput();
  input.vulnerabilities[0].assessments[0].remediation.reset();
  EXPECT_FALSE(BuildDocument(input, Category::kVex, TestPublisher()).ok());

  input = EveryStatusInput();
  input.vulnerabilities[1].assessments[0].version = "9.9";
  built = BuildDocument(input, Category::kVex, TestPublisher());
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.status().message().find("not a version"), std::string::npos);

  input = EveryStatusInput();
  input.vulnerabilities.clear();
  EXPECT_FALSE(BuildDocument(input, Category::kVex, TestPublisher()).ok());
}

registry::Label SampleLabel() {
  registry::Label label;
  label.registration_number = "JCS1-2026-000007-3";
  label.product_name = "スマートプラグ";
  label.model_number = "SP-7";
  label.vendor_name = "サンプル株式会社";
  registry::FirmwareVersion v1;
  v1.version = "1.0.9";
  registry::FirmwareVersion v2;
  v2.version = "1.0.10";
  v2.covered = false;
  v2.coverage_note = "試験版";
  label.firmware_versions = {v2, v1};
  return label;
}

TEST(CsafRegistryInput, FixedInVersionSplitsAffectedAndFixed) {
  LabelSecurityData data;
  data.label = SampleLabel();
  data.information.vulnerabilities = {
      {1, 1, "CVE-2026-0001", "high", "1.0.10", "https://vendor.example/a", At(1790000000)},
      {2, 1, "CVE-2026-0002", "low", "", "", At(1790001000)}};
  data.information.updates = {{1, 1, "1.0.10", At(1790000500), "修正 / fix", true}};
  const std::string& number = data.label.registration_number;
  data.changes = {
      {9, number, "vulnerability", "active", At(1790000000),
       "CVE-2026-0001 (high) fixed in 1.0.10"},
      {10, number, "update-release", "active", At(1790000500), "1.0.10 (security) 修正 / fix"},
      {11, number, "vulnerability", "active", At(1790001000), "CVE-2026-0002 (low)"}};
  auto inputs = InputsFromRegistry(data, "http://127.0.0.1:1");
  ASSERT_EQ(inputs.size(), 2u);  // the VEX and the advisory of update 1.0.10
  const ProductInput& vex = inputs[0].input;
  EXPECT_EQ(inputs[0].category, Category::kVex);
  EXPECT_EQ(vex.tracking_id, "IOTMARK-VEX-JCS1-2026-000007-3");
  ASSERT_EQ(vex.versions.size(), 2u);
  EXPECT_EQ(vex.versions[0].version, "1.0.9");  // version order, not string order
  EXPECT_EQ(vex.versions[1].version, "1.0.10");
  EXPECT_NE(vex.versions[1].note.find("試験版"), std::string::npos);
  ASSERT_EQ(vex.vulnerabilities.size(), 2u);
  EXPECT_EQ(vex.vulnerabilities[0].assessments[0].status, VersionStatus::kKnownAffected);
  EXPECT_EQ(vex.vulnerabilities[0].assessments[0].remediation->category,
            RemediationCategory::kVendorFix);
  EXPECT_EQ(vex.vulnerabilities[0].assessments[1].status, VersionStatus::kFixed);
  EXPECT_EQ(vex.vulnerabilities[1].assessments[1].status, VersionStatus::kKnownAffected);
  EXPECT_EQ(vex.vulnerabilities[1].assessments[1].remediation->category,
            RemediationCategory::kNoneAvailable);
  // Revisions: the first vulnerability, the update, the second vulnerability.
  ASSERT_EQ(vex.revisions.size(), 3u);
  EXPECT_EQ(vex.revisions[1].date, At(1790000500));
  const ProductInput& advisory = inputs[1].input;
  EXPECT_EQ(inputs[1].category, Category::kSecurityAdvisory);
  EXPECT_EQ(advisory.tracking_id, "IOTMARK-SA-JCS1-2026-000007-3-1.0.10");
  ASSERT_EQ(advisory.vulnerabilities.size(), 1u);
  auto documents = DocumentsFromRegistry(data, TestPublisher());
  ASSERT_TRUE(documents.ok()) << documents.status().message();
  EXPECT_EQ((*documents)[1].path, "2026/iotmark-sa-jcs1-2026-000007-3-1_0_10.json");
}

TEST(CsafRegistryInput, VulnerabilitiesBeforeTheLabelFormTheInitialRelease) {
  LabelSecurityData data;
  data.label = SampleLabel();
  data.information.vulnerabilities = {{1, 1, "CVE-2026-0001", "high", "", "", At(1790000000)},
                                      {2, 1, "CVE-2026-0002", "low", "", "", At(1790002000)}};
  data.changes = {
      {12, data.label.registration_number, "firmware-version", "active", At(1790001000), "1.0.11"}};
  auto inputs = InputsFromRegistry(data, "http://127.0.0.1:1");
  ASSERT_EQ(inputs.size(), 1u);
  const auto& revisions = inputs[0].input.revisions;
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].date, At(1790002000));
  EXPECT_NE(revisions[0].summary.find("CVE-2026-0001, CVE-2026-0002"), std::string::npos);
  EXPECT_EQ(revisions[1].date, At(1790002000));  // never before the previous revision
}

TEST(CsafRegistryInput, NoVulnerabilityNoDocument) {
  LabelSecurityData data;
  data.label = SampleLabel();
  data.information.updates = {{1, 1, "1.0.10", At(1790000500), "機能追加 / features", true}};
  EXPECT_TRUE(InputsFromRegistry(data, "http://127.0.0.1:1").empty());
}

}  // namespace
}  // namespace iotmark::csaf
