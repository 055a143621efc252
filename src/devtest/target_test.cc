#include "devtest/target.h"

#include <gtest/gtest.h>

namespace iotmark::devtest {
namespace {

constexpr const char* kFull = R"(host: 127.0.0.1
model_number: ABC-100
declared_ports: {tcp: [8080, 2121], udp: [5683]}
web: {base_url: "http://127.0.0.1:8080/", model_page: /info, version_page: /version}
login: {kind: http-basic, path: /login, username: admin, password: "Init-Passw0rd-7Q"}
power_cycle: {command: "true", ready_timeout_s: 10}
factory_reset: {command: "true"}
firmware_update: {command: "true", expected_version: 1.1.0, tampered_command: "false"}
vulndb: data/vulns.db
cvss_threshold: 8.5
brute_force: {attempts: 6, lockout_after: 3, min_delay_ms: 150}
settings: {key: device_name, value: x}
scan: {tcp: ["9000-9002", 9100]}
tls: {base_url: "https://127.0.0.1:8443"}
)";

std::string ErrorOf(const std::string& text) {
  auto target = ParseTarget(text, "t.yaml");
  EXPECT_FALSE(target.ok()) << text;
  return target.ok() ? "" : target.status().message();
}

TEST(TargetTest, ParsesEverySection) {
  auto target = ParseTarget(kFull, "/work/targets/t.yaml");
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(target->host, "127.0.0.1");
  EXPECT_EQ(target->declared_ports->tcp, (std::vector<std::uint16_t>{8080, 2121}));
  EXPECT_EQ(target->declared_ports->udp, (std::vector<std::uint16_t>{5683}));
  EXPECT_EQ(target->web->base_url, "http://127.0.0.1:8080");  // trailing slash dropped
  EXPECT_EQ(target->login->kind, LoginKind::kHttpBasic);
  EXPECT_EQ(target->power_cycle->ready_timeout_s, 10);
  EXPECT_EQ(target->factory_reset->ready_timeout_s, 30);  // default
  EXPECT_EQ(target->firmware_update->tampered_command, "false");
  EXPECT_EQ(target->vulndb, "/work/targets/data/vulns.db");
  EXPECT_DOUBLE_EQ(target->cvss_threshold, 8.5);
  EXPECT_EQ(target->brute_force.attempts, 6);
  EXPECT_EQ(target->brute_force.min_delay_ms, 150);
  EXPECT_EQ(*target->scan.tcp, (std::vector<std::uint16_t>{9000, 9001, 9002, 9100}));
  EXPECT_FALSE(target->scan.udp.has_value());  // the default list
  EXPECT_FALSE(target->authorization.has_value());
  EXPECT_EQ(target->tls->base_url, "https://127.0.0.1:8443");
}

// Issue 11 (fuzzing): bytes yaml-cpp would pass through or mangle are refused
// with their line and column.
TEST(TargetTest, InvalidUtf8AndControlCharactersAreRefused) {
  EXPECT_NE(ErrorOf("host: 127.0.0.1\nmodel_number: A\xff\n").find("t.yaml:2:16: invalid UTF-8"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string("host: 127.0.0.1\nmod\0el: x\n", 26))
                .find("t.yaml:2:4: a control character"),
            std::string::npos);
}

TEST(TargetTest, DefaultsFollowCommonPractice) {
  auto target = ParseTarget("host: ::1\n", "t.yaml");
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(target->brute_force.lockout_after, 5);
  EXPECT_EQ(target->brute_force.min_delay_ms, 2000);
  EXPECT_DOUBLE_EQ(target->cvss_threshold, 7.0);
  EXPECT_FALSE(target->web.has_value());
  EXPECT_FALSE(target->login.has_value());
}

constexpr const char* kAuthorization =
    "authorization: {authorized_by: \"Lab lead Sato\", device_owner: \"ACME Corp\", date: "
    "2026-12-01}\n";

TEST(TargetTest, HostsOutsideLoopbackNeedAnAuthorization) {
  for (const char* host : {"192.168.1.10", "fe80::1%eth0", "camera.lab.example", "localhost",
                           "8.8.8.8", "2001:db8::5"}) {
    std::string error = ErrorOf(std::string("host: ") + host + "\n");
    EXPECT_NE(error.find("t.yaml:1: host:"), std::string::npos) << host << ": " << error;
    EXPECT_NE(error.find("authorization"), std::string::npos) << host << ": " << error;
    auto target = ParseTarget(std::string("host: ") + host + "\n" + kAuthorization, "t.yaml");
    ASSERT_TRUE(target.ok()) << host << ": " << target.status().ToString();
    EXPECT_EQ(target->host, host);
    EXPECT_EQ(target->authorization->authorized_by, "Lab lead Sato");
    EXPECT_EQ(target->authorization->device_owner, "ACME Corp");
    EXPECT_EQ(target->authorization->date, "2026-12-01");
  }
  // Incomplete or malformed authorizations name the field.
  EXPECT_NE(ErrorOf("host: 192.168.1.10\nauthorization: {authorized_by: a, date: 2026-12-01}\n")
                .find("authorization.device_owner: required"),
            std::string::npos);
  EXPECT_NE(ErrorOf("host: 192.168.1.10\nauthorization: {authorized_by: a, device_owner: b, "
                    "date: next week}\n")
                .find("authorization.date"),
            std::string::npos);
  EXPECT_NE(ErrorOf("host: 192.168.1.10\nauthorization: {authorized_by: a, device_owner: b, "
                    "date: 2026-12-01, signed: yes}\n")
                .find("authorization.signed: unknown key"),
            std::string::npos);
  // Malformed hosts.
  for (const char* bad : {"\"[::1]\"", "http://192.168.1.10", "999.1.1.1", "a_b.example"}) {
    EXPECT_NE(ErrorOf(std::string("host: ") + bad + "\n" + kAuthorization).find("host:"),
              std::string::npos)
        << bad;
  }
}

TEST(TargetTest, UrlsMustPointAtTheTargetHost) {
  EXPECT_NE(
      ErrorOf("host: 127.0.0.1\nweb: {base_url: \"http://10.0.0.1:80\"}\n").find("web.base_url"),
      std::string::npos);
  std::string lan = std::string("host: 192.168.1.10\n") + kAuthorization;
  EXPECT_TRUE(ParseTarget(lan + "web: {base_url: \"http://192.168.1.10:8080\"}\n", "t").ok());
  EXPECT_NE(ErrorOf(lan + "web: {base_url: \"http://192.168.1.11\"}\n").find("not the target"),
            std::string::npos);
  EXPECT_NE(ErrorOf(lan + "tls: {base_url: \"https://127.0.0.1\"}\n").find("tls.base_url"),
            std::string::npos);
  std::string link = std::string("host: fe80::1%eth0\n") + kAuthorization;
  EXPECT_TRUE(ParseTarget(link + "web: {base_url: \"http://[fe80::1%25eth0]:80\"}\n", "t").ok());
  std::string name = std::string("host: Camera.lab.example\n") + kAuthorization;
  EXPECT_TRUE(ParseTarget(name + "web: {base_url: \"http://camera.lab.example\"}\n", "t").ok());
  // host_ipv6 is the same device: its URLs are allowed too, and it must be IPv6.
  std::string both = lan + "host_ipv6: fd00::10\n";
  EXPECT_TRUE(ParseTarget(both + "tls: {base_url: \"https://[fd00::10]:8443\"}\n", "t").ok());
  EXPECT_NE(ErrorOf(lan + "host_ipv6: 10.0.0.1\n").find("host_ipv6"), std::string::npos);
  // A loopback target with a non-loopback IPv6 address needs the authorization too.
  EXPECT_NE(ErrorOf("host: 127.0.0.1\nhost_ipv6: fd00::10\n").find("authorization"),
            std::string::npos);
}

TEST(TargetTest, PublicAddressesNeedTheRunFlag) {
  auto lan = ParseTarget(std::string("host: 192.168.1.10\n") + kAuthorization, "t.yaml");
  ASSERT_TRUE(lan.ok());
  EXPECT_TRUE(CheckTargetAllowed(*lan, false).ok());
  auto global = ParseTarget(std::string("host: 8.8.8.8\n") + kAuthorization, "t.yaml");
  ASSERT_TRUE(global.ok());
  Status refused = CheckTargetAllowed(*global, false);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("--allow-public-target"), std::string::npos);
  EXPECT_TRUE(CheckTargetAllowed(*global, true).ok());
  // A name is judged by what it resolved to.
  auto name = ParseTarget(std::string("host: cam.example\n") + kAuthorization, "t.yaml");
  ASSERT_TRUE(name.ok());
  EXPECT_TRUE(CheckTargetAllowed(*name, false, {"192.168.1.10"}).ok());
  EXPECT_FALSE(CheckTargetAllowed(*name, false, {"192.168.1.10", "2a00:1450::1"}).ok());
  auto loopback = ParseTarget("host: 127.0.0.1\n", "t.yaml");
  ASSERT_TRUE(loopback.ok());
  EXPECT_TRUE(CheckTargetAllowed(*loopback, false).ok());
  EXPECT_EQ(LiteralAddresses(*name), std::vector<std::string>{});
}

TEST(TargetTest, ScanListsNarrowOrWidenTheDefault) {
  auto target = ParseTarget(
      "host: 127.0.0.1\nscan: {tcp: [\"1-1024\", 8080], udp: [default, 10001], "
      "max_unanswered_percent: 5}\n",
      "t.yaml");
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(target->scan.tcp->size(), 1025u);
  EXPECT_EQ(target->scan.udp->size(), 13u);
  EXPECT_EQ(target->scan.udp->back(), 47808);
  EXPECT_DOUBLE_EQ(target->scan.max_unanswered_percent, 5.0);
  EXPECT_NE(ErrorOf("host: 127.0.0.1\nscan: {max_unanswered_percent: 120}\n")
                .find("scan.max_unanswered_percent"),
            std::string::npos);
  EXPECT_NE(ErrorOf("host: 127.0.0.1\ndeclared_ports: {tcp: [default]}\n")
                .find("declared_ports.tcp[0]"),
            std::string::npos);
}

TEST(TargetTest, LoginKindsBeyondHttpAndHttpsWeb) {
  auto ssh = ParseTarget(
      "host: ::1\nlogin: {kind: ssh-password, username: root, password: pw, port: 2222}\n",
      "t.yaml");
  ASSERT_TRUE(ssh.ok()) << ssh.status().message();
  EXPECT_EQ(ssh->login->kind, LoginKind::kSshPassword);
  EXPECT_EQ(ssh->login->EffectivePort(), 2222);
  auto telnet =
      ParseTarget("host: 127.0.0.1\nlogin: {kind: telnet, username: a, password: b}\n", "t.yaml");
  ASSERT_TRUE(telnet.ok()) << telnet.status().message();
  EXPECT_EQ(telnet->login->EffectivePort(), 23);
  EXPECT_EQ(telnet->login->login_prompt, "login: *$");
  auto mqtt = ParseTarget(
      "host: 127.0.0.1\nlogin: {kind: mqtt, username: a, password: b}\nbrute_force: {parallel: "
      "4, parallel_attempts: 20, max_guesses_per_minute: 12.5}\n",
      "t.yaml");
  ASSERT_TRUE(mqtt.ok()) << mqtt.status().message();
  EXPECT_EQ(mqtt->login->EffectivePort(), 1883);
  EXPECT_EQ(mqtt->brute_force.parallel, 4);
  EXPECT_DOUBLE_EQ(mqtt->brute_force.GuessBoundPerMinute(), 12.5);
  // Default bound: one guess per min_delay_ms (2000 ms) = 30 per minute.
  EXPECT_DOUBLE_EQ(telnet->brute_force.GuessBoundPerMinute(), 30.0);
  EXPECT_EQ(telnet->brute_force.parallel, 8);
  auto https = ParseTarget(
      "host: 127.0.0.1\nweb: {base_url: \"https://127.0.0.1:8443\"}\nlogin: {kind: http-digest, "
      "username: a, password: b}\n",
      "t.yaml");
  ASSERT_TRUE(https.ok()) << https.status().message();
  EXPECT_EQ(https->web->base_url, "https://127.0.0.1:8443");
}

TEST(TargetTest, ErrorsNameFieldAndLine) {
  std::string missing_host = ErrorOf("model_number: X\n");
  EXPECT_NE(missing_host.find("host: required"), std::string::npos) << missing_host;
  std::string unknown =
      ErrorOf("host: 127.0.0.1\nweb:\n  base_url: http://127.0.0.1:1\n  modle_page: /x\n");
  EXPECT_NE(unknown.find("t.yaml:4: web.modle_page: unknown key"), std::string::npos) << unknown;
  std::string port = ErrorOf("host: 127.0.0.1\ndeclared_ports: {tcp: [80, 70000]}\n");
  EXPECT_NE(port.find("declared_ports.tcp[1]"), std::string::npos) << port;
  std::string kind = ErrorOf("host: 127.0.0.1\nlogin: {kind: gopher, username: a, password: b}\n");
  EXPECT_NE(kind.find("login.kind"), std::string::npos) << kind;
  std::string no_web =
      ErrorOf("host: 127.0.0.1\nlogin: {kind: http-digest, username: a, password: b}\n");
  EXPECT_NE(no_web.find("needs the web section"), std::string::npos) << no_web;
  std::string regex = ErrorOf(
      "host: 127.0.0.1\nlogin: {kind: telnet, username: a, password: b, login_prompt: \"(\"}\n");
  EXPECT_NE(regex.find("login.login_prompt: not a valid regular expression"), std::string::npos)
      << regex;
  std::string http_port = ErrorOf(
      "host: 127.0.0.1\nweb: {base_url: \"http://127.0.0.1:1\"}\nlogin: {kind: http-basic, "
      "username: a, password: b, port: 22}\n");
  EXPECT_NE(http_port.find("login.port"), std::string::npos) << http_port;
  std::string bound = ErrorOf("host: 127.0.0.1\nbrute_force: {max_guesses_per_minute: 0}\n");
  EXPECT_NE(bound.find("brute_force.max_guesses_per_minute"), std::string::npos) << bound;
  std::string form =
      ErrorOf("host: 127.0.0.1\nlogin: {kind: http-form, username: a, password: b}\n");
  EXPECT_NE(form.find("login.success_marker: required"), std::string::npos) << form;
  std::string threshold = ErrorOf("host: 127.0.0.1\ncvss_threshold: high\n");
  EXPECT_NE(threshold.find("cvss_threshold: must be a number"), std::string::npos) << threshold;
  std::string attempts = ErrorOf("host: 127.0.0.1\nbrute_force: {attempts: 3, lockout_after: 5}\n");
  EXPECT_NE(attempts.find("brute_force.attempts"), std::string::npos) << attempts;
  std::string yaml = ErrorOf("host: [127.0.0.1\n");
  EXPECT_NE(yaml.find("t.yaml:"), std::string::npos) << yaml;
  std::string timeout =
      ErrorOf("host: 127.0.0.1\npower_cycle: {command: x, ready_timeout_s: -1}\n");
  EXPECT_NE(timeout.find("t.yaml:2: power_cycle.ready_timeout_s"), std::string::npos) << timeout;
}

}  // namespace
}  // namespace iotmark::devtest

namespace iotmark::devtest {
namespace {

TEST(TargetVexTest, ParsesStatementsAndRefusesBadOnes) {
  auto target = ParseTarget(
      "host: 127.0.0.1\nvex:\n  - cve: cve-2024-6387\n    status: fixed\n    detail: backport\n"
      "  - cve: CVE-2023-38408\n    status: not_affected\n"
      "    justification: component_not_present\n",
      "t.yaml");
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  ASSERT_EQ(target->vex.size(), 2u);
  EXPECT_EQ(target->vex[0].cve, "CVE-2024-6387");
  EXPECT_TRUE(target->vex[0].DeclaresNotVulnerable());
  auto missing = ParseTarget(
      "host: 127.0.0.1\nvex:\n  - cve: CVE-2023-38408\n    status: not_affected\n", "t.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("vex[0].justification"), std::string::npos);
  EXPECT_FALSE(
      ParseTarget("host: 127.0.0.1\nvex:\n  - cve: nope\n    status: fixed\n", "t.yaml").ok());
  EXPECT_FALSE(
      ParseTarget("host: 127.0.0.1\nvex:\n  - cve: CVE-2024-6387\n    status: maybe\n", "t.yaml")
          .ok());
}

}  // namespace
}  // namespace iotmark::devtest
