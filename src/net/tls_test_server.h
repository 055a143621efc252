// Test-only TLS servers on 127.0.0.1 for the TLS probe and the devtest TLS
// case: an OpenSSL server with a chosen certificate, protocol range and
// suites, and a fake SSLv3 server (OpenSSL 3.0 cannot serve SSLv3) that
// answers a ClientHello with an SSLv3 ServerHello for the first suite it
// accepts, or a handshake_failure alert. Each serves one connection at a
// time on its own thread until destroyed. Compiled into tests only.
#ifndef IOTMARK_NET_TLS_TEST_SERVER_H_
#define IOTMARK_NET_TLS_TEST_SERVER_H_

#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <thread>

namespace iotmark::net::testing {

struct TlsServerOptions {
  std::string certificate_pem;  // leaf first, then any chain
  std::string key_pem;
  int min_version = 0;  // OpenSSL TLS1_VERSION …; 0 = library default
  int max_version = 0;
  std::string cipher_list;    // TLS ≤ 1.2; "" = OpenSSL's default
  std::string ciphersuites;   // TLS 1.3; "" = OpenSSL's default
  bool security_level_0 = false;  // needed for TLS 1.0/1.1, RSA-1024, SHA-1
};

class TlsTestServer {
 public:
  explicit TlsTestServer(const TlsServerOptions& options);
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;
  // 0 when the server could not start (see error()).
  std::uint16_t port() const { return port_; }
  const std::string& error() const { return error_; }

 private:
  void Serve();
  void* context_ = nullptr;  // SSL_CTX*
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::string error_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class FakeSslv3Server {
 public:
  explicit FakeSslv3Server(std::set<std::uint16_t> accepted_suites);
  ~FakeSslv3Server();
  FakeSslv3Server(const FakeSslv3Server&) = delete;
  FakeSslv3Server& operator=(const FakeSslv3Server&) = delete;
  std::uint16_t port() const { return port_; }
  int hellos() const { return hellos_; }

 private:
  void Serve();
  std::set<std::uint16_t> accepted_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> hellos_{0};
  std::thread thread_;
};

}  // namespace iotmark::net::testing

#endif  // IOTMARK_NET_TLS_TEST_SERVER_H_
