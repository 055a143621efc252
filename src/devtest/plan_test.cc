#include "devtest/plan.h"

#include <gtest/gtest.h>

#include "devtest/scan_plan.h"

namespace iotmark::devtest {
namespace {

Target Parse(const std::string& text) {
  auto target = ParseTarget(text, "t.yaml");
  EXPECT_TRUE(target.ok()) << target.status().ToString();
  return target.ok() ? *target : Target{};
}

TEST(PlanTest, DefaultIsTheFullTcpRangeAndTheUdpList) {
  Target target = Parse(
      "host: 127.0.0.1\ndeclared_ports: {tcp: [8080], udp: [15683]}\n"
      "web: {base_url: \"http://127.0.0.1:8080\"}\n"
      "login: {username: admin, password: pw}\nbrute_force: {attempts: 12}\n"
      "power_cycle: {command: \"reboot-it\"}\n");
  ScanPlan scan = PlanScan(target);
  EXPECT_EQ(scan.tcp_ports.size(), 65535u);
  EXPECT_FALSE(scan.Narrowed());
  nlohmann::json plan = PlanJson(target);
  EXPECT_EQ(plan["tcp_ranges"], nlohmann::json::array({"1-65535"}));
  EXPECT_EQ(plan["udp_ports"], nlohmann::json::array({53, 67, 69, 123, 137, 161, 500, 1900, 3702,
                                                      5353, 5683, 15683, 47808}));
  EXPECT_EQ(plan["udp_probes"]["5683"]["service"], "coap");
  EXPECT_TRUE(plan["udp_probes"]["15683"]["service"].is_null());
  EXPECT_TRUE(plan["full_range"].get<bool>());
  EXPECT_EQ(plan["logins"]["brute_force_wrong_passwords"], 12);
  EXPECT_GT(plan["logins"]["default_passwords"].get<int>(), 5);
  EXPECT_EQ(plan["commands"][0]["command"], "reboot-it");
  ASSERT_EQ(plan["cases"].size(), AllCases().size());
  EXPECT_EQ(plan["cases"][2]["id"], "S1.1-13-open-ports");
  EXPECT_NE(PlanText(target).find("65535 ports (1-65535)"), std::string::npos) << PlanText(target);
}

TEST(PlanTest, NarrowedScanSaysItCannotPass) {
  Target target = Parse(
      "host: 127.0.0.1\nscan: {tcp: [\"1-1024\"], udp: [53]}\n"
      "web: {base_url: \"http://127.0.0.1:8080\"}\n");
  ScanPlan scan = PlanScan(target);
  EXPECT_TRUE(scan.Narrowed());
  EXPECT_EQ(scan.tcp_ports.size(), 1025u);  // + the web port
  nlohmann::json plan = PlanJson(target);
  EXPECT_EQ(plan["tcp_ranges"], nlohmann::json::array({"1-1024", "8080"}));
  EXPECT_EQ(plan["not_scanned"]["tcp"], nlohmann::json::array({"1025-8079", "8081-65535"}));
  EXPECT_EQ(plan["not_scanned"]["udp"].size(), 11u);
  EXPECT_FALSE(plan["full_range"].get<bool>());
  EXPECT_NE(plan["cases"][2]["action"].get<std::string>().find("cannot PASS"), std::string::npos);
}

TEST(PlanTest, NamesAreNotResolvedAndPublicAddressesFlagged) {
  Target name = Parse(
      "host: camera.lab.example\nauthorization: {authorized_by: a, device_owner: b, date: "
      "2026-12-01}\n");
  nlohmann::json plan = PlanJson(name);
  EXPECT_TRUE(plan["host_name_resolved_at_run"].get<bool>());
  EXPECT_TRUE(plan["addresses"].empty());
  EXPECT_EQ(plan["authorization"]["device_owner"], "b");
  Target global = Parse(
      "host: 8.8.8.8\nauthorization: {authorized_by: a, device_owner: b, date: 2026-12-01}\n");
  EXPECT_TRUE(PlanJson(global)["public_address"].get<bool>());
  EXPECT_FALSE(PlanJson(Parse("host: 127.0.0.1\n"))["public_address"].get<bool>());
}

}  // namespace
}  // namespace iotmark::devtest
