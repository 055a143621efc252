// TLS on the web UI (supports S1.1-12): every protocol version from SSLv3 to
// TLS 1.3 and every cipher suite the device accepts (net/tls_probe.h), the
// certificates it presents, judged for the weaknesses testssl.sh flags
// (devtest/tls_findings.h). FAIL names each finding; INCONCLUSIVE when a
// version could not be examined fully or no handshake succeeded; PASS states
// what was examined; NA without a `tls` section.
#include <chrono>

#include "devtest/cases.h"
#include "devtest/tls_findings.h"
#include "net/address.h"
#include "net/host_pins.h"
#include "net/http_client.h"
#include "net/tls_probe.h"

namespace iotmark::devtest {
namespace {

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

}  // namespace

CaseResult RunTlsCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-12-tls", "S1.1-12", CaseRole::kSupports,
              "通信の暗号化 (TLS) / TLS on the web UI");
  const Target& target = session.target();
  if (!target.tls) {
    return run.Finish(Verdict::kNotApplicable,
                      "ターゲットファイルに tls がないため試験していません。",
                      "The target file has no `tls` section; TLS was not tested.");
  }
  Result<net::ParsedUrl> url = net::ParseUrl(target.tls->base_url);
  Result<std::string> address =
      url.ok() ? net::ConnectAddressFor(url->host) : Result<std::string>(url.status());
  if (!address.ok()) {
    return run.Finish(Verdict::kInconclusive,
                      "tls.base_url の接続先を決められません: " + address.status().message(),
                      "Cannot tell where tls.base_url points: " + address.status().message());
  }
  // target.cc ties tls.base_url to the target's host; devtest run checked its
  // authorization. Never contact a non-loopback address without one.
  if (!net::IsLoopbackAddress(*address) && !target.authorization) {
    return run.Finish(Verdict::kInconclusive,
                      "authorization がないため " + *address + " には接続しません。",
                      "Not contacting " + *address + " without an `authorization` section.");
  }
  net::TlsScanRequest request;
  request.host = *address;
  request.port = url->port;
  run.log().Line("enumerating SSLv3 … TLSv1.3 and their cipher suites on " + *address + " port " +
                 std::to_string(url->port));
  const net::TlsScan scan = net::ScanTls(request);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               session.clock().Now().time_since_epoch())
                               .count();
  const TlsJudgement judgement = JudgeTls(scan, now);

  nlohmann::json accepted = nlohmann::json::object();
  for (const net::TlsVersionScan& version : scan.versions) {
    accepted[version.name] = version.status == "accepted";
    run.log().Line(version.name + ": " + version.status + " (" +
                   std::to_string(version.suites.size()) + " suite(s)" +
                   (version.detail.empty() ? "" : "; " + version.detail) + ")");
  }
  run.measurements()["protocols_accepted"] = accepted;
  run.measurements()["tls_judgement"] = TlsJudgementJson(judgement);
  run.measurements()["handshakes"] = scan.handshakes;
  if (!scan.certificates.empty()) {
    const net::TlsCertificateFacts& leaf = scan.certificates.front();
    run.measurements()["certificate"] = {
        {"subject", leaf.subject},
        {"issuer", leaf.issuer},
        {"not_before", leaf.not_before},
        {"not_after", leaf.not_after},
        {"self_signed", leaf.self_signed},
        {"public_key", leaf.key_type + " " + std::to_string(leaf.key_bits)},
        {"signature_algorithm", leaf.signature_algorithm},
        {"san", leaf.san}};
  }
  run.AddJsonEvidence("scan", TlsScanJson(scan),
                      "TLS の列挙結果 (プロトコル・暗号スイート・証明書) / TLS enumeration");

  const std::string examined_en =
      std::to_string(scan.handshakes) + " handshakes; accepted: " +
      (judgement.accepted_versions.empty() ? "none" : Join(judgement.accepted_versions, ", ")) +
      " with " + std::to_string(judgement.accepted_suites) + " cipher suite(s); " +
      std::to_string(scan.certificates.size()) + " certificate(s)";
  const std::string facts_en =
      judgement.certificate_facts.empty() ? ""
                                          : " Certificate facts: " +
                                                Join(judgement.certificate_facts, "; ") + ".";
  if (!judgement.findings.empty()) {
    std::vector<std::string> ja, en;
    for (const TlsFinding& finding : judgement.findings) {
      ja.push_back(finding.title_ja + " [" + finding.id + "] (" + Join(finding.details, ", ") +
                   ")");
      en.push_back(finding.id + ": " + Join(finding.details, ", "));
    }
    return run.Finish(Verdict::kFail, "TLS の弱点: " + Join(ja, "、") + "。",
                      "TLS weaknesses: " + Join(en, "; ") + " (" + examined_en + ")." + facts_en);
  }
  if (judgement.accepted_versions.empty()) {
    return run.Finish(Verdict::kInconclusive,
                      "TLS で接続できませんでした (" + target.tls->base_url + ")。",
                      "No TLS handshake succeeded with " + target.tls->base_url + " (" +
                          Join(judgement.not_examined, "; ") + ").");
  }
  if (!judgement.not_examined.empty()) {
    return run.Finish(Verdict::kInconclusive,
                      "弱点は見つかりませんでしたが、調べきれなかったバージョンがあります: " +
                          Join(judgement.not_examined, "; "),
                      "No weakness found, but not everything could be examined: " +
                          Join(judgement.not_examined, "; ") + " (" + examined_en + ")." +
                          facts_en);
  }
  return run.Finish(
      Verdict::kPass,
      "TLS 1.2 以降のみ受け付け、弱い暗号スイート・短い鍵・弱い署名はなく、前方秘匿性があります (" +
          Join(judgement.accepted_versions, ", ") + "、暗号スイート " +
          std::to_string(judgement.accepted_suites) + " 個を確認)。",
      "SSLv3 to TLS 1.3 examined: only " + Join(judgement.accepted_versions, ", ") +
          " accepted; no weak suite, short key or weak signature; forward secrecy (" +
          examined_en + ")." + facts_en);
}

}  // namespace iotmark::devtest
