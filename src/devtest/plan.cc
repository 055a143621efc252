#include "devtest/plan.h"

#include "devtest/cases.h"
#include "devtest/scan_plan.h"
#include "net/address.h"
#include "net/port_list.h"
#include "net/udp_probes.h"

namespace iotmark::devtest {
namespace {

std::string RoleName(CaseRole role) { return role == CaseRole::kDecides ? "decides" : "supports"; }

// What a case will do with this target, or why it will be NA / INCONCLUSIVE.
std::string CaseAction(const std::string& id, const Target& target, const ScanPlan& scan,
                       std::size_t default_passwords) {
  bool login = target.web && target.login;
  if (id == "S1.1-12-tls") {
    return target.tls ? "TLS handshakes with " + target.tls->base_url + " (TLS 1.0-1.3)"
                      : "NA: no `tls` section";
  }
  if (id == "S1.1-10-model-number") {
    return target.web ? "GET " + target.web->base_url + target.web->model_page
                      : "INCONCLUSIVE: no `web` section";
  }
  if (id == "S1.1-13-open-ports") {
    return "TCP connect scan of " + std::to_string(scan.tcp_ports.size()) + " ports (" +
           net::PortRangesText(scan.tcp_ports) + "), UDP probes to " +
           std::to_string(scan.udp_ports.size()) + " ports (" +
           net::PortRangesText(scan.udp_ports) + ")" +
           (target.declared_ports ? "" : "; INCONCLUSIVE: no `declared_ports`") +
           (scan.Narrowed() ? "; narrowed by `scan:`, so it cannot PASS" : "");
  }
  if (id == "S1.1-13-known-vulnerabilities") {
    return target.vulndb.empty() ? "INCONCLUSIVE: no `vulndb`"
                                 : "banners of open TCP ports matched against " + target.vulndb;
  }
  if (id == "S1.1-01-default-passwords") {
    return login ? std::to_string(default_passwords) + " default passwords tried for user '" +
                       target.login->username + "'"
                 : "INCONCLUSIVE: no `web`/`login` section";
  }
  if (id == "S1.1-02-empty-password") {
    return login ? "login with the empty password; the empty password as a new password"
                 : "INCONCLUSIVE: no `web`/`login` section";
  }
  if (id == "S1.1-06-firmware-update") {
    return target.firmware_update ? "runs firmware_update.command, then power_cycle.command"
                                  : "NA: no `firmware_update` section";
  }
  if (id == "S1.1-08-tampered-firmware") {
    return target.firmware_update && !target.firmware_update->tampered_command.empty()
               ? "runs firmware_update.tampered_command"
               : "NA: no `firmware_update.tampered_command`";
  }
  if (id == "S1.1-14-persistence") {
    return login && target.settings && target.power_cycle
               ? "changes the password and " + target.settings->key + ", runs power_cycle.command"
               : "INCONCLUSIVE: needs `login`, `settings` and `power_cycle`";
  }
  if (id == "S1.1-15-factory-reset") {
    return login && target.factory_reset ? "runs factory_reset.command"
                                         : "INCONCLUSIVE: needs `login` and `factory_reset`";
  }
  if (id == "S1.1-04-brute-force") {
    return login ? std::to_string(target.brute_force.attempts) + " wrong passwords for user '" +
                       target.login->username + "'"
                 : "INCONCLUSIVE: no `web`/`login` section";
  }
  return "";
}

}  // namespace

const std::vector<CaseInfo>& AllCases() {
  static const std::vector<CaseInfo> kCases = {
      {"S1.1-12-tls", "S1.1-12", CaseRole::kSupports},
      {"S1.1-10-model-number", "S1.1-10", CaseRole::kDecides},
      {"S1.1-13-open-ports", "S1.1-13", CaseRole::kDecides},
      {"S1.1-13-known-vulnerabilities", "S1.1-13", CaseRole::kDecides},
      {"S1.1-01-default-passwords", "S1.1-01", CaseRole::kSupports},
      {"S1.1-02-empty-password", "S1.1-02", CaseRole::kSupports},
      {"S1.1-06-firmware-update", "S1.1-06", CaseRole::kDecides},
      {"S1.1-08-tampered-firmware", "S1.1-08", CaseRole::kSupports},
      {"S1.1-14-persistence", "S1.1-14", CaseRole::kDecides},
      {"S1.1-15-factory-reset", "S1.1-15", CaseRole::kDecides},
      {"S1.1-04-brute-force", "S1.1-04", CaseRole::kDecides},
  };
  return kCases;
}

nlohmann::json PlanJson(const Target& target) {
  ScanPlan scan = PlanScan(target);
  nlohmann::json plan;
  plan["format"] = "iotmark-devtest-plan-1";
  plan["target_file"] = target.file.string();
  plan["host"] = target.host;
  if (!target.host_ipv6.empty()) plan["host_ipv6"] = target.host_ipv6;
  nlohmann::json addresses = LiteralAddresses(target);
  if (!net::IsIpLiteral(target.host)) {
    plan["host_name_resolved_at_run"] = true;  // the plan never resolves it
  }
  plan["addresses"] = addresses;
  plan["loopback"] = IsLoopbackTarget(target);
  bool public_address = false;
  for (const std::string& address : LiteralAddresses(target)) {
    public_address = public_address || net::IsGloballyRoutable(address);
  }
  plan["public_address"] = public_address;  // true: run needs --allow-public-target
  if (target.authorization) {
    plan["authorization"] = {{"authorized_by", target.authorization->authorized_by},
                             {"device_owner", target.authorization->device_owner},
                             {"date", target.authorization->date}};
  } else {
    plan["authorization"] = nullptr;
  }
  plan["tcp_ranges"] = net::PortRanges(scan.tcp_ports);
  plan["tcp_port_count"] = scan.tcp_ports.size();
  plan["udp_ports"] = scan.udp_ports;
  nlohmann::json probes = nlohmann::json::object();
  net::UdpPayloads payloads = net::LoadUdpPayloads();
  for (std::uint16_t port : scan.udp_ports) {
    std::string name = net::UdpServiceName(port);
    probes[std::to_string(port)] = {
        {"service", name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name)},
        {"payloads", payloads.sources.count(port) ? nlohmann::json(payloads.sources.at(port))
                                                  : nlohmann::json::array({"empty datagram"})}};
  }
  plan["udp_probes"] = probes;
  plan["full_range"] = !scan.Narrowed();
  plan["not_scanned"] = {{"tcp", net::PortRanges(scan.tcp_not_scanned)},
                         {"udp", scan.udp_not_scanned}};
  plan["scan_timeout_ms"] = target.scan.timeout_ms;
  plan["max_unanswered_percent"] = target.scan.max_unanswered_percent;
  std::size_t default_passwords = 0;
  if (auto list = DefaultPasswords(target); list.ok()) default_passwords = list->size();
  if (target.web && target.login) {
    plan["logins"] = {
        {"url", target.web->base_url + target.login->path},
        {"username", target.login->username},
        {"default_passwords", default_passwords},
        {"empty_password", 1},
        {"brute_force_wrong_passwords", target.brute_force.attempts},
        {"note", "valid logins are interleaved to reset the device's failure counter"}};
  } else {
    plan["logins"] = nullptr;
  }
  nlohmann::json commands = nlohmann::json::array();
  if (target.firmware_update) {
    commands.push_back(
        {{"name", "firmware_update.command"}, {"command", target.firmware_update->command}});
    if (!target.firmware_update->tampered_command.empty()) {
      commands.push_back({{"name", "firmware_update.tampered_command"},
                          {"command", target.firmware_update->tampered_command}});
    }
  }
  if (target.power_cycle) {
    commands.push_back({{"name", "power_cycle.command"}, {"command", target.power_cycle->command}});
  }
  if (target.factory_reset) {
    commands.push_back(
        {{"name", "factory_reset.command"}, {"command", target.factory_reset->command}});
  }
  plan["commands"] = commands;
  nlohmann::json cases = nlohmann::json::array();
  for (const CaseInfo& info : AllCases()) {
    cases.push_back({{"id", info.id},
                     {"criterion", info.criterion},
                     {"role", RoleName(info.role)},
                     {"action", CaseAction(info.id, target, scan, default_passwords)}});
  }
  plan["cases"] = cases;
  return plan;
}

std::string PlanText(const Target& target) {
  nlohmann::json plan = PlanJson(target);
  std::string text = "実機テストの計画 / Device test plan (no packet sent)\n";
  text += "対象 / Target: " + target.host;
  if (!target.host_ipv6.empty()) text += " + " + target.host_ipv6;
  if (plan.value("host_name_resolved_at_run", false)) {
    text += "  (名前は実行時に解決 / the name is resolved at run time)";
  }
  text += "\n";
  if (target.authorization) {
    text += "許可 / Authorization: " + target.authorization->authorized_by + " (owner " +
            target.authorization->device_owner + ", " + target.authorization->date + ")\n";
  }
  if (plan["public_address"].get<bool>()) {
    text += "公開アドレス / Public address: run needs --allow-public-target\n";
  }
  text += "TCP: " + std::to_string(plan["tcp_port_count"].get<std::size_t>()) + " ports (";
  std::string ranges;
  for (const auto& range : plan["tcp_ranges"])
    ranges += (ranges.empty() ? "" : ", ") + range.get<std::string>();
  text += ranges + ")\nUDP:";
  for (const auto& port_json : plan["udp_ports"]) {  // numeric order (JSON keys sort as text)
    std::string port = std::to_string(port_json.get<int>());
    const auto& probe = plan["udp_probes"][port];
    text += " " + port +
            (probe["service"].is_string() ? "/" + probe["service"].get<std::string>() : "");
  }
  text += "\n";
  if (!plan["full_range"].get<bool>()) {
    text += "注意 / Note: the scan is narrowed by `scan:`; S1.1-13 open ports cannot PASS\n";
  }
  if (plan["logins"].is_object()) {
    text += "ログイン / Logins: " + plan["logins"]["username"].get<std::string>() + " @ " +
            plan["logins"]["url"].get<std::string>() + ": " +
            std::to_string(plan["logins"]["default_passwords"].get<std::size_t>()) +
            " default passwords, the empty password, " +
            std::to_string(plan["logins"]["brute_force_wrong_passwords"].get<int>()) +
            " brute-force attempts\n";
  }
  for (const auto& command : plan["commands"]) {
    text += "コマンド / Command " + command["name"].get<std::string>() + ": " +
            command["command"].get<std::string>() + "\n";
  }
  text += "ケース / Cases:\n";
  for (const auto& item : plan["cases"]) {
    text += "  " + item["id"].get<std::string>() + " (" + item["role"].get<std::string>() +
            "): " + item["action"].get<std::string>() + "\n";
  }
  return text;
}

}  // namespace iotmark::devtest
