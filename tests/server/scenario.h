// A running registry for end-to-end tests: `iotmark admin init`, a served
// store, two vendor organisations (A and B) with one member each, a
// reviewer, an auditor, everyone logged in, and helpers that walk an
// application through the review to an issued label over HTTP.
#ifndef IOTMARK_TESTS_SERVER_SCENARIO_H_
#define IOTMARK_TESTS_SERVER_SCENARIO_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "test_server.h"

namespace iotmark::testing {

struct Actor {
  std::string email;
  std::string token;
  std::int64_t user_id = 0;
};

class Scenario {
 public:
  // Starts everything; returns false (after ADD_FAILURE) when a step fails.
  bool Start(const std::vector<std::string>& serve_arguments = {});
  // Restarts the server process on the same store (after a crash).
  bool Restart(int signal_number);

  // sqlite:<folder>/registry.db, or with IOTMARK_TEST_DB_URL a PostgreSQL
  // database of this test (emptied at the first call).
  std::string DatabaseUrl() const;
  // Serves `url` instead (before Start), e.g. a cluster the test owns.
  void UseDatabase(const std::string& url) { database_url_ = url; }
  std::filesystem::path KeyDirectory() const { return folder.path() / "keys"; }

  // A valid ★1 checklist for the product (every criterion conform).
  static nlohmann::json ValidChecklist(const std::string& model_number);

  // A user created by the admin, logged in.
  Actor CreateUser(const std::string& email, const std::string& role,
                   std::optional<std::int64_t> organization);

  std::int64_t CreateProduct(const Actor& vendor, const std::string& model_number);
  // A draft application with a valid checklist; returns its id.
  std::int64_t CreateApplication(const Actor& vendor, std::int64_t product_id,
                                 const nlohmann::json& extra = nlohmann::json::object());
  // POST /api/v1/applications/{id}/{step} with `body`; returns the status.
  int Step(const Actor& actor, std::int64_t application_id, const std::string& step,
           const nlohmann::json& body = nlohmann::json::object());
  // submit → inquiry → cleared → accept → invoice → payment → issue.
  // Returns the registration number ("" on failure).
  std::string IssueLabel(const Actor& vendor, std::int64_t product_id,
                         const nlohmann::json& extra = nlohmann::json::object());

  TempFolder folder;
  ServerProcess server;
  HttpClient client;
  Actor admin, reviewer, auditor, vendor_a, vendor_b;
  std::int64_t organization_a = 0;
  std::int64_t organization_b = 0;

 private:
  Actor Login(const std::string& email, const std::string& password);
  int model_counter_ = 0;
  mutable std::string database_url_;
};

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_SERVER_SCENARIO_H_
