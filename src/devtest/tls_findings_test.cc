// The TLS judgement: pure cases over hand-built scans, and real enumerations
// of in-process OpenSSL servers on 127.0.0.1 with generated certificates.
#include "devtest/tls_findings.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <ctime>
#include <set>

#include "crypto/certificate_maker.h"
#include "net/tls_test_server.h"

namespace iotmark::devtest {
namespace {

std::set<std::string> FindingIds(const TlsJudgement& judgement) {
  std::set<std::string> ids;
  for (const TlsFinding& finding : judgement.findings) ids.insert(finding.id);
  return ids;
}

const TlsFinding* Finding(const TlsJudgement& judgement, const std::string& id) {
  for (const TlsFinding& finding : judgement.findings) {
    if (finding.id == id) return &finding;
  }
  return nullptr;
}

net::TlsScan ScanWith(const std::string& accepted_version, std::vector<net::TlsSuiteFacts> suites,
                      net::TlsCertificateFacts certificate) {
  net::TlsScan scan;
  for (const char* name : {"SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
    net::TlsVersionScan version;
    version.name = name;
    version.status = name == accepted_version ? "accepted" : "refused";
    version.complete = true;
    if (name == accepted_version) version.suites = suites;
    scan.versions.push_back(version);
  }
  scan.certificates.push_back(certificate);
  return scan;
}

net::TlsCertificateFacts GoodCertificate() {
  net::TlsCertificateFacts certificate;
  certificate.sha256 = std::string(64, 'a');
  certificate.subject = "CN=device";
  certificate.key_type = "EC";
  certificate.key_bits = 256;
  certificate.signature_algorithm = "ecdsa-with-SHA256";
  certificate.signature_digest = "SHA256";
  certificate.san = {"DNS:localhost"};
  certificate.not_before_epoch = 1'700'000'000;
  certificate.not_after_epoch = 1'900'000'000;
  return certificate;
}

net::TlsSuiteFacts Suite(const std::string& name, const std::string& encryption, int bits,
                         bool forward_secrecy, const std::string& authentication = "RSA") {
  net::TlsSuiteFacts suite;
  suite.name = name;
  suite.encryption = encryption;
  suite.bits = bits;
  suite.forward_secrecy = forward_secrecy;
  suite.authentication = authentication;
  suite.key_exchange = forward_secrecy ? "ECDHE" : "RSA";
  return suite;
}

constexpr std::int64_t kNow = 1'800'000'000;

TEST(TlsFindingsTest, ModernServerHasNoFinding) {
  auto scan = ScanWith("TLSv1.2", {Suite("ECDHE-ECDSA-AES128-GCM-SHA256", "AESGCM(128)", 128, true)},
                       GoodCertificate());
  TlsJudgement judgement = JudgeTls(scan, kNow);
  EXPECT_TRUE(judgement.findings.empty());
  EXPECT_TRUE(judgement.not_examined.empty());
  EXPECT_EQ(judgement.accepted_versions, std::vector<std::string>{"TLSv1.2"});
  EXPECT_EQ(judgement.accepted_suites, 1);
}

TEST(TlsFindingsTest, EachWeakSuiteIsNamed) {
  auto scan = ScanWith("TLSv1.2",
                       {Suite("ECDHE-RSA-AES128-GCM-SHA256", "AESGCM(128)", 128, true),
                        Suite("RC4-SHA", "RC4(128)", 128, false),
                        Suite("DES-CBC3-SHA", "3DES(168)", 112, false),
                        Suite("ADH-AES128-SHA", "AES(128)", 128, true, "None"),
                        Suite("NULL-SHA", "None", 0, false)},
                       GoodCertificate());
  TlsJudgement judgement = JudgeTls(scan, kNow);
  EXPECT_EQ(FindingIds(judgement), (std::set<std::string>{"weak-cipher"}));
  ASSERT_TRUE(Finding(judgement, "weak-cipher"));
  EXPECT_EQ(Finding(judgement, "weak-cipher")->details.size(), 4u);
}

TEST(TlsFindingsTest, NoForwardSecrecyOnlyWhenNoSuiteHasItAndTls13Refused) {
  auto rsa_only = ScanWith("TLSv1.2", {Suite("AES128-GCM-SHA256", "AESGCM(128)", 128, false)},
                           GoodCertificate());
  EXPECT_EQ(FindingIds(JudgeTls(rsa_only, kNow)), (std::set<std::string>{"no-forward-secrecy"}));
  auto mixed = ScanWith("TLSv1.2",
                        {Suite("AES128-GCM-SHA256", "AESGCM(128)", 128, false),
                         Suite("ECDHE-RSA-AES128-GCM-SHA256", "AESGCM(128)", 128, true)},
                        GoodCertificate());
  EXPECT_TRUE(JudgeTls(mixed, kNow).findings.empty());
  auto with13 = rsa_only;
  with13.versions[4].status = "accepted";
  with13.versions[4].suites = {Suite("TLS_AES_128_GCM_SHA256", "AESGCM(128)", 128, true)};
  EXPECT_TRUE(JudgeTls(with13, kNow).findings.empty());
}

TEST(TlsFindingsTest, CertificateWeaknessesAndFacts) {
  net::TlsCertificateFacts certificate = GoodCertificate();
  certificate.key_type = "RSA";
  certificate.key_bits = 1024;
  certificate.signature_digest = "SHA1";
  certificate.signature_algorithm = "sha1WithRSAEncryption";
  certificate.san.clear();
  certificate.self_signed = true;
  certificate.not_after_epoch = kNow - 1;
  auto scan = ScanWith("TLSv1.2", {Suite("ECDHE-RSA-AES128-GCM-SHA256", "AESGCM(128)", 128, true)},
                       certificate);
  TlsJudgement judgement = JudgeTls(scan, kNow);
  EXPECT_EQ(FindingIds(judgement),
            (std::set<std::string>{"weak-key", "weak-signature", "missing-san"}));
  ASSERT_EQ(judgement.certificate_facts.size(), 2u);
  EXPECT_EQ(judgement.certificate_facts[0].rfind("self-signed", 0), 0u);
  EXPECT_EQ(judgement.certificate_facts[1].rfind("expired 2027-01-15T07:59:59Z", 0), 0u)
      << judgement.certificate_facts[1];
  certificate = GoodCertificate();
  certificate.key_bits = 192;  // EC P-192
  EXPECT_EQ(FindingIds(JudgeTls(ScanWith("TLSv1.2", scan.versions[3].suites, certificate), kNow)),
            (std::set<std::string>{"weak-key"}));
}

TEST(TlsFindingsTest, ShortEphemeralDhKeyIsAWeakKey) {
  auto suite = Suite("DHE-RSA-AES128-GCM-SHA256", "AESGCM(128)", 128, true);
  suite.ephemeral_key = "DH 1024";
  TlsJudgement judgement = JudgeTls(ScanWith("TLSv1.2", {suite}, GoodCertificate()), kNow);
  EXPECT_EQ(FindingIds(judgement), (std::set<std::string>{"weak-key"}));
}

TEST(TlsFindingsTest, WhatWasNotExaminedIsListed) {
  auto scan = ScanWith("TLSv1.2", {Suite("ECDHE-RSA-AES128-GCM-SHA256", "AESGCM(128)", 128, true)},
                       GoodCertificate());
  scan.versions[0].status = "not_probed";
  scan.versions[0].detail = "no answer within 5000 ms";
  scan.versions[3].complete = false;
  TlsJudgement judgement = JudgeTls(scan, kNow);
  EXPECT_TRUE(judgement.findings.empty());
  ASSERT_EQ(judgement.not_examined.size(), 2u);
  EXPECT_EQ(judgement.not_examined[0].rfind("SSLv3: not probed", 0), 0u);
  EXPECT_EQ(judgement.not_examined[1].rfind("TLSv1.2: cipher suites not fully", 0), 0u);
}

TEST(TlsFindingsTest, LegacyProtocolsAreNamed) {
  auto scan = ScanWith("TLSv1.0", {Suite("ECDHE-RSA-AES128-SHA", "AES(128)", 128, true)},
                       GoodCertificate());
  scan.versions[0].status = "accepted";  // SSLv3 too
  TlsJudgement judgement = JudgeTls(scan, kNow);
  ASSERT_TRUE(Finding(judgement, "legacy-protocol"));
  EXPECT_EQ(Finding(judgement, "legacy-protocol")->details,
            (std::vector<std::string>{"SSLv3", "TLSv1.0"}));
}

// Real servers: what testssl.sh flags on a weak TLS 1.0 server is found.
crypto::CertificatePem Make(const crypto::CertificateSpec& spec) {
  auto made = crypto::MakeCertificate(spec);
  EXPECT_TRUE(made.ok()) << made.status().message();
  return made.ok() ? *made : crypto::CertificatePem{};
}

TlsJudgement JudgeServer(const net::testing::TlsServerOptions& options) {
  net::testing::TlsTestServer server(options);
  EXPECT_NE(server.port(), 0) << server.error();
  net::TlsScanRequest request;
  request.host = "127.0.0.1";
  request.port = server.port();
  request.handshake_timeout = std::chrono::milliseconds(2000);
  return JudgeTls(net::ScanTls(request), std::time(nullptr));
}

TEST(TlsFindingsTest, WeakRealServerGivesEveryFinding) {
  crypto::CertificateSpec spec;
  spec.key = "rsa-1024";
  spec.digest = "sha1";
  spec.san = "";
  auto pem = Make(spec);
  net::testing::TlsServerOptions options{pem.certificate, pem.key, TLS1_VERSION,
                                         TLS1_VERSION,    "AES128-SHA:NULL-SHA", ""};
  options.security_level_0 = true;
  TlsJudgement judgement = JudgeServer(options);
  EXPECT_EQ(FindingIds(judgement),
            (std::set<std::string>{"legacy-protocol", "weak-key", "weak-signature",
                                   "no-forward-secrecy", "weak-cipher", "missing-san"}))
      << TlsJudgementJson(judgement).dump();
  EXPECT_TRUE(judgement.not_examined.empty());
  ASSERT_TRUE(Finding(judgement, "weak-cipher"));
  EXPECT_EQ(Finding(judgement, "weak-cipher")->details,
            std::vector<std::string>{"TLSv1.0 NULL-SHA: no encryption (NULL)"});
}

TEST(TlsFindingsTest, ModernRealServerHasNoFinding) {
  auto pem = Make({});
  net::testing::TlsServerOptions options{pem.certificate, pem.key, TLS1_2_VERSION, 0, "", ""};
  TlsJudgement judgement = JudgeServer(options);
  EXPECT_TRUE(judgement.findings.empty()) << TlsJudgementJson(judgement).dump();
  EXPECT_TRUE(judgement.not_examined.empty()) << TlsJudgementJson(judgement).dump();
  EXPECT_EQ(judgement.accepted_versions, (std::vector<std::string>{"TLSv1.2", "TLSv1.3"}));
  EXPECT_GE(judgement.accepted_suites, 3);
  ASSERT_EQ(judgement.certificate_facts.size(), 1u);  // self-signed
}

}  // namespace
}  // namespace iotmark::devtest
