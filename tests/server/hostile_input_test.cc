// Issue 11: the server defects found by hand with hostile input, each
// reproduced over HTTP against a real `iotmark serve`: values no field can
// hold are 400 naming the field (never 500), query parameters with control
// characters are 400, no answer or page shows internals, log lines stay
// bounded and escaped, vendor URLs are http(s) only, malformed framing
// (chunk size -1, obsolete line folding, a lone request line) gets its
// documented answer, and a throttled web sign-in is 429 with Retry-After in
// the page's language.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "scenario.h"

namespace iotmark::testing {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t LongestLine(const std::string& text) {
  std::size_t longest = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) longest = std::max(longest, line.size());
  return longest;
}

void ExpectFieldError(const HttpResult& result, const std::string& field, const std::string& what) {
  EXPECT_EQ(result.status, 400) << what << ": " << result.body.substr(0, 300);
  if (result.status != 400) return;
  nlohmann::json error = result.Json()["error"];
  EXPECT_TRUE(error["code"] == "invalid_field" || error["code"] == "invalid_json") << what;
  EXPECT_EQ(error["field"], field) << what << ": " << result.body.substr(0, 300);
  EXPECT_LT(result.body.size(), 1000u) << what << ": the answer must not echo the value";
}

TEST(HostileInputTest, UnholdableJsonValuesAre400NamingTheField) {
  Scenario s;
  ASSERT_TRUE(s.Start({"--body-limit", "2097152"}));
  HttpClient& client = s.client;
  const std::string huge(100000, '1');
  const std::string mib(1 << 20, '7');
  for (const std::string& number : {huge, std::string("1e999999"), std::string("1e400"),
                                    std::string(400, '9'), mib}) {
    std::string shown = number.substr(0, 12);
    ExpectFieldError(
        client.Request("POST", "/api/v1/session", "{\"email\":" + number + ",\"password\":\"x\"}"),
        "$.email", "session " + shown);
    ExpectFieldError(client.Request("POST", "/api/v1/session",
                                    "{\"email\":\"a@example.jp\",\"password\":" + number + "}"),
                     "$.password", "session " + shown);
    ExpectFieldError(client.Request("POST", "/api/v1/products", "{\"name\":" + number + "}",
                                    s.vendor_a.token),
                     "$.name", "products " + shown);
    ExpectFieldError(client.Request("POST", "/api/v1/organizations", "{\"name\":" + number + "}",
                                    s.admin.token),
                     "$.name", "organizations " + shown);
  }
  std::int64_t product = s.CreateProduct(s.vendor_a, "HOSTILE-1");
  std::string regno = s.IssueLabel(s.vendor_a, product);
  ASSERT_FALSE(regno.empty());
  ExpectFieldError(client.Request("POST", "/api/v1/labels/" + regno + "/vulnerability-reports",
                                  "{\"reporter_name\":\"x\",\"summary\":" + huge + "}"),
                   "$.summary", "vulnerability report");
  ExpectFieldError(client.Request("POST", "/api/v1/session",
                                  "{\"email\":\"a\\u0000b\",\"password\":\"x\"}"),
                   "$.email", "NUL");
  ExpectFieldError(client.Request("POST", "/api/v1/session",
                                  "{\"email\":\"a@example.jp\",\"email\":\"b@example.jp\"}"),
                   "$.email", "duplicate key");
  HttpResult deep =
      client.Request("POST", "/api/v1/session", "{\"email\":" + std::string(100000, '[') + "}");
  EXPECT_EQ(deep.status, 400) << deep.body.substr(0, 300);
  EXPECT_EQ(deep.Json()["error"]["field"].get<std::string>().rfind("$.email[0]", 0), 0u)
      << deep.body.substr(0, 300);
  ExpectFieldError(client.Request("POST", "/api/v1/checklists/validate",
                                  "{\"scheme\":" + huge + "}", s.vendor_a.token),
                   "$.scheme", "checklist validate");
  // Nothing was a 500, and the log never holds the numbers: every line short.
  std::string log = Slurp(s.folder.path() / "server.log");
  EXPECT_EQ(log.find("status=500"), std::string::npos);
  EXPECT_LT(LongestLine(log), 2000u);
}

TEST(HostileInputTest, ControlCharactersInQueryParametersAre400WithoutInternals) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  for (const char* target : {"/api/v1/labels?q=%00%00%00", "/api/v1/labels?q=Cam%00",
                             "/api/v1/labels?q=%00"}) {
    HttpResult result = s.client.Get(target);
    EXPECT_EQ(result.status, 400) << target << result.body;
    EXPECT_EQ(result.Json()["error"]["field"], "q") << target;
  }
  HttpResult page = s.client.Get("/search?q=abc%00");
  EXPECT_EQ(page.status, 400) << page.body;
  EXPECT_EQ(page.body.find("sqlite"), std::string::npos);
  EXPECT_EQ(page.body.find("SELECT"), std::string::npos);
  EXPECT_NE(page.body.find("q"), std::string::npos);
  EXPECT_EQ(s.client.Get("/search?q=abc").status, 200);
  // Invalid UTF-8 in the path reaches the access log escaped.
  HttpResult raw = RawExchange(s.server.port(), "GET /%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(raw.status, 404);
  std::string log;
  for (int i = 0; i < 50 && log.find("\\xff\\xfe") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = Slurp(s.folder.path() / "server.log");
  }
  EXPECT_NE(log.find("path=\"/\\xff\\xfe\""), std::string::npos) << log.substr(log.size() - 500);
  EXPECT_EQ(log.find("\xff\xfe"), std::string::npos);
}

TEST(HostileInputTest, VendorUrlsAreHttpOnly) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  nlohmann::json policy = {{"acknowledge_within_days", 5},
                           {"status_update_every_days", 30},
                           {"policy_url", "javascript:alert(6)"}};
  HttpResult put = s.client.Request(
      "PUT", "/api/v1/organizations/" + std::to_string(s.organization_a) + "/disclosure-policy",
      policy.dump(), s.vendor_a.token);
  EXPECT_EQ(put.status, 400) << put.body;
  EXPECT_EQ(put.Json()["error"]["field"], "$.policy_url") << put.body;
  HttpResult created = s.client.Post(
      "/api/v1/organizations",
      {{"name", "悪意のある組織"}, {"contact_email", "psirt@example.jp"}, {"disclosure_policy", policy}},
      s.admin.token);
  EXPECT_EQ(created.status, 400) << created.body;
  EXPECT_EQ(created.Json()["error"]["field"], "$.disclosure_policy.policy_url") << created.body;
  policy["policy_url"] = "https://example.jp/security";
  HttpResult fine = s.client.Request(
      "PUT", "/api/v1/organizations/" + std::to_string(s.organization_a) + "/disclosure-policy",
      policy.dump(), s.vendor_a.token);
  EXPECT_LT(fine.status, 300) << fine.body;
}

TEST(HostileInputTest, MalformedFramingGetsItsDocumentedAnswer) {
  Scenario s;
  ASSERT_TRUE(s.Start({"--header-timeout-ms", "500"}));
  EXPECT_EQ(RawExchange(s.server.port(),
                "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                "-1\r\n{}\r\n0\r\n\r\n")
                .status,
            400);
  EXPECT_EQ(RawExchange(s.server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n")
                .status,
            400);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(RawExchange(s.server.port(), "GET /healthz HTTP/1.1\r\n").status, 408);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(s.client.Get("/healthz").status, 200);
}

TEST(HostileInputTest, ThrottledWebSignInIs429WithRetryAfterInJapanese) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  HttpResult form = s.client.Get("/signin");
  ASSERT_EQ(form.status, 200);
  std::smatch cookie;
  std::string set_cookie = form.Header("set-cookie");
  ASSERT_TRUE(std::regex_search(set_cookie, cookie, std::regex("iotmark_form=([^;]+)")))
      << set_cookie;
  std::smatch token;
  ASSERT_TRUE(std::regex_search(form.body, token,
                                std::regex("name=\"csrf_token\" value=\"([^\"]+)\"")));
  HttpResult last;
  for (int attempt = 0; attempt < 10 && last.status != 429; ++attempt) {
    last = s.client.Request(
        "POST", "/signin",
        "email=" + s.vendor_b.email + "&password=wrong" + std::to_string(attempt) +
            "&csrf_token=" + token[1].str(),
        "",
        {{"Content-Type", "application/x-www-form-urlencoded"},
         {"Cookie", "iotmark_form=" + cookie[1].str()},
         {"Accept-Language", "ja"}});
  }
  ASSERT_EQ(last.status, 429) << last.body.substr(0, 500);
  int retry_after = std::stoi(last.Header("retry-after").empty() ? "0" : last.Header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_NE(last.body.find("一時的にロックされています"), std::string::npos);
  EXPECT_EQ(last.body.find("too many failed logins"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::testing
