// Every application step and label transition through HTTP: the allowed
// ones answer 200/201 and move the state; every refused one answers 409
// with the reason, and changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "scenario.h"

namespace iotmark::testing {
namespace {

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(scenario_.Start()); }

  std::string LabelStatus(const std::string& regno) {
    return scenario_.client.Get("/api/v1/labels/" + regno).Json()["status"];
  }
  int LabelAction(const Actor& actor, const std::string& regno, const std::string& action,
                  const nlohmann::json& body) {
    HttpResult result =
        scenario_.client.Post("/api/v1/labels/" + regno + "/" + action, body, actor.token);
    if (result.status == 409) {
      EXPECT_EQ(result.Json()["error"]["code"], "transition_refused") << result.body;
      EXPECT_FALSE(result.Json()["error"]["message"].get<std::string>().empty());
    }
    return result.status;
  }

  Scenario scenario_;
};

TEST_F(LifecycleTest, ApplicationStepsOutOfOrderAreRefusedWith409) {
  Scenario& s = scenario_;
  std::int64_t product = s.CreateProduct(s.vendor_a, "CAM-200");
  std::int64_t id = s.CreateApplication(s.vendor_a, product);
  // From draft, no operator step applies.
  for (const char* step : {"inquiry", "accept", "invoice", "payment", "issue"}) {
    EXPECT_EQ(s.Step(s.reviewer, id, step), 409) << step;
  }
  EXPECT_EQ(s.Step(s.vendor_a, id, "submit"), 200);
  EXPECT_EQ(s.Step(s.vendor_a, id, "submit"), 409);
  EXPECT_EQ(s.Step(s.reviewer, id, "accept"), 409);  // inquiry first
  EXPECT_EQ(s.Step(s.reviewer, id, "inquiry"), 200);
  EXPECT_EQ(s.Step(s.reviewer, id, "inquiry"), 409);
  EXPECT_EQ(s.Step(s.reviewer, id, "accept"), 409);  // no result yet
  EXPECT_EQ(s.Step(s.reviewer, id, "inquiry-result",
                   {{"result", "flagged"}, {"note", "リスクあり / supply-chain risk"}}),
            200);
  EXPECT_EQ(s.Step(s.reviewer, id, "accept"), 409);  // flagged can only be rejected
  EXPECT_EQ(s.Step(s.reviewer, id, "reject", {{"reason", "照会でリスク / inquiry flagged"}}), 200);
  EXPECT_EQ(s.Step(s.reviewer, id, "reject", {{"reason", "again"}}), 409);
  HttpResult rejected =
      s.client.Get("/api/v1/applications/" + std::to_string(id), s.vendor_a.token);
  EXPECT_EQ(rejected.Json()["state"], "rejected");
  EXPECT_FALSE(rejected.Json()["history"].empty());

  // A second application: invoice before accept, payment before invoice,
  // issue before payment are refused.
  std::int64_t second = s.CreateApplication(s.vendor_a, product);
  EXPECT_EQ(s.Step(s.vendor_a, second, "submit"), 200);
  EXPECT_EQ(s.Step(s.reviewer, second, "inquiry"), 200);
  EXPECT_EQ(s.Step(s.reviewer, second, "inquiry-result", {{"result", "cleared"}}), 200);
  EXPECT_EQ(s.Step(s.reviewer, second, "invoice"), 409);
  EXPECT_EQ(s.Step(s.reviewer, second, "accept"), 200);
  EXPECT_EQ(s.Step(s.reviewer, second, "payment"), 409);
  EXPECT_EQ(s.Step(s.reviewer, second, "issue"), 409);
  EXPECT_EQ(s.Step(s.reviewer, second, "invoice"), 200);
  EXPECT_EQ(s.Step(s.reviewer, second, "issue"), 409);
  EXPECT_EQ(s.Step(s.reviewer, second, "payment"), 200);
  EXPECT_EQ(s.Step(s.reviewer, second, "reject", {{"reason", "late"}}), 409);
  EXPECT_EQ(s.Step(s.reviewer, second, "issue"), 201);
  EXPECT_EQ(s.Step(s.reviewer, second, "issue"), 409);
}

TEST_F(LifecycleTest, LabelTransitionsAllowedAndRefused) {
  Scenario& s = scenario_;
  std::int64_t product = s.CreateProduct(s.vendor_a, "CAM-300");
  std::string regno = s.IssueLabel(s.vendor_a, product);
  ASSERT_FALSE(regno.empty());
  EXPECT_EQ(LabelStatus(regno), "active");
  // Active: closing or revoking a surveillance that is not open is refused.
  EXPECT_EQ(LabelAction(s.reviewer, regno, "surveillance/close", {{"note", "n"}}), 409);
  EXPECT_EQ(LabelAction(s.reviewer, regno, "revoke", {{"reason", "r"}}), 409);
  EXPECT_EQ(LabelAction(s.vendor_a, regno, "surveillance/evidence", {{"evidence", "e"}}), 409);
  // Active → Under Surveillance → Active.
  // A deadline 30 days ahead (well before the label's validity ends).
  std::time_t in_a_month = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                                std::chrono::hours(24 * 30));
  std::tm parts{};
  gmtime_r(&in_a_month, &parts);
  char deadline[16];
  std::strftime(deadline, sizeof(deadline), "%Y-%m-%d", &parts);
  nlohmann::json open = {{"evidence_request", "更新手順の証跡を提出 / send update evidence"},
                         {"deadline", deadline}};
  EXPECT_EQ(LabelAction(s.reviewer, regno, "surveillance", open), 200);
  EXPECT_EQ(LabelStatus(regno), "under-surveillance");
  EXPECT_EQ(LabelAction(s.reviewer, regno, "surveillance", open), 409);
  EXPECT_EQ(
      LabelAction(s.vendor_a, regno, "surveillance/evidence", {{"evidence", "修正済み / fixed"}}),
      200);
  EXPECT_EQ(
      LabelAction(s.reviewer, regno, "surveillance/close", {{"note", "是正確認 / remediated"}}),
      200);
  EXPECT_EQ(LabelStatus(regno), "active");
  // Active → Under Surveillance → Revoked (final).
  EXPECT_EQ(LabelAction(s.reviewer, regno, "surveillance", open), 200);
  EXPECT_EQ(LabelAction(s.reviewer, regno, "revoke", {{"reason", "是正されず / not remedied"}}),
            200);
  EXPECT_EQ(LabelStatus(regno), "revoked");
  EXPECT_EQ(LabelAction(s.vendor_a, regno, "withdraw", {{"reason", "r"}}), 409);
  EXPECT_EQ(LabelAction(s.reviewer, regno, "surveillance", open), 409);
  HttpResult history = s.client.Get("/api/v1/labels/" + regno);
  EXPECT_GE(history.Json()["history"].size(), 5u);

  // Active → Withdrawn at the vendor's request (final).
  std::string second = s.IssueLabel(s.vendor_a, s.CreateProduct(s.vendor_a, "CAM-301"));
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(LabelAction(s.vendor_a, second, "withdraw", {{"reason", "販売終了 / end of sale"}}),
            200);
  EXPECT_EQ(LabelStatus(second), "withdrawn");
  EXPECT_EQ(LabelAction(s.reviewer, second, "surveillance", open), 409);
  EXPECT_EQ(LabelAction(s.vendor_a, second, "withdraw", {{"reason", "again"}}), 409);

  // A security-relevant specification change: Active → Withdrawn.
  std::string third = s.IssueLabel(s.vendor_a, s.CreateProduct(s.vendor_a, "CAM-302"));
  ASSERT_FALSE(third.empty());
  EXPECT_EQ(LabelAction(s.vendor_a, third, "spec-change",
                        {{"description", "通信方式の変更 / new radio module"}}),
            200);
  EXPECT_EQ(LabelStatus(third), "withdrawn");

  // Firmware coverage: a version can be marked not covered.
  std::int64_t fourth_product = s.CreateProduct(s.vendor_a, "CAM-303");
  std::string fourth = s.IssueLabel(s.vendor_a, fourth_product);
  ASSERT_FALSE(fourth.empty());
  EXPECT_EQ(LabelAction(s.vendor_a, fourth, "firmware-coverage",
                        {{"version", "1.0.0"}, {"covered", false}, {"reason", "EOL"}}),
            200);
  auto versions = s.client.Get("/api/v1/labels/" + fourth).Json()["firmware_versions"];
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0]["covered"], false);

  // Extension: a new self-declaration for the active label moves validity on.
  std::string before = s.client.Get("/api/v1/labels/" + fourth).Json()["valid_until"];
  std::string extended = s.IssueLabel(s.vendor_a, fourth_product,
                                      {{"kind", "extension"},
                                       {"label_registration_number", fourth},
                                       {"requested_validity_months", 12}});
  EXPECT_EQ(extended, fourth);
  std::string after = s.client.Get("/api/v1/labels/" + fourth).Json()["valid_until"];
  EXPECT_GT(after, before);
}

}  // namespace
}  // namespace iotmark::testing
