// The whole flow over HTTP: admin init → operator creates the vendor
// organisation and user → vendor creates product and application, submits
// → operator inquiry, accept, invoice (198000), payment, issue → public
// label, signed record verified offline, OSCAL assessment, label images with
// a QR code, transparency log proofs.
#include <gtest/gtest.h>

#include <fstream>

#include "scenario.h"
#include "server/label_image.h"
#include "server/png_test_decoder.h"
#include "server/qr_code.h"

namespace iotmark::testing {
namespace {

TEST(ServerFlowTest, ApplicationToIssuedLabelAndPublicVerification) {
  Scenario scenario;
  ASSERT_TRUE(scenario.Start());
  HttpClient& client = scenario.client;

  EXPECT_EQ(client.Get("/healthz").status, 200);
  std::int64_t product = scenario.CreateProduct(scenario.vendor_a, "CAM-100");
  std::int64_t application = scenario.CreateApplication(scenario.vendor_a, product);
  ASSERT_GT(application, 0);
  EXPECT_EQ(scenario.Step(scenario.vendor_a, application, "submit"), 200);
  EXPECT_EQ(scenario.Step(scenario.reviewer, application, "inquiry"), 200);
  EXPECT_EQ(scenario.Step(scenario.reviewer, application, "inquiry-result",
                          {{"result", "cleared"}, {"note", "問題なし / nothing found"}}),
            200);
  EXPECT_EQ(scenario.Step(scenario.reviewer, application, "accept"), 200);
  HttpResult invoiced =
      client.Post("/api/v1/applications/" + std::to_string(application) + "/invoice", {},
                  scenario.reviewer.token);
  ASSERT_EQ(invoiced.status, 200) << invoiced.body;
  EXPECT_EQ(invoiced.Json()["fee"]["amount_jpy"], 198000);
  EXPECT_EQ(invoiced.Json()["state"], "fee-invoiced");
  EXPECT_EQ(scenario.Step(scenario.reviewer, application, "payment"), 200);
  HttpResult issued = client.Post("/api/v1/applications/" + std::to_string(application) + "/issue",
                                  {}, scenario.reviewer.token);
  ASSERT_EQ(issued.status, 201) << issued.body;
  std::string regno = issued.Json()["registration_number"];
  EXPECT_EQ(regno.rfind("JCS1-", 0), 0u) << regno;
  EXPECT_EQ(issued.Json()["public_url"], "http://127.0.0.1:8099/labels/" + regno);

  // Public label, search, ETag revalidation.
  HttpResult label = client.Get("/api/v1/labels/" + regno);
  ASSERT_EQ(label.status, 200) << label.body;
  EXPECT_EQ(label.Json()["status"], "active");
  EXPECT_EQ(label.Header("x-content-type-options"), "nosniff");
  ASSERT_FALSE(label.Header("etag").empty());
  HttpResult revalidated = client.Request("GET", "/api/v1/labels/" + regno, std::nullopt, "",
                                          {{"If-None-Match", label.Header("etag")}});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  HttpResult search = client.Get("/api/v1/labels?q=CAM-100&status=active&page=1");
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(search.Json()["total"], 1);
  EXPECT_EQ(client.Get("/api/v1/labels?status=bogus").status, 400);

  // Signed record, checked offline with the well-known key; a tampered copy fails.
  HttpResult record = client.Get("/api/v1/labels/" + regno + "/record");
  ASSERT_EQ(record.status, 200);
  HttpResult key = client.Get("/.well-known/iotmark-label-key");
  ASSERT_EQ(key.status, 200);
  std::filesystem::path record_file = scenario.folder.path() / "record.json";
  std::filesystem::path key_file = scenario.folder.path() / "served.pub";
  std::ofstream(record_file) << record.body;
  std::ofstream(key_file) << key.Json()["key_file"].get<std::string>() << "\n";
  std::string output;
  EXPECT_EQ(
      RunIotmark({"label", "verify", record_file.string(), "--key", key_file.string()}, &output), 0)
      << output;
  nlohmann::json tampered = record.Json();
  tampered["record"]["valid_until"] = "2099-01-01T00:00:00Z";
  std::ofstream(record_file) << tampered.dump();
  EXPECT_EQ(
      RunIotmark({"label", "verify", record_file.string(), "--key", key_file.string()}, &output), 1)
      << output;

  // OSCAL assessment results: a finding per criterion, evidence hashes.
  HttpResult assessment = client.Get("/api/v1/labels/" + regno + "/assessment");
  ASSERT_EQ(assessment.status, 200) << assessment.body;
  // Keep the parsed document alive: Json() returns a temporary.
  nlohmann::json assessment_document = assessment.Json();
  const auto& result = assessment_document["assessment-results"]["results"][0];
  ASSERT_EQ(result["findings"].size(), 16u);
  EXPECT_EQ(result["findings"][3]["target"]["target-id"], "S1.1-04");
  EXPECT_EQ(result["findings"][3]["target"]["status"]["state"], "satisfied");
  EXPECT_EQ(result["observations"][0]["relevant-evidence"][0]["props"][0]["value"],
            std::string(64, 'a'));

  // Label images: SVG with rect modules, PNG that decodes and holds the QR.
  HttpResult svg = client.Get("/labels/" + regno + "/label.svg");
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.Header("content-type").rfind("image/svg+xml", 0), 0u);
  EXPECT_NE(svg.body.find(regno), std::string::npos);
  EXPECT_NE(svg.body.find("<rect "), std::string::npos);
  HttpResult png = client.Get("/labels/" + regno + "/label.png");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.Header("content-type"), "image/png");
  server::GrayImage decoded;
  std::string error;
  ASSERT_TRUE(server::testing::DecodeGrayPng(png.body, decoded, error)) << error;
  server::LabelQrPlacement where;
  server::LabelImageContent content;
  content.registration_number = regno;
  content.public_url = "http://127.0.0.1:8099/labels/" + regno;
  ASSERT_TRUE(server::RasteriseLabel(content, &where).ok());
  auto qr = server::QrCode::Encode(content.public_url);
  ASSERT_TRUE(qr.ok());
  int mismatches = 0;
  for (int y = 0; y < qr->size(); ++y) {
    for (int x = 0; x < qr->size(); ++x) {
      bool dark = decoded.At(where.left + x * where.module_pixels + where.module_pixels / 2,
                             where.top + y * where.module_pixels + where.module_pixels / 2) == 0;
      mismatches += dark != qr->IsDark(x, y);
    }
  }
  EXPECT_EQ(mismatches, 0) << "the PNG's QR code does not encode the public page URL";
  int missing = client.Get("/labels/JCS1-2026-999999-0/label.png").status;
  EXPECT_TRUE(missing == 404 || missing == 400) << missing;  // unknown, or a wrong check digit

  // Transparency log: the issue event is in the log with proofs.
  HttpResult head = client.Get("/api/v1/log/tree-head");
  ASSERT_EQ(head.status, 200) << head.body;
  std::uint64_t size = head.Json()["tree_size"];
  ASSERT_GE(size, 1u);
  HttpResult inclusion = client.Get("/api/v1/log/inclusion?index=0");
  EXPECT_EQ(inclusion.status, 200) << inclusion.body;
  HttpResult consistency =
      client.Get("/api/v1/log/consistency?first=1&second=" + std::to_string(size));
  EXPECT_EQ(consistency.status, 200) << consistency.body;
  EXPECT_EQ(client.Get("/api/v1/log/inclusion?index=abc").status, 400);

  // Vulnerability report intake → vendor inbox → acknowledgement.
  HttpResult report = client.Post("/api/v1/labels/" + regno + "/vulnerability-reports",
                                  {{"summary", "認証回避 / auth bypass"},
                                   {"details", "details"},
                                   {"reporter_email", "finder@example.org"}});
  ASSERT_EQ(report.status, 201) << report.body;
  std::int64_t report_id = report.Json()["id"];
  std::string token = report.Json()["tracking_token"];
  HttpResult inbox = client.Get("/api/v1/vulnerability-reports", scenario.vendor_a.token);
  ASSERT_EQ(inbox.status, 200);
  EXPECT_EQ(inbox.Json()["reports"].size(), 1u);
  EXPECT_EQ(inbox.body.find(token), std::string::npos) << "tracking token leaked to the inbox";
  EXPECT_TRUE(client.Get("/api/v1/vulnerability-reports", scenario.vendor_b.token)
                  .Json()["reports"]
                  .empty());
  EXPECT_EQ(client
                .Post("/api/v1/vulnerability-reports/" + std::to_string(report_id) + "/acknowledge",
                      {{"note", "受領しました"}}, scenario.vendor_a.token)
                .status,
            200);
  HttpResult tracked = client.Get("/api/v1/vulnerability-reports/tracking/" + token);
  ASSERT_EQ(tracked.status, 200);
  EXPECT_EQ(tracked.Json()["status"], "acknowledged");

  // Security information kept by the vendor shows on the public label.
  EXPECT_EQ(client
                .Post("/api/v1/products/" + std::to_string(product) + "/updates",
                      {{"version", "1.0.1"},
                       {"released_on", "2026-11-01"},
                       {"summary", "脆弱性修正 / security fix"},
                       {"security_relevant", true}},
                      scenario.vendor_a.token)
                .status,
            201);
  HttpResult security = client.Get("/api/v1/labels/" + regno + "/security");
  ASSERT_EQ(security.status, 200);
  EXPECT_EQ(security.Json()["updates"].size(), 1u);

  // Logout revokes the token.
  std::string vendor_token = scenario.vendor_a.token;
  EXPECT_EQ(client.Request("DELETE", "/api/v1/session", std::nullopt, vendor_token).status, 200);
  EXPECT_EQ(client.Get("/api/v1/products", vendor_token).status, 401);

  // The access log never holds a token or a password.
  std::ifstream log_stream(scenario.folder.path() / "server.log");
  std::string log((std::istreambuf_iterator<char>(log_stream)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("access "), std::string::npos);
  EXPECT_EQ(log.find(vendor_token), std::string::npos);
  EXPECT_EQ(log.find("correct horse"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::testing
