// The authorisation matrix: role × endpoint × own/other organisation,
// generated from one table. Each cell lists the statuses the registry's
// rules allow (docs/registry.md "Roles"): another vendor's data reads as
// 404, a change without the right is 403 (operators may add firmware versions;
// vendors list their own organisation's users), no token is 401, and an allowed
// change that the current state refuses is 409 (so cells never depend on
// the order they run in).
#include <gtest/gtest.h>

#include <set>

#include "scenario.h"

namespace iotmark::testing {
namespace {

enum ActorIndex { kAnonymous, kVendorOwn, kVendorOther, kReviewer, kAdmin, kAuditor, kActorCount };
constexpr const char* kActorNames[] = {"anonymous",          "vendor (own org)",
                                       "vendor (other org)", "operator-reviewer",
                                       "operator-admin",     "auditor"};

struct MatrixRow {
  std::string method;
  std::string target;  // {product}, {application}, {regno}, {org} are replaced
  nlohmann::json body;
  std::array<std::set<int>, kActorCount> expected;
};

std::string Fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name)) {
      text.replace(at, name.size(), value);
    }
  }
  return text;
}

TEST(AuthorizationMatrixTest, EveryRoleOnEveryEndpointOwnAndOtherOrganisation) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  std::int64_t product = s.CreateProduct(s.vendor_a, "CAM-400");
  std::string regno = s.IssueLabel(s.vendor_a, product);
  ASSERT_FALSE(regno.empty());
  std::int64_t draft = s.CreateApplication(s.vendor_a, product);
  std::map<std::string, std::string> values = {{"{product}", std::to_string(product)},
                                               {"{application}", std::to_string(draft)},
                                               {"{regno}", regno},
                                               {"{org}", std::to_string(s.organization_a)}};
  int unique = 0;
  auto next = [&unique] { return std::to_string(++unique); };

  // clang-format off
  //             anonymous  vendor-own  vendor-other  reviewer   admin      auditor
  std::vector<MatrixRow> table = {
    {"GET", "/api/v1/products/{product}", nullptr,
                {{{401}, {200}, {404}, {200}, {200}, {200}}}},
    {"GET", "/api/v1/products", nullptr,
                {{{401}, {200}, {200}, {200}, {200}, {200}}}},
    {"POST", "/api/v1/products/{product}/firmware-versions", {{"version", "@"}},
                {{{401}, {201}, {404, 403}, {201}, {201}, {403}}}},
    {"GET", "/api/v1/applications/{application}", nullptr,
                {{{401}, {200}, {404}, {200}, {200}, {200}}}},
    {"PUT", "/api/v1/applications/{application}/checklist", {{"checklist", Scenario::ValidChecklist("CAM-400")}},
                {{{401}, {200}, {404, 403}, {403}, {403}, {403}}}},
    {"POST", "/api/v1/applications/{application}/accept", nlohmann::json::object(),
                {{{401}, {403}, {404, 403}, {409}, {409}, {403}}}},
    {"POST", "/api/v1/applications/{application}/inquiry", nlohmann::json::object(),
                {{{401}, {403}, {404, 403}, {409}, {409}, {403}}}},
    {"POST", "/api/v1/applications/{application}/certify", nlohmann::json::object(),
                {{{401}, {403}, {404, 403}, {409}, {409}, {403}}}},
    {"GET", "/api/v1/evaluations", nullptr,
                {{{401}, {403}, {403}, {200}, {200}, {200}}}},
    {"POST", "/api/v1/evaluations/{application}/report",
                {{"results", {{{"criterion", "S1.1-01"}, {"result", "pass"}}}},
                 {"report_sha256", std::string(64, 'a')}},
                {{{401}, {403}, {403}, {403}, {403}, {403}}}},
    {"POST", "/api/v1/labels/{regno}/revoke", {{"reason", "r"}},
                {{{401}, {403}, {404, 403}, {409}, {409}, {403}}}},
    {"POST", "/api/v1/labels/{regno}/surveillance/close", {{"note", "n"}},
                {{{401}, {403}, {404, 403}, {409}, {409}, {403}}}},
    {"GET", "/api/v1/organizations/{org}", nullptr,
                {{{401}, {200}, {404, 403}, {200}, {200}, {200}}}},
    {"POST", "/api/v1/organizations", {{"name", "@"}, {"contact_email", "x@example.org"}},
                {{{401}, {403}, {403}, {403}, {201}, {403}}}},
    {"POST", "/api/v1/users", {{"email", "@"}, {"password", "long enough password"}, {"role", "auditor"}},
                {{{401}, {403}, {403}, {403}, {201}, {403}}}},
    {"GET", "/api/v1/users", nullptr,
                {{{401}, {200}, {200}, {200}, {200}, {200}}}},
    {"GET", "/api/v1/vulnerability-reports", nullptr,
                {{{401}, {200}, {200}, {200}, {200}, {200}}}},
    {"GET", "/api/v1/manage/labels", nullptr,
                {{{401}, {200}, {200}, {200}, {200}, {200}}}},
    {"GET", "/api/v1/labels/{regno}", nullptr,
                {{{200}, {200}, {200}, {200}, {200}, {200}}}},
    {"GET", "/api/v1/labels/{regno}/record", nullptr,
                {{{200}, {200}, {200}, {200}, {200}, {200}}}},
  };
  // clang-format on

  const std::array<const Actor*, kActorCount> actors = {nullptr,     &s.vendor_a, &s.vendor_b,
                                                        &s.reviewer, &s.admin,    &s.auditor};
  int cells = 0;
  for (const MatrixRow& row : table) {
    for (int actor = 0; actor < kActorCount; ++actor) {
      std::string token = actors[actor] == nullptr ? "" : actors[actor]->token;
      std::optional<std::string> body;
      if (!row.body.is_null()) {
        // "@" makes names unique per cell so allowed creations never collide.
        std::string text = row.body.dump();
        for (size_t at = text.find("\"@\""); at != std::string::npos; at = text.find("\"@\"")) {
          text.replace(at, 3, "\"cell" + next() + "@matrix.example\"");
        }
        body = text;
      }
      HttpResult result = s.client.Request(row.method, Fill(row.target, values), body, token);
      EXPECT_TRUE(row.expected[actor].count(result.status))
          << row.method << " " << row.target << " as " << kActorNames[actor] << " → "
          << result.status << " " << result.body;
      if (result.status >= 400) {
        EXPECT_TRUE(result.Json().contains("error")) << result.body;
      }
      ++cells;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(table.size()) * kActorCount);
}

}  // namespace
}  // namespace iotmark::testing
