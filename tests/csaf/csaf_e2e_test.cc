// CSAF 2.0 publication end to end: a vendor records firmware versions,
// update releases and vulnerabilities of a labelled product; the registry
// serves the trusted-provider layout. Every document listed is fetched and
//   - validated by the BSI validator (schema, mandatory 6.1.x, optional
//     6.2.x) and the VEX profile rules, in node (tests/csaf/validate.mjs);
//   - checked against its .sha256 / .sha512;
//   - its .asc verified by gpg with the key provider-metadata names.
// Also: same state → same bytes and ETag; a change → a new revision.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/sha256.h"
#include "crypto/openpgp.h"
#include "csaf/document.h"
#include "csaf/test_input.h"
#include "scenario.h"

namespace iotmark::testing {
namespace {

using nlohmann::json;

int Shell(const std::string& command, std::string* output = nullptr) {
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return -1;
  char buffer[4096];
  std::string text;
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
  int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Write(const std::filesystem::path& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

// The path of a URL the server wrote with its --public-url (the test
// server's is fixed; requests go to its real port).
std::string PathOf(const std::string& url, std::uint16_t) {
  const std::string base = "http://127.0.0.1:8099";
  EXPECT_EQ(url.rfind(base + "/", 0), 0u) << url;
  return url.substr(base.size());
}

std::filesystem::path ValidatorScript() {
  return std::filesystem::path(IOTMARK_SOURCE_DIR) / "tests" / "csaf" / "validate.mjs";
}

bool ValidatorInstalled() {
  return std::filesystem::exists(std::filesystem::path(IOTMARK_SOURCE_DIR) / "tests" / "csaf" /
                                 "node_modules" / "@secvisogram" / "csaf-validator-lib");
}

class CsafE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(scenario_.Start());
    product_ = scenario_.CreateProduct(scenario_.vendor_a, "NC-CSAF-1");
    for (std::string version : {"1.0.1"}) {  // CreateProduct registered 1.0.0
      ASSERT_EQ(Post("/api/v1/products/" + std::to_string(product_) + "/firmware-versions",
                     {{"version", version}, {"released_on", "2026-10-01T00:00:00Z"}}),
                201);
    }
    registration_ = scenario_.IssueLabel(scenario_.vendor_a, product_);
    ASSERT_FALSE(registration_.empty());
  }

  int Post(const std::string& path, const json& body) {
    HttpResult result = scenario_.client.Post(path, body, scenario_.vendor_a.token);
    EXPECT_TRUE(result.status == 201 || result.status == 200) << path << ": " << result.body;
    return result.status;
  }

  void AddSecurityData() {
    const std::string product = "/api/v1/products/" + std::to_string(product_);
    Post(product + "/vulnerabilities", {{"identifier", "CVE-2024-12797"},
                                        {"severity", "high"},
                                        {"fixed_in_version", "1.0.2"},
                                        {"advisory_url", "https://vendor-a.example/sa/1"}});
    Post(product + "/firmware-versions",
         {{"version", "1.0.2"}, {"released_on", "2026-11-01T00:00:00Z"}});
    Post(product + "/updates", {{"version", "1.0.2"},
                                {"released_on", "2026-11-01T00:00:00Z"},
                                {"summary", "OpenSSL の更新 / OpenSSL update"},
                                {"security_relevant", true}});
    Post(product + "/vulnerabilities", {{"identifier", "JVN#90000001"}, {"severity", "medium"}});
  }

  HttpResult Get(const std::string& path) {
    HttpResult result = scenario_.client.Get(path);
    EXPECT_EQ(result.status, 200) << path << ": " << result.body;
    return result;
  }

  Scenario scenario_;
  std::int64_t product_ = 0;
  std::string registration_;
};

TEST_F(CsafE2e, NoVulnerabilityNoDocument) {
  json listing = Get("/api/v1/labels/" + registration_ + "/csaf").Json();
  EXPECT_TRUE(listing["documents"].empty());
  EXPECT_EQ(Get("/.well-known/csaf/white/index.txt").body, "");
  json feed = Get("/.well-known/csaf/white/csaf-feed-tlp-white.json").Json();
  EXPECT_TRUE(feed["feed"]["entry"].empty());
  EXPECT_EQ(scenario_.client.Get("/.well-known/csaf/white/2026/iotmark-vex-nothing.json").status,
            404);
}

TEST_F(CsafE2e, EveryDocumentValidatesAndEverySignatureVerifies) {
  AddSecurityData();
  const std::uint16_t port = scenario_.server.port();
  json metadata = Get("/.well-known/csaf/provider-metadata.json").Json();
  EXPECT_EQ(metadata["role"], "csaf_trusted_provider");
  const std::string feed_url = metadata["distributions"][0]["rolie"]["feeds"][0]["url"];
  json feed = Get(PathOf(feed_url, port)).Json();
  const std::string index = Get("/.well-known/csaf/white/index.txt").body;
  const std::string changes = Get("/.well-known/csaf/white/changes.csv").body;
  ASSERT_EQ(feed["feed"]["entry"].size(), 2u);  // the VEX and the advisory of 1.0.2

  const std::filesystem::path dir = scenario_.folder.path() / "csaf";
  std::filesystem::create_directories(dir / "gnupg");
  std::filesystem::permissions(dir / "gnupg", std::filesystem::perms::owner_all);
  const std::string fingerprint = metadata["public_openpgp_keys"][0]["fingerprint"];
  Write(dir / "key.asc", Get(PathOf(metadata["public_openpgp_keys"][0]["url"], port)).body);
  const std::string gpg = "GNUPGHOME=" + (dir / "gnupg").string() + " gpg --batch --no-tty ";
  std::string output;
  ASSERT_EQ(Shell(gpg + "--import " + (dir / "key.asc").string(), &output), 0) << output;

  std::vector<std::string> files;
  std::set<std::string> categories;
  for (const json& entry : feed["feed"]["entry"]) {
    const std::string url = entry["content"]["src"];
    const std::string path = PathOf(url, port);
    HttpResult document = Get(path);
    EXPECT_EQ(document.Header("content-type"), "application/json; charset=utf-8");
    const std::string relative = path.substr(std::string(csaf::kWhiteFolder).size());
    EXPECT_NE(index.find(relative + "\n"), std::string::npos) << index;
    EXPECT_NE(changes.find("\"" + relative + "\""), std::string::npos) << changes;
    const std::string name = relative.substr(relative.find('/') + 1);
    EXPECT_EQ(Get(path + ".sha256").body, Sha256Hex(document.body) + "  " + name + "\n");
    EXPECT_EQ(Get(path + ".sha512").body, crypto::Sha512Hex(document.body) + "  " + name + "\n");
    Write(dir / name, document.body);
    Write(dir / (name + ".asc"), Get(path + ".asc").body);
    const std::string status_file = (dir / (name + ".status")).string();
    EXPECT_EQ(Shell(gpg + "--status-file " + status_file + " --verify " +
                        (dir / (name + ".asc")).string() + " " + (dir / name).string(),
                    &output),
              0)
        << output;
    std::ifstream status_in(status_file);
    std::stringstream status;
    status << status_in.rdbuf();
    EXPECT_NE(status.str().find("[GNUPG:] VALIDSIG " + fingerprint), std::string::npos)
        << status.str();
    json parsed = json::parse(document.body);
    categories.insert(parsed["document"]["category"]);
    EXPECT_EQ(parsed["document"]["tracking"]["id"], entry["id"]);
    files.push_back((dir / name).string());
  }
  EXPECT_EQ(categories, (std::set<std::string>{"csaf_vex", "csaf_security_advisory"}));

  // A tampered copy fails gpg.
  Write(dir / "tampered.json",
        Get(PathOf(feed["feed"]["entry"][0]["content"]["src"], port)).body + " ");
  const std::string first_name = std::filesystem::path(files[0]).filename().string();
  EXPECT_NE(Shell(gpg + "--verify " + (dir / (first_name + ".asc")).string() + " " +
                  (dir / "tampered.json").string()),
            0);

  // Generator documents with every VEX status (not affected + justification,
  // under investigation) that the registry's own records cannot express yet.
  auto every_status = csaf::BuildDocument(csaf::testing::EveryStatusInput(), csaf::Category::kVex,
                                          csaf::testing::TestPublisher());
  ASSERT_TRUE(every_status.ok());
  Write(dir / "every-status.json", every_status->json);
  files.push_back((dir / "every-status.json").string());
  // A document that breaks the VEX rules must fail the validator.
  json broken = json::parse(every_status->json);
  broken["vulnerabilities"][0].erase("remediations");
  broken["vulnerabilities"][0].erase("flags");
  broken["vulnerabilities"][0].erase("threats");
  Write(dir / "broken.json", broken.dump());

  if (!ValidatorInstalled()) {
    GTEST_SKIP() << "tests/csaf/node_modules is missing (run npm ci in tests/csaf): the CSAF "
                    "validator did not run";
  }
  std::string command = "node " + ValidatorScript().string();
  for (const auto& file : files) command += " " + file;
  EXPECT_EQ(Shell(command, &output), 0) << output;
  // Every document ran the 64 tests (schema, mandatory, optional).
  std::istringstream lines(output);
  int documents = 0;
  for (std::string line; std::getline(lines, line);) {
    json result = json::parse(line);
    EXPECT_TRUE(result["ok"].get<bool>()) << line;
    EXPECT_GE(result["tests_run"].get<int>(), 60) << line;
    ++documents;
  }
  EXPECT_EQ(documents, static_cast<int>(files.size()));
  EXPECT_EQ(
      Shell("node " + ValidatorScript().string() + " " + (dir / "broken.json").string(), &output),
      1)
      << output;
  EXPECT_NE(output.find("has no remediation"), std::string::npos) << output;
  EXPECT_NE(output.find("has no impact statement"), std::string::npos) << output;
}

TEST_F(CsafE2e, SameStateSameBytesAndAChangeIsANewRevision) {
  AddSecurityData();
  json listing = Get("/api/v1/labels/" + registration_ + "/csaf").Json();
  ASSERT_EQ(listing["documents"].size(), 2u);
  const std::uint16_t port = scenario_.server.port();
  const std::string path = PathOf(listing["documents"][0]["url"], port);
  HttpResult first = Get(path);
  HttpResult second = Get(path);
  EXPECT_EQ(first.body, second.body);
  EXPECT_FALSE(first.Header("etag").empty());
  EXPECT_EQ(first.Header("etag"), second.Header("etag"));
  EXPECT_EQ(Get(path + ".asc").body, Get(path + ".asc").body);
  HttpResult conditional = scenario_.client.Request("GET", path, std::nullopt, "",
                                                    {{"If-None-Match", first.Header("etag")}});
  EXPECT_EQ(conditional.status, 304);
  json before = json::parse(first.body);
  EXPECT_EQ(before["document"]["tracking"]["version"], "4");

  Post("/api/v1/products/" + std::to_string(product_) + "/vulnerabilities",
       {{"identifier", "CVE-2025-0001"}, {"severity", "critical"}});
  HttpResult after = Get(path);
  EXPECT_NE(after.body, first.body);
  EXPECT_NE(after.Header("etag"), first.Header("etag"));
  json updated = json::parse(after.body);
  EXPECT_EQ(updated["document"]["tracking"]["version"], "5");
  EXPECT_EQ(updated["document"]["tracking"]["id"], before["document"]["tracking"]["id"]);
  EXPECT_EQ(updated["document"]["aggregate_severity"]["text"], "緊急 / critical");
  EXPECT_EQ(updated["vulnerabilities"].size(), 3u);
}

}  // namespace
}  // namespace iotmark::testing
