#include "devtest/tls_findings.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

namespace iotmark::devtest {
namespace {

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool StartsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

std::string CertificateName(const net::TlsCertificateFacts& certificate) {
  return certificate.subject + " (SHA-256 " + certificate.sha256.substr(0, 16) + "…)";
}

// Why a suite is weak, or "" when it is not.
std::string WeakCipherReason(const net::TlsSuiteFacts& suite) {
  const std::string encryption = Upper(suite.encryption);
  const std::string name = Upper(suite.name);
  if (encryption == "NONE" || StartsWith(encryption, "NONE")) return "no encryption (NULL)";
  if (Upper(suite.authentication) == "NONE") return "anonymous (no authentication)";
  if (name.find("EXP") != std::string::npos) return "export-grade";
  if (StartsWith(encryption, "RC4")) return "RC4";
  if (StartsWith(encryption, "3DES")) return "3DES (64-bit block)";
  if (StartsWith(encryption, "DES")) return "DES";
  if (StartsWith(encryption, "IDEA")) return "IDEA (64-bit block)";
  if (suite.bits > 0 && suite.bits < 128) return std::to_string(suite.bits) + "-bit encryption";
  return "";
}

// "DH 1024" → 1024 for a finite-field ephemeral key, else 0.
int EphemeralDhBits(const std::string& ephemeral_key) {
  if (!StartsWith(ephemeral_key, "DH ")) return 0;
  try {
    return std::stoi(ephemeral_key.substr(3));
  } catch (const std::exception&) {
    return 0;
  }
}

std::string EpochText(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

class FindingList {
 public:
  void Add(const std::string& id, const char* ja, const char* en, std::string detail) {
    auto [it, inserted] = index_.emplace(id, findings_.size());
    if (inserted) findings_.push_back({id, ja, en, {}});
    auto& details = findings_[it->second].details;
    if (std::find(details.begin(), details.end(), detail) == details.end()) {
      details.push_back(std::move(detail));
    }
  }
  std::vector<TlsFinding> Take() { return std::move(findings_); }

 private:
  std::vector<TlsFinding> findings_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace

TlsJudgement JudgeTls(const net::TlsScan& scan, std::int64_t now_epoch_seconds) {
  TlsJudgement judgement;
  FindingList findings;
  bool tls13_accepted = false;
  bool forward_secret_suite = false;
  int legacy_suites = 0;
  for (const net::TlsVersionScan& version : scan.versions) {
    if (version.status == "not_probed") {
      judgement.not_examined.push_back(version.name + ": not probed (" + version.detail + ")");
      continue;
    }
    if (version.status != "accepted") continue;
    judgement.accepted_versions.push_back(version.name);
    if (!version.complete) {
      judgement.not_examined.push_back(version.name + ": cipher suites not fully enumerated (" +
                                       version.detail + ")");
    }
    judgement.accepted_suites += static_cast<int>(version.suites.size());
    const bool legacy = version.name == "SSLv3" || version.name == "TLSv1.0" ||
                        version.name == "TLSv1.1";
    if (legacy) {
      findings.Add("legacy-protocol", "古いプロトコルを受け付ける",
                   "obsolete protocol version accepted", version.name);
    }
    if (version.name == "TLSv1.3") tls13_accepted = true;
    for (const net::TlsSuiteFacts& suite : version.suites) {
      if (version.name != "TLSv1.3") {
        ++legacy_suites;
        if (suite.forward_secrecy) forward_secret_suite = true;
      }
      const std::string reason = WeakCipherReason(suite);
      if (!reason.empty()) {
        findings.Add("weak-cipher", "弱い暗号スイートを受け付ける", "weak cipher suite accepted",
                     version.name + " " + suite.name + ": " + reason);
      }
      const int dh_bits = EphemeralDhBits(suite.ephemeral_key);
      if (dh_bits > 0 && dh_bits < 2048) {
        findings.Add("weak-key", "鍵長が不足している", "key too short",
                     "ephemeral " + suite.ephemeral_key + " (" + version.name + " " + suite.name +
                         ")");
      }
    }
  }
  if (legacy_suites > 0 && !forward_secret_suite && !tls13_accepted) {
    findings.Add("no-forward-secrecy", "前方秘匿性 (Forward Secrecy) がない",
                 "no forward secrecy",
                 std::to_string(legacy_suites) +
                     " accepted suite(s), none with an ephemeral key exchange; TLS 1.3 refused");
  }
  for (const net::TlsCertificateFacts& certificate : scan.certificates) {
    const std::string name = CertificateName(certificate);
    const std::string key_type = Upper(certificate.key_type);
    const bool finite_field = key_type == "RSA" || key_type == "DSA" || key_type == "DH" ||
                              key_type == "RSA-PSS";
    if ((finite_field && certificate.key_bits > 0 && certificate.key_bits < 2048) ||
        (key_type == "EC" && certificate.key_bits > 0 && certificate.key_bits < 224)) {
      findings.Add("weak-key", "鍵長が不足している", "key too short",
                   certificate.key_type + " " + std::to_string(certificate.key_bits) + ": " + name);
    }
    const std::string digest = Upper(certificate.signature_digest);
    if (digest == "SHA1" || digest == "MD5" || digest == "MD4" || digest == "MD2") {
      findings.Add("weak-signature", "弱い署名アルゴリズムの証明書",
                   "certificate signed with a weak hash",
                   certificate.signature_algorithm + ": " + name);
    }
    if (certificate.san.empty()) {
      findings.Add("missing-san", "証明書に subjectAltName がない",
                   "certificate without subjectAltName", name);
    }
    if (certificate.self_signed) judgement.certificate_facts.push_back("self-signed: " + name);
    if (certificate.not_after_epoch != 0 && certificate.not_after_epoch < now_epoch_seconds) {
      judgement.certificate_facts.push_back("expired " + EpochText(certificate.not_after_epoch) +
                                            ": " + name);
    }
    if (certificate.not_before_epoch > now_epoch_seconds) {
      judgement.certificate_facts.push_back(
          "not valid before " + EpochText(certificate.not_before_epoch) + ": " + name);
    }
  }
  judgement.findings = findings.Take();
  return judgement;
}

nlohmann::json TlsScanJson(const net::TlsScan& scan) {
  nlohmann::json versions = nlohmann::json::array();
  for (const net::TlsVersionScan& version : scan.versions) {
    nlohmann::json suites = nlohmann::json::array();
    for (const net::TlsSuiteFacts& suite : version.suites) {
      suites.push_back({{"name", suite.name},
                        {"iana", suite.iana},
                        {"id", suite.id},
                        {"key_exchange", suite.key_exchange},
                        {"authentication", suite.authentication},
                        {"encryption", suite.encryption},
                        {"bits", suite.bits},
                        {"forward_secrecy", suite.forward_secrecy},
                        {"ephemeral_key", suite.ephemeral_key},
                        {"certificate_sha256", suite.certificate_sha256}});
    }
    versions.push_back({{"name", version.name},
                        {"status", version.status},
                        {"detail", version.detail},
                        {"method", version.method},
                        {"complete", version.complete},
                        {"suites_offered", version.suites_offered},
                        {"suites", suites}});
  }
  nlohmann::json certificates = nlohmann::json::array();
  for (const net::TlsCertificateFacts& certificate : scan.certificates) {
    certificates.push_back({{"sha256", certificate.sha256},
                            {"subject", certificate.subject},
                            {"issuer", certificate.issuer},
                            {"serial", certificate.serial},
                            {"not_before", certificate.not_before},
                            {"not_after", certificate.not_after},
                            {"self_signed", certificate.self_signed},
                            {"key_type", certificate.key_type},
                            {"key_bits", certificate.key_bits},
                            {"key_curve", certificate.key_curve},
                            {"signature_algorithm", certificate.signature_algorithm},
                            {"signature_digest", certificate.signature_digest},
                            {"san", certificate.san}});
  }
  return {{"versions", versions},
          {"certificates", certificates},
          {"handshakes", scan.handshakes},
          {"elapsed_ms", scan.elapsed_ms}};
}

nlohmann::json TlsJudgementJson(const TlsJudgement& judgement) {
  nlohmann::json findings = nlohmann::json::array();
  for (const TlsFinding& finding : judgement.findings) {
    findings.push_back({{"id", finding.id},
                        {"title_ja", finding.title_ja},
                        {"title_en", finding.title_en},
                        {"details", finding.details}});
  }
  return {{"findings", findings},
          {"accepted_versions", judgement.accepted_versions},
          {"accepted_suites", judgement.accepted_suites},
          {"not_examined", judgement.not_examined},
          {"certificate_facts", judgement.certificate_facts}};
}

}  // namespace iotmark::devtest
