// S1.1-13: open TCP/UDP ports against the declared ones; the known
// vulnerabilities of the services found follow (case_known_vulnerabilities.cc).
//
// The scan covers the declared ports, the web/TLS ports and the target's
// `scan` lists only (never the whole host: other services of the machine
// would be reported as the device's).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "devtest/cases.h"
#include "net/bytes_text.h"
#include "net/scanner.h"

namespace iotmark::devtest {
namespace {

std::uint16_t PortOfUrl(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos || rest.back() == ']') {
    return url.rfind("https", 0) == 0 ? 443 : 80;
  }
  try {
    return static_cast<std::uint16_t>(std::stoi(rest.substr(colon + 1)));
  } catch (const std::exception&) {
    return 0;
  }
}

std::string JoinPorts(const std::vector<std::uint16_t>& ports, const char* protocol) {
  std::string text;
  for (auto port : ports)
    text += (text.empty() ? "" : ", ") + std::to_string(port) + "/" + protocol;
  return text;
}

}  // namespace

std::vector<CaseResult> RunPortCases(DeviceSession& session) {
  const Target& target = session.target();
  std::vector<CaseResult> results;
  CaseRun run(session, "S1.1-13-open-ports", "S1.1-13", CaseRole::kDecides,
              "開いているポート / Open ports against declared ones");
  std::set<std::uint16_t> tcp(target.scan.tcp.begin(), target.scan.tcp.end());
  std::set<std::uint16_t> udp(target.scan.udp.begin(), target.scan.udp.end());
  if (target.declared_ports) {
    tcp.insert(target.declared_ports->tcp.begin(), target.declared_ports->tcp.end());
    udp.insert(target.declared_ports->udp.begin(), target.declared_ports->udp.end());
  }
  if (target.web) tcp.insert(PortOfUrl(target.web->base_url));
  if (target.tls) tcp.insert(PortOfUrl(target.tls->base_url));
  tcp.erase(0);
  net::ScanOptions options;
  options.host = target.host;
  options.tcp_ports.assign(tcp.begin(), tcp.end());
  options.udp_ports.assign(udp.begin(), udp.end());
  options.grab_banners = true;
  options.connect_timeout = std::chrono::milliseconds(target.scan.timeout_ms);
  options.udp_timeout = std::chrono::milliseconds(target.scan.timeout_ms);
  run.log().Line("scanning " + std::to_string(tcp.size()) + " TCP and " +
                 std::to_string(udp.size()) + " UDP ports of " + target.host);
  auto scan = net::Scan(options);
  if (!scan.ok()) {
    results.push_back(run.Finish(Verdict::kError, "スキャンに失敗: " + scan.status().message(),
                                 "The port scan failed: " + scan.status().message()));
    return results;
  }
  std::vector<std::uint16_t> open_tcp = scan->OpenTcpPorts();
  std::vector<std::uint16_t> open_udp = scan->OpenUdpPorts();
  run.measurements()["tcp_scanned"] = options.tcp_ports;
  run.measurements()["udp_scanned"] = options.udp_ports;
  run.measurements()["open_tcp"] = open_tcp;
  run.measurements()["open_udp"] = open_udp;
  run.measurements()["scan_seconds"] = scan->seconds;
  nlohmann::json ports = nlohmann::json::array();
  for (const auto& port : scan->tcp) {
    ports.push_back({{"protocol", "tcp"},
                     {"port", port.port},
                     {"state", net::PortStateName(port.state)},
                     {"banner", net::PrintableBanner(port.banner)},
                     {"banner_base64", net::Base64Bytes(port.banner)}});
  }
  for (const auto& port : scan->udp) {
    ports.push_back({{"protocol", "udp"},
                     {"port", port.port},
                     {"state", net::PortStateName(port.state)},
                     {"reply", net::PrintableBanner(port.banner)},
                     {"reply_base64", net::Base64Bytes(port.banner)}});
  }
  run.AddJsonEvidence("scan", ports, "スキャン結果 / scan results");
  if (!target.declared_ports) {
    results.push_back(run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに declared_ports がないため比較できません (開いているポート: " +
            JoinPorts(open_tcp, "tcp") + ")。",
        "The target file has no `declared_ports`; nothing to compare (open: " +
            JoinPorts(open_tcp, "tcp") + ")."));
  } else {
    std::vector<std::uint16_t> undeclared_tcp, undeclared_udp;
    const auto& declared = *target.declared_ports;
    for (auto port : open_tcp) {
      if (std::find(declared.tcp.begin(), declared.tcp.end(), port) == declared.tcp.end()) {
        undeclared_tcp.push_back(port);
      }
    }
    for (auto port : open_udp) {
      if (std::find(declared.udp.begin(), declared.udp.end(), port) == declared.udp.end()) {
        undeclared_udp.push_back(port);
      }
    }
    run.measurements()["undeclared_tcp"] = undeclared_tcp;
    run.measurements()["undeclared_udp"] = undeclared_udp;
    if (!undeclared_tcp.empty() || !undeclared_udp.empty()) {
      std::string list = JoinPorts(undeclared_tcp, "tcp");
      std::string udp_list = JoinPorts(undeclared_udp, "udp");
      if (!udp_list.empty()) list += (list.empty() ? "" : ", ") + udp_list;
      results.push_back(run.Finish(Verdict::kFail, "申告されていないポートが開いています: " + list,
                                   "Undeclared open ports: " + list));
    } else {
      results.push_back(
          run.Finish(Verdict::kPass,
                     "開いているポートはすべて申告済みです (" + JoinPorts(open_tcp, "tcp") +
                         (open_udp.empty() ? "" : ", " + JoinPorts(open_udp, "udp")) + ")。",
                     "Every open port is declared (" + JoinPorts(open_tcp, "tcp") +
                         (open_udp.empty() ? "" : ", " + JoinPorts(open_udp, "udp")) + ")."));
    }
  }
  results.push_back(RunKnownVulnerabilityCase(session, *scan));
  return results;
}

}  // namespace iotmark::devtest
