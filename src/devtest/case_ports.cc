// S1.1-13: open TCP/UDP ports against the declared ones, and known
// vulnerabilities of the services found (banner → nmap fingerprint → CPE →
// local vulnerability DB, CVSS at or above the threshold FAILs).
//
// The scan covers every TCP port 1-65535 and the default UDP list with
// protocol probes (devtest/scan_plan.h; `scan:` narrows or widens on purpose)
// on every address of the device (IPv4 and IPv6). PASS only for a full scan
// that lost no answers, and its rationale names what was scanned; a narrowed
// scan, lost answers or a device that stopped answering are INCONCLUSIVE.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "devtest/cases.h"
#include "devtest/scan_plan.h"
#include "net/bytes_text.h"
#include "net/port_list.h"
#include "net/scanner.h"
#include "net/udp_probes.h"

namespace iotmark::devtest {
namespace {

std::string JoinPorts(const std::vector<std::uint16_t>& ports, const char* protocol) {
  std::string text;
  for (auto port : ports)
    text += (text.empty() ? "" : ", ") + std::to_string(port) + "/" + protocol;
  return text;
}


}  // namespace

namespace {

// One address's scan and what the re-check after it found.
struct AddressScan {
  std::string address;
  net::ScanReport report;
  std::vector<std::uint16_t> stopped_answering;  // open during the scan, not afterwards
};

std::vector<const net::ScanReport*> Reports(const std::vector<AddressScan>& scans) {
  std::vector<const net::ScanReport*> reports;
  for (const AddressScan& scan : scans) reports.push_back(&scan.report);
  return reports;
}

std::string Plural(std::size_t count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

std::string ScannedText(const ScanPlan& plan) {
  std::string text = Plural(plan.tcp_ports.size(), "TCP port") + " (" +
                     net::PortRangesText(plan.tcp_ports) + ") and " +
                     Plural(plan.udp_ports.size(), "UDP port") + " (" +
                     net::PortRangesText(plan.udp_ports) + ") scanned";
  return text;
}

std::vector<std::uint16_t> Undeclared(const std::vector<std::uint16_t>& open,
                                      const std::vector<std::uint16_t>& declared) {
  std::vector<std::uint16_t> out;
  for (auto port : open) {
    if (std::find(declared.begin(), declared.end(), port) == declared.end()) out.push_back(port);
  }
  return out;
}

void AddSorted(std::vector<std::uint16_t>& into, const std::vector<std::uint16_t>& ports) {
  into.insert(into.end(), ports.begin(), ports.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

}  // namespace

std::vector<CaseResult> RunPortCases(DeviceSession& session) {
  const Target& target = session.target();
  std::vector<CaseResult> results;
  CaseRun run(session, "S1.1-13-open-ports", "S1.1-13", CaseRole::kDecides,
              "開いているポート / Open ports against declared ones");
  ScanPlan plan = PlanScan(target);
  std::vector<std::string> addresses =
      target.scan_addresses.empty() ? LiteralAddresses(target) : target.scan_addresses;
  if (addresses.empty()) {
    results.push_back(run.Finish(Verdict::kError,
                                 "ホスト名 " + target.host + " のアドレスが解決されていません。",
                                 "The host name " + target.host + " was not resolved."));
    return results;
  }
  net::UdpPayloads payloads = net::LoadUdpPayloads();
  net::ScanOptions options;
  options.tcp_ports = plan.tcp_ports;
  options.udp_ports = plan.udp_ports;
  for (std::uint16_t port : plan.udp_ports) {
    if (const auto* probes = payloads.For(port)) options.udp_payloads[port] = *probes;
  }
  options.grab_banners = true;
  options.allow_non_loopback = target.authorization.has_value();
  options.connect_timeout = std::chrono::milliseconds(target.scan.timeout_ms);
  options.udp_timeout = std::chrono::milliseconds(target.scan.timeout_ms);
  nlohmann::json probes = nlohmann::json::object();
  for (std::uint16_t port : plan.udp_ports) {
    std::string name = net::UdpServiceName(port);
    probes[std::to_string(port)] = {
        {"service", name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name)},
        {"payloads", payloads.sources.count(port) ? nlohmann::json(payloads.sources.at(port))
                                                  : nlohmann::json::array()}};
  }
  run.measurements()["addresses"] = addresses;
  run.measurements()["tcp_ranges"] = net::PortRanges(plan.tcp_ports);
  run.measurements()["tcp_ports_scanned"] = plan.tcp_ports.size();
  run.measurements()["udp_ports"] = plan.udp_ports;
  run.measurements()["udp_probes"] = probes;
  run.measurements()["full_range"] = !plan.Narrowed();
  run.measurements()["not_scanned"] = {{"tcp", net::PortRanges(plan.tcp_not_scanned)},
                                       {"udp", plan.udp_not_scanned}};

  std::vector<AddressScan> scans;
  nlohmann::json ports = nlohmann::json::array();
  nlohmann::json per_address = nlohmann::json::array();
  for (const std::string& address : addresses) {
    options.host = address;
    run.log().Line("scanning " + ScannedText(plan) + " on " + address);
    session.Progress("S1.1-13 scanning " + Plural(plan.tcp_ports.size(), "TCP port") + " and " +
                     Plural(plan.udp_ports.size(), "UDP port") + " of " + address);
    auto scan = net::Scan(options);
    if (!scan.ok()) {
      results.push_back(
          run.Finish(Verdict::kError, address + " のスキャンに失敗: " + scan.status().message(),
                     "The port scan of " + address + " failed: " + scan.status().message()));
      return results;
    }
    AddressScan entry{address, std::move(*scan), {}};
    // Re-check: every port open during the scan must still accept now, else
    // the device stopped answering (crashed, rebooted, blocked us) mid-scan.
    std::vector<std::uint16_t> open = entry.report.OpenTcpPorts();
    if (!open.empty()) {
      net::ScanOptions again = options;
      again.tcp_ports = open;
      again.udp_ports.clear();
      again.grab_banners = false;
      auto recheck = net::Scan(again);
      std::vector<std::uint16_t> still =
          recheck.ok() ? recheck->OpenTcpPorts() : std::vector<std::uint16_t>{};
      entry.stopped_answering = Undeclared(open, still);
    }
    for (const auto& port : entry.report.tcp) {
      ports.push_back({{"address", address},
                       {"protocol", "tcp"},
                       {"port", port.port},
                       {"state", net::PortStateName(port.state)},
                       {"banner", net::PrintableBanner(port.banner)},
                       {"banner_base64", net::Base64Bytes(port.banner)}});
    }
    std::vector<std::uint16_t> open_filtered_udp;
    for (const auto& port : entry.report.udp) {
      if (port.state == net::PortState::kOpenFiltered) open_filtered_udp.push_back(port.port);
      if (port.state == net::PortState::kClosed) continue;
      ports.push_back({{"address", address},
                       {"protocol", "udp"},
                       {"port", port.port},
                       {"state", net::PortStateName(port.state)},
                       {"reply", net::PrintableBanner(port.banner)},
                       {"reply_base64", net::Base64Bytes(port.banner)}});
    }
    per_address.push_back({{"address", address},
                           {"open_tcp", open},
                           {"open_udp", entry.report.OpenUdpPorts()},
                           {"open_filtered_udp", open_filtered_udp},
                           {"tcp_closed", entry.report.tcp_closed},
                           {"tcp_timed_out", entry.report.tcp_timed_out},
                           {"tcp_unreachable", entry.report.tcp_unreachable},
                           {"tcp_resource_failures", entry.report.tcp_resource_failures},
                           {"stopped_answering_tcp", entry.stopped_answering},
                           {"scan_seconds", entry.report.seconds}});
    run.log().Line(address + ": open TCP " + JoinPorts(open, "tcp") + "; open UDP " +
                   JoinPorts(entry.report.OpenUdpPorts(), "udp") + "; " +
                   std::to_string(entry.report.tcp_timed_out) + " TCP ports timed out in " +
                   std::to_string(entry.report.seconds) + " s");
    scans.push_back(std::move(entry));
  }
  std::vector<std::uint16_t> open_tcp, open_udp, open_filtered_udp;
  std::size_t timed_out = 0, resource_failures = 0, unreachable = 0;
  std::vector<std::string> stopped;
  for (const AddressScan& scan : scans) {
    AddSorted(open_tcp, scan.report.OpenTcpPorts());
    AddSorted(open_udp, scan.report.OpenUdpPorts());
    for (const auto& port : scan.report.udp) {
      if (port.state == net::PortState::kOpenFiltered) AddSorted(open_filtered_udp, {port.port});
    }
    timed_out += scan.report.tcp_timed_out;
    resource_failures += scan.report.tcp_resource_failures;
    unreachable += scan.report.tcp_unreachable;
    for (auto port : scan.stopped_answering) {
      stopped.push_back(scan.address + " tcp/" + std::to_string(port));
    }
  }
  run.measurements()["per_address"] = per_address;
  run.measurements()["open_tcp"] = open_tcp;
  run.measurements()["open_udp"] = open_udp;
  run.measurements()["open_filtered_udp"] = open_filtered_udp;
  run.measurements()["tcp_timed_out"] = timed_out;
  run.measurements()["scan_seconds"] = scans.front().report.seconds;
  run.AddJsonEvidence("scan", ports, "スキャン結果 / scan results");

  std::string scanned = ScannedText(plan) + " on " + [&] {
    std::string list;
    for (const auto& address : addresses) list += (list.empty() ? "" : " and ") + address;
    return list;
  }();
  std::string open_text = JoinPorts(open_tcp, "tcp");
  if (!open_udp.empty()) open_text += (open_text.empty() ? "" : ", ") + JoinPorts(open_udp, "udp");
  if (open_text.empty()) open_text = "none";
  if (target.declared_ports) {
    std::vector<std::uint16_t> undeclared_tcp = Undeclared(open_tcp, target.declared_ports->tcp);
    std::vector<std::uint16_t> undeclared_udp = Undeclared(open_udp, target.declared_ports->udp);
    run.measurements()["undeclared_tcp"] = undeclared_tcp;
    run.measurements()["undeclared_udp"] = undeclared_udp;
    if (!undeclared_tcp.empty() || !undeclared_udp.empty()) {
      std::string list = JoinPorts(undeclared_tcp, "tcp");
      std::string udp_list = JoinPorts(undeclared_udp, "udp");
      if (!udp_list.empty()) list += (list.empty() ? "" : ", ") + udp_list;
      results.push_back(run.Finish(
          Verdict::kFail, "申告されていないポートが開いています: " + list + " (" + scanned + ")",
          "Undeclared open ports: " + list + " (" + scanned + ")."));
      results.push_back(RunKnownVulnerabilityCase(session, Reports(scans)));
      return results;
    }
  }
  // Nothing undeclared was seen; whether that may PASS depends on what was examined.
  double threshold = target.scan.max_unanswered_percent;
  std::size_t unanswered = timed_out + unreachable;
  double unanswered_percent =
      100.0 * static_cast<double>(unanswered) /
      static_cast<double>(std::max<std::size_t>(1, plan.tcp_ports.size() * scans.size()));
  run.measurements()["tcp_unanswered_percent"] = unanswered_percent;
  char figures[256];
  std::snprintf(figures, sizeof figures,
                "%zu of %zu TCP probes unanswered (%.2f%%, threshold %.2f%%: %zu timed out, "
                "%zu host/network unreachable), %zu not probed for lack of sockets",
                unanswered, plan.tcp_ports.size() * scans.size(), unanswered_percent, threshold,
                timed_out, unreachable, resource_failures);
  if (!stopped.empty() || resource_failures > 0 || unanswered_percent > threshold) {
    std::string why;
    if (!stopped.empty()) {
      for (const auto& item : stopped) why += (why.empty() ? "" : ", ") + item;
      why = "the device stopped answering during the scan (open before, not afterwards: " + why +
            "); ";
    }
    results.push_back(run.Finish(
        Verdict::kInconclusive,
        std::string("スキャンで応答が失われたため判定できません: ") + figures + "。" + scanned,
        "The scan lost answers, so the open ports are not known: " + why + figures + ". " +
            scanned + "; open: " + open_text + "."));
  } else if (!target.declared_ports) {
    results.push_back(run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに declared_ports がないため比較できません (開いているポート: " +
            open_text + "; " + scanned + ")。",
        "The target file has no `declared_ports`; nothing to compare (open: " + open_text + "; " +
            scanned + ")."));
  } else if (plan.Narrowed()) {
    std::string missing = net::PortRangesText(plan.tcp_not_scanned);
    std::string missing_text =
        (missing.empty() ? "" : "TCP " + missing) +
        (plan.udp_not_scanned.empty() ? ""
                                      : std::string(missing.empty() ? "" : "; ") + "UDP " +
                                            net::PortRangesText(plan.udp_not_scanned));
    results.push_back(run.Finish(
        Verdict::kInconclusive,
        "ターゲットの scan: によりスキャン範囲が狭められています。未スキャン: " + missing_text +
            "。合格には TCP 1-65535 と既定の UDP ポートの全スキャンが必要です (" + scanned + ")。",
        "The target's `scan:` section narrowed the scan; not scanned: " + missing_text +
            ". A PASS needs every TCP port 1-65535 and the default UDP list (" + scanned +
            "; open: " + open_text + ", all declared)."));
  } else {
    std::string silent =
        open_filtered_udp.empty()
            ? ""
            : " UDP open|filtered (no reply to the protocol probe, no ICMP refusal): " +
                  JoinPorts(open_filtered_udp, "udp") + ".";
    results.push_back(run.Finish(Verdict::kPass,
                                 std::to_string(plan.tcp_ports.size()) + " TCP ポートと " +
                                     std::to_string(plan.udp_ports.size()) +
                                     " UDP ポートをスキャンしました (" + scanned +
                                     ")。開いているポート: " + open_text + "、すべて申告済みです。",
                                 scanned + "; open: " + open_text + ", all declared." + silent));
  }
  results.push_back(RunKnownVulnerabilityCase(session, Reports(scans)));
  return results;
}

}  // namespace iotmark::devtest
