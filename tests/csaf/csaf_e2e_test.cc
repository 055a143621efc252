// CSAF 2.0 publication end to end: a vendor records firmware versions,
// update releases and vulnerabilities of a labelled product; the registry
// serves the trusted-provider layout. Every document listed is fetched and
//   - validated by the BSI validator (schema, mandatory 6.1.x, optional
//     6.2.x) and the VEX profile rules, in node (tests/csaf/validate.mjs);
//   - checked against its .sha256 / .sha512;
//   - its .asc verified by gpg with the key provider-metadata names.
// Also: the monitoring's findings with every kind of VEX triage (each
// document validated and verified as above); same state → same bytes and
// ETag; a change → a new revision.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/sha256.h"
#include "crypto/openpgp.h"
#include "csaf/document.h"
#include "csaf/registry_input.h"
#include "csaf/test_input.h"
#include "scenario.h"
#include "test_server.h"

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

  // A temporary GNUPGHOME with the key provider-metadata.json names.
  void ImportProviderKey() {
    const std::uint16_t port = scenario_.server.port();
    json metadata = Get("/.well-known/csaf/provider-metadata.json").Json();
    ASSERT_EQ(metadata["role"], "csaf_trusted_provider");
    dir_ = scenario_.folder.path() / "csaf";
    std::filesystem::create_directories(dir_ / "gnupg");
    std::filesystem::permissions(dir_ / "gnupg", std::filesystem::perms::owner_all);
    fingerprint_ = metadata["public_openpgp_keys"][0]["fingerprint"];
    Write(dir_ / "key.asc", Get(PathOf(metadata["public_openpgp_keys"][0]["url"], port)).body);
    gpg_ = "GNUPGHOME=" + (dir_ / "gnupg").string() + " gpg --batch --no-tty ";
    std::string output;
    ASSERT_EQ(Shell(gpg_ + "--import " + (dir_ / "key.asc").string(), &output), 0) << output;
  }

  // Fetches the document at `url` with its .sha256, .sha512 and .asc, checks
  // the hashes and gpg's VALIDSIG, and keeps it as `<dir>/<prefix><name>`
  // (returned).
  std::filesystem::path FetchAndVerify(const std::string& url, const std::string& prefix = "") {
    const std::string path = PathOf(url, scenario_.server.port());
    HttpResult document = Get(path);
    EXPECT_EQ(document.Header("content-type"), "application/json; charset=utf-8");
    const std::string name = path.substr(path.rfind('/') + 1);
    EXPECT_EQ(Get(path + ".sha256").body, Sha256Hex(document.body) + "  " + name + "\n");
    EXPECT_EQ(Get(path + ".sha512").body, crypto::Sha512Hex(document.body) + "  " + name + "\n");
    const std::filesystem::path file = dir_ / (prefix + name);
    Write(file, document.body);
    Write(file.string() + ".asc", Get(path + ".asc").body);
    const std::string status_file = file.string() + ".status";
    std::string output;
    EXPECT_EQ(Shell(gpg_ + "--status-file " + status_file + " --verify " + file.string() +
                        ".asc " + file.string(),
                    &output),
              0)
        << output;
    std::ifstream status_in(status_file);
    std::stringstream status;
    status << status_in.rdbuf();
    EXPECT_NE(status.str().find("[GNUPG:] VALIDSIG " + fingerprint_), std::string::npos)
        << status.str();
    ++verified_;
    return file;
  }

  // Runs the BSI validator (tests/csaf/validate.mjs) on `files`: every
  // document must pass, each with the 64 tests. Returns false when the
  // validator is not installed (the caller skips, never passes).
  bool Validate(const std::vector<std::filesystem::path>& files) {
    if (!ValidatorInstalled()) return false;
    std::string command = "node " + ValidatorScript().string();
    for (const auto& file : files) command += " " + file.string();
    std::string output;
    EXPECT_EQ(Shell(command, &output), 0) << output;
    std::istringstream lines(output);
    int documents = 0;
    for (std::string line; std::getline(lines, line);) {
      json result = json::parse(line);
      EXPECT_TRUE(result["ok"].get<bool>()) << line;
      EXPECT_GE(result["tests_run"].get<int>(), 60) << line;
      ++documents;
    }
    EXPECT_EQ(documents, static_cast<int>(files.size()));
    return true;
  }

  Scenario scenario_;
  std::int64_t product_ = 0;
  std::string registration_;
  std::filesystem::path dir_;
  std::string gpg_;
  std::string fingerprint_;
  int verified_ = 0;
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
  const std::string feed_url = metadata["distributions"][0]["rolie"]["feeds"][0]["url"];
  json feed = Get(PathOf(feed_url, port)).Json();
  const std::string index = Get("/.well-known/csaf/white/index.txt").body;
  const std::string changes = Get("/.well-known/csaf/white/changes.csv").body;
  ASSERT_EQ(feed["feed"]["entry"].size(), 2u);  // the VEX and the advisory of 1.0.2
  ASSERT_NO_FATAL_FAILURE(ImportProviderKey());

  std::vector<std::filesystem::path> files;
  std::set<std::string> categories;
  for (const json& entry : feed["feed"]["entry"]) {
    const std::string url = entry["content"]["src"];
    const std::string relative =
        PathOf(url, port).substr(std::string(csaf::kWhiteFolder).size());
    EXPECT_NE(index.find(relative + "\n"), std::string::npos) << index;
    EXPECT_NE(changes.find("\"" + relative + "\""), std::string::npos) << changes;
    files.push_back(FetchAndVerify(url));
    std::ifstream in(files.back());
    json parsed = json::parse(in);
    categories.insert(parsed["document"]["category"]);
    EXPECT_EQ(parsed["document"]["tracking"]["id"], entry["id"]);
  }
  EXPECT_EQ(categories, (std::set<std::string>{"csaf_vex", "csaf_security_advisory"}));

  // A tampered copy fails gpg.
  Write(dir_ / "tampered.json",
        Get(PathOf(feed["feed"]["entry"][0]["content"]["src"], port)).body + " ");
  EXPECT_NE(Shell(gpg_ + "--verify " + files[0].string() + ".asc " +
                  (dir_ / "tampered.json").string()),
            0);

  // A generator document with every VEX status (not affected with a
  // justification, under investigation) besides the registry's records.
  auto every_status = csaf::BuildDocument(csaf::testing::EveryStatusInput(), csaf::Category::kVex,
                                          csaf::testing::TestPublisher());
  ASSERT_TRUE(every_status.ok());
  Write(dir_ / "every-status.json", every_status->json);
  files.push_back(dir_ / "every-status.json");
  // A document that breaks the VEX rules must fail the validator.
  json broken = json::parse(every_status->json);
  broken["vulnerabilities"][0].erase("remediations");
  broken["vulnerabilities"][0].erase("flags");
  broken["vulnerabilities"][0].erase("threats");
  Write(dir_ / "broken.json", broken.dump());

  if (!Validate(files)) {
    GTEST_SKIP() << "tests/csaf/node_modules is missing (run npm ci in tests/csaf): the CSAF "
                    "validator did not run";
  }
  std::string output;
  EXPECT_EQ(
      Shell("node " + ValidatorScript().string() + " " + (dir_ / "broken.json").string(), &output),
      1)
      << output;
  EXPECT_NE(output.find("has no remediation"), std::string::npos) << output;
  EXPECT_NE(output.find("has no impact statement"), std::string::npos) << output;
}

// The monitoring's findings with every kind of VEX triage, served as CSAF: a
// real SBOM (the demo firmware's, OpenSSL 3.0.7) and real NVD records give
// the finding CVE-2023-0286 on firmware 1.0.0; the vendor triages it every
// way the API allows. After each triage the label's VEX document is one
// revision further, states that triage on the firmware's own product id,
// its hashes and signature verify, and the BSI validator passes it.
TEST_F(CsafE2e, EveryTriageKindIsPublishedAsValidVex) {
  const std::string fixtures = std::string(IOTMARK_SOURCE_DIR) + "/tests/fixtures/";
  const std::string product = "/api/v1/products/" + std::to_string(product_);
  std::ifstream sbom_file(fixtures + "sbom/demo-firmware.cdx.json");
  const std::string sbom((std::istreambuf_iterator<char>(sbom_file)), {});
  HttpResult attached = scenario_.client.Request("PUT", product + "/firmware-versions/1.0.0/sbom",
                                                 sbom, scenario_.vendor_a.token);
  ASSERT_EQ(attached.status, 201) << attached.body;
  std::string output;
  ASSERT_EQ(RunIotmark({"vulndb", "update", fixtures + "vulndb/nvd-real-subset.json", "--db",
                        (scenario_.folder.path() / "vulns.db").string(), "--registry",
                        scenario_.DatabaseUrl()},
                       &output),
            0)
      << output;
  json findings = scenario_.client.Get("/api/v1/findings", scenario_.vendor_a.token).Json();
  ASSERT_EQ(findings["findings"].size(), 1u) << findings.dump();
  ASSERT_EQ(findings["findings"][0]["cve_id"], "CVE-2023-0286");
  const std::string triage =
      "/api/v1/findings/" + std::to_string(findings["findings"][0]["id"].get<int>()) + "/triage";
  // Untriaged before its deadline the finding is private: no document.
  const std::string listing_path = "/api/v1/labels/" + registration_ + "/csaf";
  EXPECT_TRUE(Get(listing_path).Json()["documents"].empty());
  EXPECT_EQ(Get("/.well-known/csaf/white/index.txt").body, "");
  Post(product + "/firmware-versions", {{"version", "1.1.0"}});
  ASSERT_NO_FATAL_FAILURE(ImportProviderKey());

  struct Kind {
    json body;
    std::string status;  // the product_status group of FW-1.0.0
    std::string remediation;
    std::string flag;
  };
  std::vector<Kind> kinds = {
      {{{"status", "under-investigation"}}, "under_investigation", "", ""},
      {{{"status", "affected"},
        {"remediation", "mitigation"},
        {"note", "CRL 検査を無効にしてください / Disable CRL checking"}},
       "known_affected", "mitigation", ""},
      {{{"status", "affected"},
        {"remediation", "workaround"},
        {"note", "X.400 名を含む証明書を受け付けないでください / Refuse X.400 names"}},
       "known_affected", "workaround", ""},
      {{{"status", "affected"}}, "known_affected", "none_available", ""},
      {{{"status", "affected"}, {"remediation", "no_fix_planned"}},
       "known_affected", "no_fix_planned", ""},
  };
  for (const char* justification :
       {"component_not_present", "vulnerable_code_not_present",
        "vulnerable_code_cannot_be_controlled_by_adversary", "vulnerable_code_not_in_execute_path",
        "inline_mitigations_already_exist"}) {
    kinds.push_back({{{"status", "not-affected"},
                      {"justification", justification},
                      {"note", "CRL 検査は行いません / CRL checks are never made"}},
                     "known_not_affected", "", justification});
  }
  kinds.push_back({{{"status", "fixed"}, {"fixed_in_version", "1.1.0"}, {"note", "OpenSSL 3.0.8"}},
                   "known_affected", "vendor_fix", ""});

  std::vector<std::filesystem::path> files;
  json last;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const Kind& kind = kinds[i];
    SCOPED_TRACE(kind.body.dump());
    HttpResult triaged = scenario_.client.Post(triage, kind.body, scenario_.vendor_a.token);
    ASSERT_EQ(triaged.status, 200) << triaged.body;
    json listing = Get(listing_path).Json();
    ASSERT_EQ(listing["documents"].size(), 1u) << listing.dump();
    EXPECT_EQ(listing["documents"][0]["category"], "csaf_vex");
    files.push_back(FetchAndVerify(listing["documents"][0]["url"], std::to_string(i) + "-"));
    std::ifstream in(files.back());
    const json doc = json::parse(in);
    // Every triage is a revision.
    EXPECT_EQ(doc["document"]["tracking"]["version"], std::to_string(i + 1));
    EXPECT_EQ(doc["document"]["tracking"]["revision_history"].size(), i + 1);
    const json& v = doc["vulnerabilities"][0];
    EXPECT_EQ(v["cve"], "CVE-2023-0286");
    const json& group = v["product_status"][kind.status];
    EXPECT_NE(std::find(group.begin(), group.end(), "FW-1.0.0"), group.end()) << v.dump();
    if (!kind.remediation.empty()) {
      bool found = false;
      for (const json& r : v["remediations"]) {
        const json& ids = r["product_ids"];
        found |= r["category"] == kind.remediation &&
                 std::find(ids.begin(), ids.end(), "FW-1.0.0") != ids.end();
      }
      EXPECT_TRUE(found) << v.dump();
    }
    if (!kind.flag.empty()) {
      ASSERT_TRUE(v.contains("flags")) << v.dump();
      EXPECT_EQ(v["flags"][0]["label"], kind.flag);
      EXPECT_EQ(v["flags"][0]["product_ids"], json::array({"FW-1.0.0"}));
      EXPECT_EQ(v["threats"][0]["details"], "CRL 検査は行いません / CRL checks are never made");
    }
    last = doc;
  }
  // Fixed in 1.1.0: every earlier version affected, 1.1.0 fixed.
  EXPECT_EQ(last["vulnerabilities"][0]["product_status"]["known_affected"],
            json::array({"FW-1.0.0", "FW-1.0.1"}));
  EXPECT_EQ(last["vulnerabilities"][0]["product_status"]["fixed"], json::array({"FW-1.1.0"}));
  EXPECT_EQ(verified_, static_cast<int>(kinds.size()));

  // The public product page links the document and says an SBOM is kept.
  HttpResult page = Get("/labels/" + registration_);
  EXPECT_NE(page.body.find(Get(listing_path).Json()["documents"][0]["url"].get<std::string>()),
            std::string::npos);
  EXPECT_NE(page.body.find("SBOM: 保管あり"), std::string::npos);

  // Silence past the deadline (untriaged: under_investigation) cannot be
  // waited for here; the generator's document for it is validated too,
  // with a not-affected finding without the vendor's note beside it.
  csaf::LabelSecurityData silent;
  silent.label.registration_number = registration_;
  silent.label.product_name = "Network camera";
  silent.label.model_number = "NC-CSAF-1";
  silent.label.vendor_name = "Vendor A";
  registry::Finding overdue;
  overdue.id = 1;
  overdue.firmware_version = "1.0.0";
  overdue.component = "openssl";
  overdue.component_version = "3.0.7";
  overdue.cve_id = "CVE-2023-0286";
  overdue.severity = "HIGH";
  overdue.acknowledge_due = csaf::testing::At(1790000000);
  overdue.triage_overdue = true;
  overdue.public_state = "調査中 / under investigation";
  registry::Finding quiet = overdue;
  quiet.id = 2;
  quiet.firmware_version = "1.0.1";
  quiet.status = registry::FindingStatus::kNotAffected;
  quiet.triage_overdue = false;
  quiet.justification = "component_not_present";
  quiet.public_state = "影響なし / not affected";
  silent.findings = {overdue, quiet};
  silent.changes = {{1, registration_, "finding-triaged", "active", csaf::testing::At(1790000100),
                     registry::FindingSubject(quiet) + ": " + quiet.public_state}};
  auto generated = csaf::DocumentsFromRegistry(silent, csaf::testing::TestPublisher());
  ASSERT_TRUE(generated.ok()) << generated.status().message();
  ASSERT_EQ(generated->size(), 1u);
  json silent_doc = json::parse(generated->front().json);
  EXPECT_EQ(silent_doc["vulnerabilities"][0]["product_status"]["under_investigation"],
            json::array({"FW-1.0.0"}));
  EXPECT_EQ(silent_doc["document"]["tracking"]["version"], "2");
  Write(dir_ / "overdue.json", generated->front().json);
  files.push_back(dir_ / "overdue.json");

  if (!Validate(files)) {
    GTEST_SKIP() << "tests/csaf/node_modules is missing (run npm ci in tests/csaf): the CSAF "
                    "validator did not run";
  }
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
