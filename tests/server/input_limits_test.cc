// Bad input over HTTP: malformed JSON and wrong types → 400 naming the
// field; an invalid checklist → 400 with every field error; oversize body →
// 413; unknown route → 404; wrong method → 405; missing / bad token → 401;
// repeated failed logins → 429 with Retry-After.
#include <gtest/gtest.h>

#include "scenario.h"

namespace iotmark::testing {
namespace {

TEST(InputLimitsTest, BadInputAnswersWithTheFieldAtFault) {
  Scenario s;
  ASSERT_TRUE(s.Start({"--body-limit", "65536"}));
  HttpClient& client = s.client;

  HttpResult bad_json = client.Request("POST", "/api/v1/products", "{\"name\": ", s.vendor_a.token);
  ASSERT_EQ(bad_json.status, 400) << bad_json.body;
  EXPECT_EQ(bad_json.Json()["error"]["code"], "invalid_json");
  EXPECT_EQ(bad_json.Json()["error"]["field"], "$.name");  // where the error sits

  HttpResult wrong_type = client.Post(
      "/api/v1/products", {{"model_number", 42}, {"name", "n"}, {"product_type", "router"}},
      s.vendor_a.token);
  ASSERT_EQ(wrong_type.status, 400) << wrong_type.body;
  EXPECT_EQ(wrong_type.Json()["error"]["field"], "$.model_number");

  HttpResult wrong_id =
      client.Post("/api/v1/applications", {{"product_id", "seven"}}, s.vendor_a.token);
  ASSERT_EQ(wrong_id.status, 400);
  EXPECT_EQ(wrong_id.Json()["error"]["field"], "$.product_id");

  HttpResult login_type = client.Post("/api/v1/session", {{"email", true}, {"password", "x"}});
  ASSERT_EQ(login_type.status, 400);
  EXPECT_EQ(login_type.Json()["error"]["field"], "$.email");

  // An invalid checklist is stored as a draft with its errors, and refused at submit.
  std::int64_t product = s.CreateProduct(s.vendor_a, "CAM-500");
  nlohmann::json checklist = Scenario::ValidChecklist("CAM-500");
  checklist["results"][3]["verdict"] = "maybe";
  checklist["basic_info"]["support_end"] = "2030-02-30";
  HttpResult draft =
      client.Post("/api/v1/applications", {{"product_id", product}, {"checklist", checklist}},
                  s.vendor_a.token);
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_GE(draft.Json()["checklist_errors"].size(), 1u) << draft.body;
  std::int64_t id = draft.Json()["id"];
  HttpResult submit =
      client.Post("/api/v1/applications/" + std::to_string(id) + "/submit", {}, s.vendor_a.token);
  ASSERT_EQ(submit.status, 400) << submit.body;
  EXPECT_EQ(submit.Json()["error"]["code"], "invalid_checklist");
  EXPECT_GE(submit.Json()["error"]["details"].size(), 1u);
  EXPECT_FALSE(submit.Json()["error"]["field"].get<std::string>().empty());
  HttpResult checklist_type =
      client.Request("PUT", "/api/v1/applications/" + std::to_string(id) + "/checklist",
                     "{\"checklist\": [1]}", s.vendor_a.token);
  EXPECT_EQ(checklist_type.status, 400);
  EXPECT_EQ(checklist_type.Json()["error"]["field"], "$.checklist");

  // Size and routing.
  HttpResult oversize =
      RawExchange(s.server.port(),
                  "POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 200000\r\n\r\n{\"name\":\"" +
                      std::string(1000, 'x'));
  EXPECT_EQ(oversize.status, 413) << oversize.body;
  HttpResult big =
      client.Request("POST", "/api/v1/products", std::string(100000, ' '), s.vendor_a.token);
  EXPECT_TRUE(big.status == 413 || big.status == 0) << big.status;
  EXPECT_EQ(client.Get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(client.Request("PATCH", "/api/v1/labels").status, 405);
  EXPECT_EQ(client.Get("/api/v1/products/abc", s.vendor_a.token).status, 400);

  // Authentication.
  HttpResult no_token = client.Get("/api/v1/products");
  EXPECT_EQ(no_token.status, 401);
  EXPECT_EQ(no_token.Header("www-authenticate").rfind("Bearer", 0), 0u);
  EXPECT_EQ(client.Get("/api/v1/products", "not-a-token").status, 401);
  EXPECT_EQ(client
                .Request("GET", "/api/v1/products", std::nullopt, "",
                         {{"Authorization", "Basic dXNlcjpwYXNz"}})
                .status,
            401);

  // Throttling: the account locks after repeated failures (S1.1-04).
  int last = 0;
  HttpResult throttled;
  for (int attempt = 0; attempt < 8 && last != 429; ++attempt) {
    throttled = client.Post(
        "/api/v1/session",
        {{"email", s.vendor_b.email}, {"password", "wrong password " + std::to_string(attempt)}});
    last = throttled.status;
    if (last != 429) {
      EXPECT_EQ(last, 401) << throttled.body;
    }
  }
  ASSERT_EQ(last, 429) << throttled.body;
  EXPECT_EQ(throttled.Json()["error"]["code"], "too_many_requests");
  int retry_after =
      std::stoi(throttled.Header("retry-after").empty() ? "0" : throttled.Header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 3600);
  // Even the right password is refused while locked.
  EXPECT_EQ(client
                .Post("/api/v1/session",
                      {{"email", s.vendor_b.email}, {"password", "correct horse battery staple"}})
                .status,
            429);
}

}  // namespace
}  // namespace iotmark::testing
