// TLS on the web UI (supports S1.1-12): which protocol versions the device
// accepts and the facts of its certificate. FAIL when TLS 1.0 or 1.1 is
// accepted; PASS when only TLS 1.2 or later is; NA without a `tls` section.
#include "devtest/cases.h"
#include "net/http_client.h"

namespace iotmark::devtest {

CaseResult RunTlsCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-12-tls", "S1.1-12", CaseRole::kSupports,
              "通信の暗号化 (TLS) / TLS on the web UI");
  const Target& target = session.target();
  if (!target.tls) {
    return run.Finish(Verdict::kNotApplicable,
                      "ターゲットファイルに tls がないため試験していません。",
                      "The target file has no `tls` section; TLS was not tested.");
  }
  struct Version {
    net::TlsProtocol protocol;
    const char* name;
    bool legacy;
  };
  const Version kVersions[] = {{net::TlsProtocol::kTls10, "TLSv1.0", true},
                               {net::TlsProtocol::kTls11, "TLSv1.1", true},
                               {net::TlsProtocol::kTls12, "TLSv1.2", false},
                               {net::TlsProtocol::kTls13, "TLSv1.3", false}};
  nlohmann::json accepted = nlohmann::json::object();
  std::vector<std::string> legacy_accepted;
  bool modern_accepted = false;
  std::optional<net::TlsFacts> facts;
  for (const Version& version : kVersions) {
    net::HttpRequest request;
    request.url = target.tls->base_url + "/";
    request.allow_non_loopback = target.authorization.has_value();  // checked by devtest run
    request.tls_min = version.protocol;
    request.tls_max = version.protocol;
    request.timeout = std::chrono::milliseconds(5000);
    auto response = net::HttpFetch(request);
    bool ok = response.ok() && response->tls;
    accepted[version.name] = ok;
    run.log().Line(std::string(version.name) + ": " +
                   (ok ? "accepted (" + response->tls_facts.cipher + ")"
                       : "refused: " + response.status().message()));
    if (ok) {
      if (version.legacy) legacy_accepted.push_back(version.name);
      if (!version.legacy) modern_accepted = true;
      facts = response->tls_facts;
    }
  }
  run.measurements()["protocols_accepted"] = accepted;
  if (facts) {
    run.measurements()["certificate"] = {{"subject", facts->subject},
                                         {"issuer", facts->issuer},
                                         {"not_before", facts->not_before},
                                         {"not_after", facts->not_after},
                                         {"self_signed", facts->self_signed},
                                         {"public_key", facts->public_key},
                                         {"signature_algorithm", facts->signature_algorithm},
                                         {"negotiated_protocol", facts->protocol},
                                         {"cipher", facts->cipher}};
  }
  run.AddJsonEvidence("facts", run.measurements(), "TLS の事実 / TLS facts");
  if (!modern_accepted && legacy_accepted.empty()) {
    return run.Finish(Verdict::kInconclusive,
                      "TLS で接続できませんでした (" + target.tls->base_url + ")。",
                      "No TLS handshake succeeded with " + target.tls->base_url + ".");
  }
  if (!legacy_accepted.empty()) {
    std::string list;
    for (const auto& name : legacy_accepted) list += (list.empty() ? "" : ", ") + name;
    return run.Finish(Verdict::kFail, "古いプロトコル " + list + " を受け付けました。",
                      "The device accepts the obsolete protocol(s) " + list + ".");
  }
  return run.Finish(Verdict::kPass, "TLS 1.2 以降のみ受け付け、証明書の情報を記録しました。",
                    "Only TLS 1.2 or later is accepted; certificate facts recorded.");
}

}  // namespace iotmark::devtest
