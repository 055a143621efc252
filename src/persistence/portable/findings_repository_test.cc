// PortableFindingsRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): an SBOM replaces the version's earlier one with its
// components, service identifications are replaced, monitored components
// list both sources, and findings round-trip through insert, triage and the
// overdue bookkeeping.
#include "persistence/portable/findings_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::Finding;
using registry::FindingStatus;

constexpr std::int64_t kT0 = 1'700'000'000;

class FindingsRepositoryTest : public RepositoryTest {
 protected:
  std::int64_t Firmware(store::Transaction& t, const std::string& version) {
    auto id = t.InsertReturningId(
        "INSERT INTO firmware_versions (product_id, version) VALUES (?, ?) RETURNING id",
        {product_id_, version});
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  registry::SbomRecord Sbom(std::int64_t firmware, std::vector<std::string> names) {
    registry::SbomRecord sbom;
    sbom.firmware_version_id = firmware;
    sbom.product_id = product_id_;
    sbom.format = "cyclonedx";
    sbom.spec_version = "1.5";
    sbom.document = "{\"n\":" + std::to_string(names.size()) + "}";
    sbom.document_sha256 = "ab";
    sbom.total_components = static_cast<std::int64_t>(names.size()) + 1;
    for (const std::string& name : names) {
      sbom.components.push_back({name, "1.0", "pkg:generic/" + name + "@1.0", "", "$"});
    }
    sbom.attached_at = FromSeconds(kT0);
    sbom.attached_by = 1;
    return sbom;
  }
  Finding NewFinding(std::int64_t firmware, const std::string& cve, std::int64_t due) {
    Finding f;
    f.organization_id = organization_id_;
    f.product_id = product_id_;
    f.firmware_version_id = firmware;
    f.source = "sbom";
    f.component = "openssl";
    f.component_version = "3.0.7";
    f.component_ref = "pkg:generic/openssl@3.0.7";
    f.cve_id = cve;
    f.base_score = 7.5;
    f.severity = "HIGH";
    f.description = "説明";
    f.found_at = FromSeconds(kT0);
    f.acknowledge_due = FromSeconds(due);
    return f;
  }
  PortableFindingsRepository findings_;
};

TEST_F(FindingsRepositoryTest, SbomsAndServicesAreReplacedPerFirmwareVersion) {
  Write([&](store::Transaction& t) {
    std::int64_t v1 = Firmware(t, "1.0.0");
    std::int64_t v2 = Firmware(t, "2.0.0");
    ASSERT_TRUE(findings_.ReplaceSbom(t, Sbom(v1, {"openssl", "busybox"})).ok());
    auto replaced = findings_.ReplaceSbom(t, Sbom(v1, {"zlib"}));
    ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
    auto sboms = findings_.ListSboms(t, product_id_);
    ASSERT_TRUE(sboms.ok()) << sboms.status().ToString();
    ASSERT_EQ(sboms->size(), 1u);
    EXPECT_EQ(sboms->at(0).id, *replaced);
    EXPECT_EQ(sboms->at(0).firmware_version, "1.0.0");
    EXPECT_EQ(sboms->at(0).kept_components, 1);
    EXPECT_EQ(sboms->at(0).total_components, 2);
    EXPECT_EQ(sboms->at(0).attached_at, FromSeconds(kT0));
    EXPECT_EQ(findings_.FindSbomDocument(t, v1)->value_or(""), "{\"n\":1}");
    EXPECT_FALSE(findings_.FindSbomDocument(t, v2)->has_value());

    ASSERT_TRUE(findings_
                    .ReplaceServiceIdentifications(t, v2, {{21, "tcp/21 vsftpd", "2.3.4", "cpe:a"}},
                                                   FromSeconds(kT0))
                    .ok());
    ASSERT_TRUE(findings_
                    .ReplaceServiceIdentifications(
                        t, v2, {{22, "tcp/22 dropbear", "2020", "cpe:b"}}, FromSeconds(kT0))
                    .ok());
    auto components = findings_.ListMonitoredComponents(t);
    ASSERT_TRUE(components.ok()) << components.status().ToString();
    ASSERT_EQ(components->size(), 2u);
    EXPECT_EQ(components->at(0).source, "sbom");
    EXPECT_EQ(components->at(0).name, "zlib");
    EXPECT_EQ(components->at(0).firmware_version, "1.0.0");
    EXPECT_EQ(components->at(0).organization_id, organization_id_);
    EXPECT_EQ(components->at(1).source, "device-test");
    EXPECT_EQ(components->at(1).name, "tcp/22 dropbear");
    EXPECT_EQ(components->at(1).cpe, "cpe:b");
    EXPECT_EQ(components->at(1).firmware_version_id, v2);

    auto state = findings_.ListFirmwareSbomState(t, product_id_);
    ASSERT_TRUE(state.ok()) << state.status().ToString();
    ASSERT_EQ(state->size(), 2u);
    EXPECT_TRUE(state->at(0).sbom_kept);
    EXPECT_EQ(state->at(0).sbom_attached_at, FromSeconds(kT0));
    EXPECT_FALSE(state->at(1).sbom_kept);
    EXPECT_FALSE(state->at(1).sbom_attached_at.has_value());
  });
}

TEST_F(FindingsRepositoryTest, FindingsRoundTripTriageAndOverdue) {
  Write([&](store::Transaction& t) {
    std::int64_t v1 = Firmware(t, "1.0.0");
    auto a = findings_.InsertFinding(t, NewFinding(v1, "CVE-2023-0001", kT0 + 100));
    auto b = findings_.InsertFinding(t, NewFinding(v1, "CVE-2023-0002", kT0 + 50));
    ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString();
    EXPECT_TRUE(*findings_.FindingExists(t, v1, "CVE-2023-0001", "pkg:generic/openssl@3.0.7"));
    EXPECT_FALSE(*findings_.FindingExists(t, v1, "CVE-2023-0001", "cpe:other"));

    auto found = findings_.FindFinding(t, *a);
    ASSERT_TRUE(found.ok() && found->has_value()) << found.status().ToString();
    const Finding& f = **found;
    EXPECT_EQ(f.firmware_version, "1.0.0");
    EXPECT_EQ(f.cve_id, "CVE-2023-0001");
    EXPECT_EQ(f.base_score, 7.5);
    EXPECT_EQ(f.description, "説明");
    EXPECT_EQ(f.status, FindingStatus::kNew);
    EXPECT_EQ(f.acknowledge_due, FromSeconds(kT0 + 100));
    EXPECT_FALSE(f.triaged_at.has_value());
    EXPECT_FALSE(findings_.FindFinding(t, *a + 1000)->has_value());

    EXPECT_EQ(findings_.ListFindingsOfProduct(t, product_id_)->size(), 2u);
    EXPECT_EQ(findings_.ListFindingsOfOrganization(t, organization_id_)->size(), 2u);
    EXPECT_TRUE(findings_.ListFindingsOfOrganization(t, organization_id_ + 1000)->empty());
    EXPECT_EQ(findings_.ListAllFindings(t)->at(0).id, *a);

    // Due: earliest deadline first; the recorded one drops out of the
    // unrecorded list only.
    auto due = findings_.ListUntriagedDue(t, FromSeconds(kT0 + 100), true);
    ASSERT_TRUE(due.ok()) << due.status().ToString();
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ(due->at(0).id, *b);
    EXPECT_EQ(findings_.ListUntriagedDue(t, FromSeconds(kT0 + 99), false)->size(), 1u);
    ASSERT_TRUE(findings_.MarkOverdueRecorded(t, *b, FromSeconds(kT0 + 60)).ok());
    EXPECT_EQ(findings_.ListUntriagedDue(t, FromSeconds(kT0 + 100), true)->size(), 1u);
    EXPECT_EQ(findings_.ListUntriagedDue(t, FromSeconds(kT0 + 100), false)->size(), 2u);

    registry::FindingTriage triage;
    triage.status = FindingStatus::kNotAffected;
    triage.justification = "component_not_present";
    triage.note = "not shipped";
    ASSERT_TRUE(findings_.UpdateTriage(t, *a, triage, FromSeconds(kT0 + 70), 1).ok());
    auto triaged = findings_.FindFinding(t, *a);
    ASSERT_TRUE(triaged.ok() && triaged->has_value());
    EXPECT_EQ((*triaged)->status, FindingStatus::kNotAffected);
    EXPECT_EQ((*triaged)->justification, "component_not_present");
    EXPECT_EQ((*triaged)->note, "not shipped");
    EXPECT_EQ((*triaged)->triaged_at, FromSeconds(kT0 + 70));
    EXPECT_EQ(findings_.ListUntriagedDue(t, FromSeconds(kT0 + 100), false)->size(), 1u);
    EXPECT_EQ(findings_.UpdateTriage(t, *a + 1000, triage, FromSeconds(kT0), 1).code(),
              StatusCode::kNotFound);
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
