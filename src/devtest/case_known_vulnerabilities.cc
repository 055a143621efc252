// S1.1-13 ②: known vulnerabilities of the services the device exposes.
//
// Every open TCP port found by the port case, on every scanned address, is identified the way
// `nmap -sV` does (service_probes_identify.h: nmap's probes and match lines,
// TLS-wrapped services included). Each identified CPE is matched against the
// local vulnerability DB through NVD's naming (VulnDatabase::Match: the CPE
// dictionary, then the documented alias table). Verdict:
//   FAIL          a matched CVE with CVSS >= cvss_threshold that the target's
//                 `vex:` does not declare not_affected/fixed;
//   INCONCLUSIVE  a matched CVE without any CVSS score (NVD has not analysed
//                 it), or no service could be matched with a version;
//   PASS          otherwise; the rationale names what was examined, the
//                 unidentified ports, and every VEX statement used.
// Nothing is hidden: VEX statements are shown beside the matches they cover.
#include <algorithm>
#include <cstdio>
#include <future>
#include <map>

#include "devtest/cases.h"
#include "devtest/service_probes.h"
#include "devtest/service_probes_identify.h"
#include "net/bytes_text.h"
#include "net/scanner.h"
#include "vulndb/database.h"

namespace iotmark::devtest {
namespace {

std::string Score(const std::optional<double>& score) {
  if (!score) return "none";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", *score);
  return text;
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

const VexStatement* FindVex(const Target& target, const std::string& cve) {
  for (const VexStatement& statement : target.vex) {
    if (statement.cve == cve) return &statement;
  }
  return nullptr;
}

}  // namespace

std::vector<Identification> IdentifyOpenPorts(const ServiceProbes& probes,
                                              const net::ScanReport& scan,
                                              const IdentifyOptions& base) {
  std::vector<const net::PortResult*> open;
  for (const net::PortResult& port : scan.tcp) {
    if (port.state == net::PortState::kOpen) open.push_back(&port);
  }
  std::vector<Identification> results(open.size());
  constexpr std::size_t kParallel = 8;
  for (std::size_t first = 0; first < open.size(); first += kParallel) {
    std::vector<std::future<Identification>> running;
    for (std::size_t i = first; i < std::min(open.size(), first + kParallel); ++i) {
      IdentifyOptions options = base;
      // The scanner sent "HEAD / HTTP/1.0" only after the port stayed silent.
      options.skip_null = open[i]->banner.rfind("HTTP/", 0) == 0;
      running.push_back(
          std::async(std::launch::async, [&probes, &scan, port = open[i]->port, options] {
            return IdentifyService(probes, scan.host, port, options);
          }));
    }
    for (std::size_t i = 0; i < running.size(); ++i) results[first + i] = running[i].get();
  }
  return results;
}

CaseResult RunKnownVulnerabilityCase(DeviceSession& session,
                                     const std::vector<const net::ScanReport*>& scans) {
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
  auto probes = ServiceProbes::LoadWithIotmarkProbes(kNmapServiceProbesPath);
  if (!probes.ok()) {
    return run.Finish(Verdict::kInconclusive,
                      "nmap のサービス識別データがありません: " + probes.status().message(),
                      "nmap's service fingerprints are unavailable: " + probes.status().message());
  }
  IdentifyOptions options;
  int wait_ms = std::max(1000, target.scan.timeout_ms * 4);
  options.connect_timeout = std::chrono::milliseconds(wait_ms);
  options.null_wait = std::chrono::milliseconds(wait_ms);
  options.probe_wait = std::chrono::milliseconds(wait_ms);
  // Every scanned address (IPv4 and IPv6 may expose different services).
  std::vector<std::pair<std::string, Identification>> identified;
  for (const net::ScanReport* scan : scans) {
    for (Identification& id : IdentifyOpenPorts(*probes, *scan, options)) {
      identified.emplace_back(scan->host, std::move(id));
    }
  }
  const bool several_addresses = scans.size() > 1;

  nlohmann::json services = nlohmann::json::array();
  nlohmann::json findings = nlohmann::json::array();
  nlohmann::json vex_used = nlohmann::json::array();
  std::vector<std::string> failing, unscored, declared, unidentified, unversioned, matched_services;
  for (const auto& [address, id] : identified) {
    std::string port_name = (several_addresses ? address + " " : std::string()) + "tcp/" +
                            std::to_string(id.port);
    nlohmann::json service = id.ToJson();
    service["address"] = address;
    if (!id.match) {
      unidentified.push_back(port_name);
      run.log().Line(port_name + ": not identified after " + std::to_string(id.exchanges.size()) +
                     " probes");
      services.push_back(std::move(service));
      continue;
    }
    const ServiceMatch& match = *id.match;
    run.log().Line(port_name + ": " + id.ServiceName() + " " + match.product + " " + match.version +
                   " (nmap-service-probes line " + std::to_string(match.line) + ", probe " +
                   match.probe + (id.tls ? ", inside TLS" : "") + ")");
    bool versioned = false;
    nlohmann::json resolutions = nlohmann::json::array();
    for (const std::string& cpe_text : match.cpes) {
      auto cpe = vulndb::ParseCpe(cpe_text);
      if (!cpe.ok() || cpe->part != "a") continue;  // os/hardware CPEs are not the service
      auto version = VersionForMatching(cpe->version);
      if (!version) continue;
      cpe->version = *version;
      versioned = true;
      auto result = database->Match(*cpe, vulndb::VendorAliases::BuiltIn());
      if (!result.ok()) {
        return run.Finish(Verdict::kError, "脆弱性DBの検索に失敗: " + result.status().message(),
                          "Vulnerability DB query failed: " + result.status().message());
      }
      for (const auto& name : result->names) {
        resolutions.push_back({{"cpe", cpe_text},
                               {"name", name.vendor + ":" + name.product + ":" + name.version},
                               {"reason", name.reason}});
      }
      for (const auto& vulnerability : result->matches) {
        const VexStatement* vex = FindVex(target, vulnerability.cve_id);
        bool above = vulnerability.base_score && *vulnerability.base_score >= target.cvss_threshold;
        nlohmann::json finding = {
            {"address", address},
            {"port", id.port},
            {"service", id.ServiceName()},
            {"product", match.product},
            {"version", match.version},
            {"cpe", cpe_text},
            {"nvd_name", vulnerability.resolved_name},
            {"name_resolution", vulnerability.resolution},
            {"cve_id", vulnerability.cve_id},
            {"base_score", vulnerability.base_score ? nlohmann::json(*vulnerability.base_score)
                                                    : nlohmann::json(nullptr)},
            {"cvss_version", vulnerability.cvss_version},
            {"severity", vulnerability.severity},
            {"matched_criteria", vulnerability.matched_criteria},
            {"version_range", vulnerability.version_range},
            {"at_or_above_threshold", above}};
        std::string label = vulnerability.cve_id + " (CVSS " + Score(vulnerability.base_score) +
                            ", " + port_name + " " + match.product + " " + match.version + ")";
        if (vex) {
          finding["vex"] = {{"status", vex->status},
                            {"justification", vex->justification},
                            {"detail", vex->detail},
                            {"target_line", vex->line}};
          vex_used.push_back({{"cve_id", vex->cve},
                              {"status", vex->status},
                              {"justification", vex->justification},
                              {"detail", vex->detail}});
        }
        bool declared_safe = vex && vex->DeclaresNotVulnerable();
        run.log().Line("  " + vulnerability.cve_id + " CVSS " + Score(vulnerability.base_score) +
                       " via " + vulnerability.matched_criteria + " [" +
                       vulnerability.version_range + "] as " + vulnerability.resolved_name +
                       (vex ? " — VEX " + vex->status + " " + vex->justification : ""));
        if (declared_safe) {
          declared.push_back(label + " — VEX " + vex->status +
                             (vex->justification.empty() ? "" : ": " + vex->justification));
        } else if (!vulnerability.base_score) {
          unscored.push_back(label);
        } else if (above) {
          failing.push_back(label);
        }
        findings.push_back(std::move(finding));
      }
    }
    service["name_resolution"] = resolutions;
    if (versioned) {
      matched_services.push_back(port_name + " " + match.product + " " + match.version);
    } else {
      unversioned.push_back(port_name + " " +
                            (match.product.empty() ? id.ServiceName() : match.product));
    }
    services.push_back(std::move(service));
  }
  run.measurements()["services"] = services;
  run.measurements()["findings"] = findings;
  run.measurements()["vex_statements_applied"] = vex_used;
  run.measurements()["unscored_findings"] = unscored;
  run.measurements()["unidentified_ports"] = unidentified;
  run.measurements()["identified_without_version"] = unversioned;
  run.AddJsonEvidence("findings", run.measurements(),
                      "サービス識別 (nmap プローブ) と照合結果 / service identification and CVEs");
  char threshold[16];
  std::snprintf(threshold, sizeof threshold, "%.1f", target.cvss_threshold);
  std::string examined_ja =
      "照合したサービス: " + (matched_services.empty() ? "なし" : Join(matched_services, ", "));
  std::string examined_en =
      "services matched: " + (matched_services.empty() ? "none" : Join(matched_services, ", "));
  std::string extra_ja, extra_en;
  if (!unidentified.empty()) {
    extra_ja += "; 未識別: " + Join(unidentified, ", ");
    extra_en += "; not identified: " + Join(unidentified, ", ");
  }
  if (!unversioned.empty()) {
    extra_ja += "; 版数不明: " + Join(unversioned, ", ");
    extra_en += "; identified without a version: " + Join(unversioned, ", ");
  }
  if (!declared.empty()) {
    extra_ja += "; ベンダーが VEX で影響なしと申告 (審査員が確認): " + Join(declared, "; ");
    extra_en += "; declared not affected by the vendor (VEX, for the reviewer to confirm): " +
                Join(declared, "; ");
  }
  if (!failing.empty()) {
    return run.Finish(Verdict::kFail,
                      std::string("CVSS ") + threshold + " 以上の既知の脆弱性があります: " +
                          Join(failing, "; ") + " (" + examined_ja + extra_ja + ")",
                      std::string("Known vulnerabilities at or above CVSS ") + threshold + ": " +
                          Join(failing, "; ") + " (" + examined_en + extra_en + ")");
  }
  if (!unscored.empty()) {
    return run.Finish(Verdict::kInconclusive,
                      "評価値 (CVSS) のない既知の脆弱性が一致しました。審査員の判断が必要です: " +
                          Join(unscored, "; ") + " (" + examined_ja + extra_ja + ")",
                      "Matched records without any CVSS score (NVD has not analysed them); a "
                      "reviewer must judge: " +
                          Join(unscored, "; ") + " (" + examined_en + extra_en + ")");
  }
  if (matched_services.empty()) {
    return run.Finish(
        Verdict::kInconclusive,
        "版数まで識別できたサービスがないため照合できません (" + examined_ja + extra_ja + ")。",
        "No service was identified with a version, so nothing could be matched (" + examined_en +
            extra_en + ").");
  }
  return run.Finish(Verdict::kPass,
                    std::string("CVSS ") + threshold +
                        " 以上の既知の脆弱性は脆弱性DBに見つかりませんでした (" + examined_ja +
                        extra_ja + ")。",
                    std::string("The local DB lists no known vulnerability at or above CVSS ") +
                        threshold + " (" + examined_en + extra_en + ").");
}

}  // namespace iotmark::devtest
