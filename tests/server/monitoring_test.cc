// SBOMs, vulnerability monitoring and mail over the real processes: a vendor
// attaches real SBOM examples with `iotmark sbom attach`, `iotmark vulndb
// update` imports real NVD records and records findings, the registry mails
// the organisation's contact through an SMTP sink on 127.0.0.1 that this
// test runs, and the vendor triages over the API.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scenario.h"
#include "smtp_sink.h"

namespace iotmark::testing {
namespace {

const std::string kFixtures = std::string(IOTMARK_SOURCE_DIR) + "/tests/fixtures/";

TEST(ServerMonitoringTest, SbomToFindingToMailToTriage) {
  SmtpSink sink;
  ASSERT_NE(sink.port(), 0);
  Scenario s;
  ASSERT_TRUE(s.Start({"--smtp-url", "smtp://127.0.0.1:" + std::to_string(sink.port()),
                       "--smtp-from", "registry@operator.example", "--mail-interval-ms", "100"}));
  std::int64_t product = s.CreateProduct(s.vendor_a, "MON-1");
  ASSERT_GT(product, 0);
  const std::string base = "/api/v1/products/" + std::to_string(product);
  ASSERT_EQ(
      s.client.Post(base + "/firmware-versions", {{"version", "1.1.0"}}, s.vendor_a.token).status,
      201);
  std::string regno = s.IssueLabel(s.vendor_a, product);
  ASSERT_FALSE(regno.empty());

  // The CLI refuses a malformed SBOM before sending anything (exit 2, path).
  const std::string url = "http://127.0.0.1:" + std::to_string(s.server.port());
  std::filesystem::path token = s.folder.path() / "token";
  std::ofstream(token) << s.vendor_a.token << "\n";
  std::filesystem::path broken = s.folder.path() / "broken.json";
  std::ofstream(broken)
      << R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":3}]})";
  std::string output;
  EXPECT_EQ(
      RunIotmark({"sbom", "attach", broken.string(), "--server", url, "--product",
                  std::to_string(product), "--firmware", "1.0.0", "--token-file", token.string()},
                 &output),
      2);
  EXPECT_NE(output.find("$.components[0].name"), std::string::npos) << output;
  // The API refuses it with 400 naming the field.
  std::ifstream broken_file(broken);
  std::string broken_text((std::istreambuf_iterator<char>(broken_file)), {});
  HttpResult refused = s.client.Request("PUT", base + "/firmware-versions/1.0.0/sbom", broken_text,
                                        s.vendor_a.token);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json()["error"]["field"], "$.components[0].name") << refused.body;

  // A real SPDX 2.3 SBOM (pkg:alpine/openssl@3.0.4) is kept, privately.
  ASSERT_EQ(RunIotmark({"sbom", "attach", kFixtures + "sbom/spdx-2.3-acme.json", "--server", url,
                        "--product", std::to_string(product), "--firmware", "1.0.0", "--token-file",
                        token.string()},
                       &output),
            0)
      << output;
  EXPECT_EQ(s.client.Get(base + "/firmware-versions/1.0.0/sbom", s.vendor_b.token).status, 404);
  EXPECT_EQ(s.client.Get(base + "/firmware-versions/1.0.0/sbom").status, 401);
  EXPECT_EQ(s.client.Get(base + "/firmware-versions/1.0.0/sbom", s.vendor_a.token).status, 200);
  HttpResult monitoring = s.client.Get("/api/v1/labels/" + regno + "/monitoring");
  ASSERT_EQ(monitoring.status, 200) << monitoring.body;
  EXPECT_EQ(monitoring.Json()["firmware_versions"][0]["sbom_kept"], true);
  EXPECT_EQ(monitoring.Json()["firmware_versions"][1]["sbom_kept"], false);
  EXPECT_TRUE(monitoring.Json()["findings"].empty());

  // Real NVD records: CVE-2023-0286 covers OpenSSL 3.0.0 … < 3.0.8.
  ASSERT_EQ(
      RunIotmark({"vulndb", "update", kFixtures + "vulndb/nvd-real-subset.json", "--db",
                  (s.folder.path() / "vulns.db").string(), "--registry", s.DatabaseUrl(), "--json"},
                 &output),
      0)
      << output;
  EXPECT_NE(output.find("\"new_findings\": 1"), std::string::npos) << output;
  HttpResult findings = s.client.Get("/api/v1/findings", s.vendor_a.token);
  ASSERT_EQ(findings.status, 200);
  ASSERT_EQ(findings.Json()["findings"].size(), 1u) << findings.body;
  const nlohmann::json finding = findings.Json()["findings"][0];
  EXPECT_EQ(finding["cve_id"], "CVE-2023-0286");
  EXPECT_EQ(finding["component_version"], "3.0.4");
  EXPECT_EQ(finding["status"], "new");
  EXPECT_TRUE(s.client.Get("/api/v1/findings", s.vendor_b.token).Json()["findings"].empty());
  EXPECT_EQ(s.client.Get("/api/v1/findings/overdue", s.vendor_a.token).status, 403);
  EXPECT_EQ(s.client.Get("/api/v1/findings/overdue", s.reviewer.token).status, 200);

  // The finding, then a new vulnerability report, are mailed to the contact.
  ASSERT_TRUE(sink.WaitFor(1, 20));
  ASSERT_EQ(s.client
                .Post("/api/v1/labels/" + regno + "/vulnerability-reports",
                      {{"summary", "telnet left open"}})
                .status,
            201);
  ASSERT_TRUE(sink.WaitFor(2, 20));
  for (const ReceivedMail& mail : sink.Mails()) {
    ASSERT_EQ(mail.recipients.size(), 1u);
    EXPECT_EQ(mail.recipients[0], "<security@vendor-a.example>");
    EXPECT_NE(mail.data.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
    EXPECT_NE(mail.data.find("Subject: =?UTF-8?B?"), std::string::npos);
  }

  // Triage: not-affected needs a VEX justification; fixed names a version.
  const std::string triage =
      "/api/v1/findings/" + std::to_string(finding["id"].get<int>()) + "/triage";
  HttpResult bad = s.client.Post(triage, {{"status", "not-affected"}}, s.vendor_a.token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "$.justification") << bad.body;
  EXPECT_EQ(
      s.client.Post(triage, {{"status", "fixed"}, {"fixed_in_version", "1.1.0"}}, s.vendor_b.token)
          .status,
      404);
  HttpResult fixed =
      s.client.Post(triage, {{"status", "fixed"}, {"fixed_in_version", "1.1.0"}}, s.vendor_a.token);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  monitoring = s.client.Get("/api/v1/labels/" + regno + "/monitoring");
  ASSERT_EQ(monitoring.Json()["findings"].size(), 1u) << monitoring.body;
  EXPECT_EQ(monitoring.Json()["findings"][0]["status"], "fixed");
  EXPECT_EQ(monitoring.Json()["findings"][0]["vendor_statement"], true);
  EXPECT_EQ(monitoring.Json()["findings"][0]["fixed_in_version"], "1.1.0");
  HttpResult changes = s.client.Get("/api/v1/changes?since=0&limit=1000");
  EXPECT_NE(changes.body.find("finding-triaged"), std::string::npos) << changes.body;
  HttpResult page = s.client.Get("/labels/" + regno);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("CVE-2023-0286"), std::string::npos);
  EXPECT_NE(page.body.find("fixed in 1.1.0"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::testing
