// The TLS probe against in-process OpenSSL servers on 127.0.0.1 with
// generated certificates and a fake SSLv3 server.
#include "net/tls_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include "crypto/certificate_maker.h"
#include "net/tls_test_server.h"

namespace iotmark::net {
namespace {

using testing::TlsServerOptions;
using testing::TlsTestServer;

crypto::CertificatePem Make(const crypto::CertificateSpec& spec) {
  auto made = crypto::MakeCertificate(spec);
  EXPECT_TRUE(made.ok()) << made.status().message();
  return made.ok() ? *made : crypto::CertificatePem{};
}

TlsScan Scan(std::uint16_t port) {
  TlsScanRequest request;
  request.host = "127.0.0.1";
  request.port = port;
  request.handshake_timeout = std::chrono::milliseconds(2000);
  return ScanTls(request);
}

std::set<std::string> SuiteNames(const TlsVersionScan& version) {
  std::set<std::string> names;
  for (const auto& suite : version.suites) names.insert(suite.name);
  return names;
}

TEST(TlsProbeTest, Rsa2048EcdheOnlyTls12Server) {
  crypto::CertificateSpec spec;
  spec.key = "rsa-2048";
  auto pem = Make(spec);
  TlsServerOptions options{pem.certificate, pem.key, TLS1_2_VERSION, TLS1_2_VERSION,
                           "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
                           "ECDHE-RSA-CHACHA20-POLY1305", ""};
  TlsTestServer server(options);
  ASSERT_NE(server.port(), 0) << server.error();
  TlsScan scan = Scan(server.port());
  ASSERT_EQ(scan.versions.size(), 5u);
  const TlsVersionScan* tls12 = scan.Version("TLSv1.2");
  ASSERT_TRUE(tls12);
  EXPECT_EQ(tls12->status, "accepted");
  EXPECT_TRUE(tls12->complete);
  EXPECT_GT(tls12->suites_offered, 50);
  EXPECT_EQ(SuiteNames(*tls12),
            (std::set<std::string>{"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                                   "ECDHE-RSA-CHACHA20-POLY1305"}));
  for (const auto& suite : tls12->suites) {
    EXPECT_TRUE(suite.forward_secrecy) << suite.name;
    EXPECT_EQ(suite.key_exchange, "ECDHE");
    EXPECT_EQ(suite.authentication, "RSA");
    EXPECT_FALSE(suite.ephemeral_key.empty());
    EXPECT_EQ(suite.certificate_sha256, scan.certificates.at(0).sha256);
  }
  for (const auto& suite : tls12->suites) {
    if (suite.name != "ECDHE-RSA-AES128-GCM-SHA256") continue;
    EXPECT_EQ(suite.iana, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    EXPECT_EQ(suite.id, 0xC02F);
  }
  for (const char* name : {"SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.3"}) {
    EXPECT_EQ(scan.Version(name)->status, "refused") << name << ": " << scan.Version(name)->detail;
    EXPECT_TRUE(scan.Version(name)->complete) << name;
  }
  EXPECT_EQ(scan.Version("SSLv3")->method, "raw-client-hello");
  ASSERT_EQ(scan.certificates.size(), 1u);
  const TlsCertificateFacts& certificate = scan.certificates[0];
  EXPECT_EQ(certificate.key_type, "RSA");
  EXPECT_EQ(certificate.key_bits, 2048);
  EXPECT_EQ(certificate.signature_digest, "SHA256");
  EXPECT_EQ(certificate.signature_algorithm, "sha256WithRSAEncryption");
  EXPECT_TRUE(certificate.self_signed);
  ASSERT_EQ(certificate.san.size(), 3u);
  EXPECT_EQ(certificate.san.at(0), "DNS:localhost");
  EXPECT_EQ(certificate.san.at(1), "IP:127.0.0.1");
  EXPECT_EQ(certificate.san.at(2), "IP:::1");
  EXPECT_EQ(certificate.sha256.size(), 64u);
  EXPECT_LT(certificate.not_before_epoch, certificate.not_after_epoch);
  EXPECT_EQ(certificate.not_after.size(), 20u);
}

TEST(TlsProbeTest, Tls10OnlyServerWithRsa1024Sha1AndNoForwardSecrecy) {
  crypto::CertificateSpec spec;
  spec.key = "rsa-1024";
  spec.digest = "sha1";
  spec.san = "";
  auto pem = Make(spec);
  TlsServerOptions options{pem.certificate, pem.key, TLS1_VERSION, TLS1_VERSION,
                           "AES128-SHA:AES256-SHA", ""};
  options.security_level_0 = true;
  TlsTestServer server(options);
  ASSERT_NE(server.port(), 0) << server.error();
  TlsScan scan = Scan(server.port());
  const TlsVersionScan* tls10 = scan.Version("TLSv1.0");
  EXPECT_EQ(tls10->status, "accepted") << tls10->detail;
  EXPECT_EQ(SuiteNames(*tls10), (std::set<std::string>{"AES128-SHA", "AES256-SHA"}));
  for (const auto& suite : tls10->suites) {
    EXPECT_FALSE(suite.forward_secrecy);
    EXPECT_EQ(suite.key_exchange, "RSA");
  }
  for (const char* name : {"SSLv3", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
    EXPECT_EQ(scan.Version(name)->status, "refused") << name;
  }
  ASSERT_EQ(scan.certificates.size(), 1u);
  EXPECT_EQ(scan.certificates[0].key_bits, 1024);
  EXPECT_EQ(scan.certificates[0].signature_digest, "SHA1");
  EXPECT_TRUE(scan.certificates[0].san.empty());
}

TEST(TlsProbeTest, Tls13SuitesOneAtATime) {
  auto pem = Make({});
  TlsServerOptions options{pem.certificate, pem.key, TLS1_3_VERSION, TLS1_3_VERSION, "",
                           "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"};
  TlsTestServer server(options);
  ASSERT_NE(server.port(), 0) << server.error();
  TlsScan scan = Scan(server.port());
  const TlsVersionScan* tls13 = scan.Version("TLSv1.3");
  EXPECT_EQ(tls13->status, "accepted");
  EXPECT_EQ(tls13->suites_offered, 5);
  EXPECT_EQ(SuiteNames(*tls13),
            (std::set<std::string>{"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"}));
  for (const auto& suite : tls13->suites) EXPECT_TRUE(suite.forward_secrecy);
  EXPECT_EQ(scan.Version("TLSv1.2")->status, "refused");
  EXPECT_EQ(scan.certificates.at(0).key_type, "EC");
  EXPECT_EQ(scan.certificates.at(0).key_bits, 256);
  EXPECT_EQ(scan.certificates.at(0).key_curve, "prime256v1");
}

TEST(TlsProbeTest, Sslv3DetectedWithHandBuiltHelloAndEnumerated) {
  testing::FakeSslv3Server server({0x000A, 0x0005, 0x0039});
  ASSERT_NE(server.port(), 0);
  TlsScan scan = Scan(server.port());
  const TlsVersionScan* sslv3 = scan.Version("SSLv3");
  EXPECT_EQ(sslv3->status, "accepted");
  EXPECT_TRUE(sslv3->complete);
  EXPECT_EQ(SuiteNames(*sslv3),
            (std::set<std::string>{"DES-CBC3-SHA", "RC4-SHA", "DHE-RSA-AES256-SHA"}));
  EXPECT_EQ(server.hellos(), 4);  // three accepted, then the refusal
  for (const auto& suite : sslv3->suites) {
    EXPECT_EQ(suite.forward_secrecy, suite.name == "DHE-RSA-AES256-SHA") << suite.name;
  }
  // The fake server answers OpenSSL's TLS hellos with nothing it understands.
  EXPECT_NE(scan.Version("TLSv1.2")->status, "accepted");
}

TEST(TlsProbeTest, ClosedPortAndSilentServerAreNotProbed) {
  std::uint16_t closed_port = 0;
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(::listen(silent, 64), 0);  // accepted by the kernel, never answered
    ::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length);
    int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in other = address;
    other.sin_port = 0;
    ::bind(probe, reinterpret_cast<sockaddr*>(&other), sizeof other);
    socklen_t other_length = sizeof other;
    ::getsockname(probe, reinterpret_cast<sockaddr*>(&other), &other_length);
    closed_port = ntohs(other.sin_port);
    ::close(probe);  // bound, never listened: closed
    TlsScanRequest request;
    request.host = "127.0.0.1";
    request.port = ntohs(address.sin_port);
    request.handshake_timeout = std::chrono::milliseconds(200);
    TlsScan scan = ScanTls(request);
    for (const auto& version : scan.versions) {
      EXPECT_EQ(version.status, "not_probed") << version.name;
      EXPECT_FALSE(version.complete) << version.name;
      EXPECT_NE(version.detail.find("no answer within 200 ms"), std::string::npos)
          << version.name << ": " << version.detail;
    }
  }
  ::close(silent);
  TlsScan scan = Scan(closed_port);
  for (const auto& version : scan.versions) {
    EXPECT_EQ(version.status, "not_probed") << version.name;
    EXPECT_NE(version.detail.find("connect"), std::string::npos) << version.detail;
  }
  EXPECT_TRUE(scan.certificates.empty());
}

}  // namespace
}  // namespace iotmark::net
