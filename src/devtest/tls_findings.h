// The judgement of a TLS enumeration (net/tls_probe.h) for S1.1-12 support:
// the weaknesses testssl.sh flags, each a named finding, and what the scan
// could not examine. Pure: no network, the clock is a parameter.
//
// Findings (ids are stable, reports and tests name them):
//   legacy-protocol   SSLv3, TLS 1.0 or TLS 1.1 accepted
//   weak-key          an RSA/DSA/DH certificate key under 2048 bits, EC under 224
//   weak-signature    a certificate signed with SHA-1, MD5 (or MD2/MD4)
//   no-forward-secrecy  no accepted TLS 1.0–1.2 suite has forward secrecy and
//                     TLS 1.3 is not accepted
//   weak-cipher       NULL, anonymous, export-grade, RC4, DES, 3DES or any
//                     suite under 128 bits accepted
//   missing-san       a certificate without subjectAltName
// Facts that are not findings (shown to the reviewer): a self-signed, expired
// or not yet valid certificate.
#ifndef IOTMARK_DEVTEST_TLS_FINDINGS_H_
#define IOTMARK_DEVTEST_TLS_FINDINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/tls_probe.h"

namespace iotmark::devtest {

struct TlsFinding {
  std::string id;  // see the list above
  std::string title_ja;
  std::string title_en;
  std::vector<std::string> details;  // what was seen: versions, suites, certificates
};

struct TlsJudgement {
  std::vector<TlsFinding> findings;
  // Versions that could not be examined fully (no answer, enumeration cut
  // short), with the reason: a PASS is impossible while any is listed.
  std::vector<std::string> not_examined;
  std::vector<std::string> accepted_versions;  // "TLSv1.2", …
  int accepted_suites = 0;
  std::vector<std::string> certificate_facts;  // "self-signed", "expired 2025-01-01T00:00:00Z", …
};

TlsJudgement JudgeTls(const net::TlsScan& scan, std::int64_t now_epoch_seconds);

// The enumeration as report JSON (every version with its suites, certificates).
nlohmann::json TlsScanJson(const net::TlsScan& scan);

// The judgement as report JSON (findings with their details, coverage).
nlohmann::json TlsJudgementJson(const TlsJudgement& judgement);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_TLS_FINDINGS_H_
