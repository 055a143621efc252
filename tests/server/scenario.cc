#include "scenario.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "store/store.h"

namespace iotmark::testing {

namespace {

constexpr const char* kPassword = "correct horse battery staple";

}  // namespace

std::string Scenario::DatabaseUrl() const {
  if (database_url_.empty()) {
    auto url = store::TestStoreUrl("sqlite:" + (folder.path() / "registry.db").string());
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    if (url.ok()) database_url_ = *url;
  }
  return database_url_;
}

bool Scenario::Start(const std::vector<std::string>& serve_arguments) {
  std::filesystem::path password_file = folder.path() / "admin-password";
  std::ofstream(password_file) << kPassword << "\n";
  std::string output;
  int code =
      RunIotmark({"admin", "init", "--db", DatabaseUrl(), "--email", "admin@operator.example",
                  "--password-file", password_file.string(), "--key-dir", KeyDirectory().string()},
                 &output);
  if (code != 0) {
    ADD_FAILURE() << "admin init failed (" << code << "): " << output;
    return false;
  }
  if (!server.Start(DatabaseUrl(), KeyDirectory(), folder.path() / "server.log", serve_arguments)) {
    return false;
  }
  client.set_port(server.port());
  admin = Login("admin@operator.example", kPassword);
  if (admin.token.empty()) return false;
  auto create_org = [&](const std::string& name) -> std::int64_t {
    HttpResult result = client.Post("/api/v1/organizations",
                                    {{"name", name},
                                     {"name_en", name + " Ltd."},
                                     {"contact_email", "security@" + name + ".example"}},
                                    admin.token);
    EXPECT_EQ(result.status, 201) << result.body;
    return result.status == 201 ? result.Json()["id"].get<std::int64_t>() : 0;
  };
  organization_a = create_org("vendor-a");
  organization_b = create_org("vendor-b");
  reviewer = CreateUser("reviewer@operator.example", "operator-reviewer", std::nullopt);
  auditor = CreateUser("auditor@operator.example", "auditor", std::nullopt);
  vendor_a = CreateUser("member@vendor-a.example", "vendor-member", organization_a);
  vendor_b = CreateUser("member@vendor-b.example", "vendor-member", organization_b);
  return !reviewer.token.empty() && !auditor.token.empty() && !vendor_a.token.empty() &&
         !vendor_b.token.empty();
}

bool Scenario::Restart(int signal_number) {
  server.Signal(signal_number);
  if (!server.Start(DatabaseUrl(), KeyDirectory(), folder.path() / "server.log")) return false;
  client.set_port(server.port());
  return true;
}

Actor Scenario::Login(const std::string& email, const std::string& password) {
  Actor actor;
  actor.email = email;
  HttpResult result = client.Post("/api/v1/session", {{"email", email}, {"password", password}});
  if (result.status != 201) {
    ADD_FAILURE() << "login of " << email << " failed: " << result.status << " " << result.body;
    return actor;
  }
  nlohmann::json body = result.Json();
  actor.token = body["token"];
  actor.user_id = body["user"]["user_id"];
  return actor;
}

Actor Scenario::CreateUser(const std::string& email, const std::string& role,
                           std::optional<std::int64_t> organization) {
  nlohmann::json body = {{"email", email}, {"password", kPassword}, {"role", role}};
  if (organization) body["organization_id"] = *organization;
  HttpResult result = client.Post("/api/v1/users", body, admin.token);
  if (result.status != 201) {
    ADD_FAILURE() << "create user " << email << ": " << result.status << " " << result.body;
    return {};
  }
  return Login(email, kPassword);
}

nlohmann::json Scenario::ValidChecklist(const std::string& model_number) {
  nlohmann::json results = nlohmann::json::array();
  for (int i = 1; i <= 16; ++i) {
    char id[16];
    std::snprintf(id, sizeof(id), "S1.1-%02d", i);
    results.push_back(
        {{"criterion", id},
         {"verdict", "conform"},
         {"na_reason", ""},
         {"method", "device-test"},
         {"evidence", nlohmann::json::array({{{"path", std::string("evidence/") + id + ".pdf"},
                                              {"sha256", std::string(64, 'a')},
                                              {"description", "設計文書 / design document"}}})},
         {"note", ""}});
  }
  return {{"scheme", "jcstar-star1"},
          {"basic_info",
           {{"vendor", "vendor-a"},
            {"product_name", "Camera " + model_number},
            {"model_number", model_number},
            {"firmware_version", "1.0.0"},
            {"product_type", "network-camera"},
            {"giteki_number", ""},
            {"contact", "security@vendor-a.example"},
            {"vulnerability_policy_url", "https://vendor-a.example/psirt"},
            {"support_end", "2030-12-31"}}},
          {"results", results}};
}

std::int64_t Scenario::CreateProduct(const Actor& vendor, const std::string& model_number) {
  HttpResult result = client.Post("/api/v1/products",
                                  {{"model_number", model_number},
                                   {"name", "Camera " + model_number},
                                   {"product_type", "network-camera"}},
                                  vendor.token);
  EXPECT_EQ(result.status, 201) << result.body;
  if (result.status != 201) return 0;
  std::int64_t id = result.Json()["id"];
  HttpResult firmware =
      client.Post("/api/v1/products/" + std::to_string(id) + "/firmware-versions",
                  {{"version", "1.0.0"}, {"released_on", "2026-10-01"}}, vendor.token);
  EXPECT_EQ(firmware.status, 201) << firmware.body;
  return id;
}

std::int64_t Scenario::CreateApplication(const Actor& vendor, std::int64_t product_id,
                                         const nlohmann::json& extra) {
  nlohmann::json body = {{"product_id", product_id},
                         {"kind", "new"},
                         {"checklist", ValidChecklist("CAM-" + std::to_string(product_id))}};
  body.update(extra);
  HttpResult result = client.Post("/api/v1/applications", body, vendor.token);
  EXPECT_EQ(result.status, 201) << result.body;
  if (result.status != 201) return 0;
  EXPECT_TRUE(result.Json()["checklist_errors"].empty()) << result.body;
  return result.Json()["id"];
}

int Scenario::Step(const Actor& actor, std::int64_t application_id, const std::string& step,
                   const nlohmann::json& body) {
  return client
      .Post("/api/v1/applications/" + std::to_string(application_id) + "/" + step, body,
            actor.token)
      .status;
}

std::string Scenario::IssueLabel(const Actor& vendor, std::int64_t product_id,
                                 const nlohmann::json& extra) {
  std::int64_t id = CreateApplication(vendor, product_id, extra);
  if (id == 0) return "";
  if (Step(vendor, id, "submit") != 200) return (ADD_FAILURE() << "submit", "");
  if (Step(reviewer, id, "inquiry") != 200) return (ADD_FAILURE() << "inquiry", "");
  if (Step(reviewer, id, "inquiry-result",
           {{"result", "cleared"}, {"note", "照会結果: 問題なし"}}) != 200) {
    return (ADD_FAILURE() << "inquiry-result", "");
  }
  if (Step(reviewer, id, "accept") != 200) return (ADD_FAILURE() << "accept", "");
  // The catalog publishes no extension fee: the operator states it.
  nlohmann::json invoice = nlohmann::json::object();
  if (extra.value("kind", "new") == "extension") invoice["amount_jpy"] = 55000;
  if (Step(reviewer, id, "invoice", invoice) != 200) return (ADD_FAILURE() << "invoice", "");
  if (Step(reviewer, id, "payment") != 200) return (ADD_FAILURE() << "payment", "");
  HttpResult issued =
      client.Post("/api/v1/applications/" + std::to_string(id) + "/issue", {}, reviewer.token);
  if (issued.status != 201) {
    ADD_FAILURE() << "issue: " << issued.status << " " << issued.body;
    return "";
  }
  return issued.Json()["registration_number"];
}

}  // namespace iotmark::testing
