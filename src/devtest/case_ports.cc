// S1.1-13: open TCP/UDP ports against the declared ones, and known
// vulnerabilities of the services found (banner → nmap fingerprint → CPE →
// local vulnerability DB, CVSS at or above the threshold FAILs).
//
// The scan covers the declared ports, the web/TLS ports and the target's
// `scan` lists only (never the whole host: other services of the machine
// would be reported as the device's).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "devtest/cases.h"
#include "devtest/service_probes.h"
#include "net/scanner.h"
#include "vulndb/database.h"

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

// The scanner trims the line ending off a banner, but nmap's fingerprints
// match the bytes as sent (most end in `\r\n`): try the usual endings back
// on before the banner as recorded.
std::optional<ServiceMatch> MatchBanner(const ServiceProbes& probes, const std::string& banner) {
  if (banner.empty()) return std::nullopt;
  for (const char* ending : {"\r\n", "\n", ""}) {
    if (auto match = probes.Match(banner + ending)) return match;
  }
  return std::nullopt;
}

CaseResult VulnerabilityCase(DeviceSession& session, const net::ScanReport& scan) {
  CaseRun run(session, "S1.1-13-known-vulnerabilities", "S1.1-13", CaseRole::kDecides,
              "既知の脆弱性 / Known vulnerabilities of exposed services");
  const Target& target = session.target();
  run.measurements()["cvss_threshold"] = target.cvss_threshold;
  if (target.vulndb.empty()) {
    return run.Finish(Verdict::kInconclusive,
                      "ターゲットファイルに vulndb がないため既知の脆弱性を照合できません。",
                      "The target file has no `vulndb`; known vulnerabilities were not checked.");
  }
  auto database = vulndb::VulnDatabase::OpenExisting(target.vulndb);
  if (!database.ok()) {
    return run.Finish(Verdict::kError, "脆弱性DBを開けません: " + database.status().message(),
                      "Cannot open the vulnerability DB: " + database.status().message());
  }
  auto probes = ServiceProbes::Load(kNmapServiceProbesPath);
  if (!probes.ok()) {
    return run.Finish(Verdict::kInconclusive,
                      "nmap のサービス識別データがありません: " + probes.status().message(),
                      "nmap's service fingerprints are unavailable: " + probes.status().message());
  }
  nlohmann::json services = nlohmann::json::array();
  nlohmann::json findings = nlohmann::json::array();
  std::vector<std::string> failing;
  int identified = 0, unidentified = 0, unscored = 0;
  for (const net::PortResult& port : scan.tcp) {
    if (port.state != net::PortState::kOpen) continue;
    nlohmann::json service = {{"port", port.port}, {"banner", net::PrintableBanner(port.banner)}};
    auto match = MatchBanner(*probes, port.banner);
    if (!match) {
      ++unidentified;
      service["identified"] = false;
      run.log().Line("tcp/" + std::to_string(port.port) + ": not identified");
      services.push_back(service);
      continue;
    }
    ++identified;
    service["identified"] = true;
    service["service"] = match->service;
    service["product"] = match->product;
    service["version"] = match->version;
    service["cpes"] = match->cpes;
    service["nmap_probe_line"] = match->line;
    run.log().Line("tcp/" + std::to_string(port.port) + ": " + match->product + " " +
                   match->version + " (nmap-service-probes line " + std::to_string(match->line) +
                   ")");
    for (const std::string& cpe_text : match->cpes) {
      auto cpe = vulndb::ParseCpe(cpe_text);
      if (!cpe.ok() || cpe->version == "*") continue;
      auto matches = database->Query(*cpe, vulndb::VendorAliases::BuiltIn());
      if (!matches.ok()) {
        return run.Finish(Verdict::kError, "脆弱性DBの検索に失敗: " + matches.status().message(),
                          "Vulnerability DB query failed: " + matches.status().message());
      }
      for (const auto& vulnerability : *matches) {
        bool above = vulnerability.base_score && *vulnerability.base_score >= target.cvss_threshold;
        if (!vulnerability.base_score) ++unscored;
        char score[16] = "none";
        if (vulnerability.base_score)
          std::snprintf(score, sizeof score, "%.1f", *vulnerability.base_score);
        findings.push_back(
            {{"port", port.port},
             {"cpe", cpe_text},
             {"cve_id", vulnerability.cve_id},
             {"base_score", vulnerability.base_score ? nlohmann::json(*vulnerability.base_score)
                                                     : nlohmann::json(nullptr)},
             {"cvss_version", vulnerability.cvss_version},
             {"matched_criteria", vulnerability.matched_criteria},
             {"at_or_above_threshold", above}});
        run.log().Line("  " + vulnerability.cve_id + " CVSS " + score + " via " +
                       vulnerability.matched_criteria);
        if (above)
          failing.push_back(vulnerability.cve_id + " (CVSS " + score + ", tcp/" +
                            std::to_string(port.port) + ")");
      }
    }
    services.push_back(service);
  }
  run.measurements()["services"] = services;
  run.measurements()["findings"] = findings;
  run.measurements()["unscored_findings"] = unscored;
  run.AddJsonEvidence("findings", run.measurements(), "サービス識別と照合結果 / services and CVEs");
  char threshold[16];
  std::snprintf(threshold, sizeof threshold, "%.1f", target.cvss_threshold);
  if (!failing.empty()) {
    std::string list;
    for (const auto& item : failing) list += (list.empty() ? "" : "; ") + item;
    return run.Finish(
        Verdict::kFail, std::string("CVSS ") + threshold + " 以上の既知の脆弱性があります: " + list,
        std::string("Known vulnerabilities at or above CVSS ") + threshold + ": " + list);
  }
  if (identified == 0) {
    return run.Finish(Verdict::kInconclusive,
                      "識別できたサービスがないため照合できません (未識別 " +
                          std::to_string(unidentified) + " ポート)。",
                      "No service could be identified, so nothing was matched (" +
                          std::to_string(unidentified) + " unidentified ports).");
  }
  return run.Finish(Verdict::kPass,
                    "識別した " + std::to_string(identified) + " サービスに CVSS " + threshold +
                        " 以上の既知の脆弱性は脆弱性DBに見つかりませんでした (未識別 " +
                        std::to_string(unidentified) + " ポート、評価値なし " +
                        std::to_string(unscored) + " 件)。",
                    "The local DB lists no known vulnerability at or above CVSS " +
                        std::string(threshold) + " for the " + std::to_string(identified) +
                        " identified services (" + std::to_string(unidentified) +
                        " ports unidentified, " + std::to_string(unscored) +
                        " findings without a score).");
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
                     {"banner", net::PrintableBanner(port.banner)}});
  }
  for (const auto& port : scan->udp) {
    ports.push_back({{"protocol", "udp"},
                     {"port", port.port},
                     {"state", net::PortStateName(port.state)},
                     {"reply", net::PrintableBanner(port.banner)}});
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
  results.push_back(VulnerabilityCase(session, *scan));
  return results;
}

}  // namespace iotmark::devtest
