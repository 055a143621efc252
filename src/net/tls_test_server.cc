#include "net/tls_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>

#include "net/socket_io.h"

namespace iotmark::net::testing {
namespace {

int Listen(std::uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  port = ntohs(address.sin_port);
  return fd;
}

// Accepts one connection, or -1 after 100 ms (so `stop` is seen).
int AcceptOne(int listener) {
  pollfd entry{listener, POLLIN, 0};
  if (::poll(&entry, 1, 100) <= 0) return -1;
  return ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
}

void SetTimeouts(int fd) {
  timeval timeout{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

}  // namespace

TlsTestServer::TlsTestServer(const TlsServerOptions& options) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  context_ = context;
  if (options.security_level_0) SSL_CTX_set_security_level(context, 0);
  if (options.min_version) SSL_CTX_set_min_proto_version(context, options.min_version);
  if (options.max_version) SSL_CTX_set_max_proto_version(context, options.max_version);
  std::string list = options.cipher_list.empty() ? "DEFAULT" : options.cipher_list;
  if (options.security_level_0) list += ":@SECLEVEL=0";
  if (SSL_CTX_set_cipher_list(context, list.c_str()) != 1) error_ = "bad cipher list " + list;
  if (!options.ciphersuites.empty() &&
      SSL_CTX_set_ciphersuites(context, options.ciphersuites.c_str()) != 1) {
    error_ = "bad ciphersuites " + options.ciphersuites;
  }
  SSL_CTX_set_dh_auto(context, 1);
  BIO* certificates = BIO_new_mem_buf(options.certificate_pem.data(),
                                      static_cast<int>(options.certificate_pem.size()));
  X509* leaf = PEM_read_bio_X509(certificates, nullptr, nullptr, nullptr);
  if (!leaf || SSL_CTX_use_certificate(context, leaf) != 1) error_ = "certificate not usable";
  X509_free(leaf);
  while (X509* chain = PEM_read_bio_X509(certificates, nullptr, nullptr, nullptr)) {
    SSL_CTX_add_extra_chain_cert(context, chain);  // takes ownership
  }
  BIO_free(certificates);
  BIO* key_in = BIO_new_mem_buf(options.key_pem.data(), static_cast<int>(options.key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_in, nullptr, nullptr, nullptr);
  if (!key || SSL_CTX_use_PrivateKey(context, key) != 1) error_ = "key not usable";
  EVP_PKEY_free(key);
  BIO_free(key_in);
  ERR_clear_error();
  if (!error_.empty()) return;
  listener_ = Listen(port_);
  if (listener_ < 0) {
    error_ = "cannot listen on 127.0.0.1";
    port_ = 0;
    return;
  }
  thread_ = std::thread([this] { Serve(); });
}

TlsTestServer::~TlsTestServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) ::close(listener_);
  SSL_CTX_free(static_cast<SSL_CTX*>(context_));
}

void TlsTestServer::Serve() {
  while (!stop_) {
    int fd = AcceptOne(listener_);
    if (fd < 0) continue;
    SetTimeouts(fd);
    SSL* ssl = SSL_new(static_cast<SSL_CTX*>(context_));
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
    ::close(fd);
  }
}

FakeSslv3Server::FakeSslv3Server(std::set<std::uint16_t> accepted_suites)
    : accepted_(std::move(accepted_suites)) {
  listener_ = Listen(port_);
  if (listener_ < 0) {
    port_ = 0;
    return;
  }
  thread_ = std::thread([this] { Serve(); });
}

FakeSslv3Server::~FakeSslv3Server() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) ::close(listener_);
}

void FakeSslv3Server::Serve() {
  while (!stop_) {
    int fd = AcceptOne(listener_);
    if (fd < 0) continue;
    SetTimeouts(fd);
    // Read the record header and the whole ClientHello record.
    std::string hello;
    char chunk[4096];
    auto wanted = [&] {
      return hello.size() < 5 ? std::size_t{5}
                              : 5 + ((std::size_t{static_cast<std::uint8_t>(hello[3])} << 8) |
                                     static_cast<std::uint8_t>(hello[4]));
    };
    while (hello.size() < wanted()) {
      ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
      if (got <= 0) break;
      hello.append(chunk, static_cast<std::size_t>(got));
    }
    std::string answer;
    // record(5) type(1) len(3) version(2) random(32) sid_len(1)=0 suites_len(2)
    if (hello.size() > 46 && hello[0] == 22 && hello[9] == 3 && hello[10] == 0) {
      ++hellos_;
      std::size_t count = ((static_cast<std::uint8_t>(hello[44]) << 8) |
                           static_cast<std::uint8_t>(hello[45])) / 2;
      int chosen = -1;
      for (std::size_t i = 0; i < count && 46 + 2 * i + 1 < hello.size(); ++i) {
        std::uint16_t suite = static_cast<std::uint16_t>(
            (static_cast<std::uint8_t>(hello[46 + 2 * i]) << 8) |
            static_cast<std::uint8_t>(hello[47 + 2 * i]));
        if (accepted_.count(suite)) {
          chosen = suite;
          break;
        }
      }
      if (chosen >= 0) {
        std::string body = std::string("\x03\x00", 2) + std::string(32, '\x11') +
                           std::string("\x00", 1) +
                           std::string{static_cast<char>(chosen >> 8), static_cast<char>(chosen & 0xff)} +
                           std::string("\x00", 1);
        std::string handshake = std::string("\x02\x00", 2) +
                                std::string{static_cast<char>(body.size() >> 8),
                                            static_cast<char>(body.size() & 0xff)} +
                                body;
        answer = std::string("\x16\x03\x00", 3) +
                 std::string{static_cast<char>(handshake.size() >> 8),
                             static_cast<char>(handshake.size() & 0xff)} +
                 handshake;
      } else {
        answer = std::string("\x15\x03\x00\x00\x02\x02\x28", 7);  // fatal handshake_failure
      }
    }
    if (!answer.empty()) ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::close(fd);
  }
}

}  // namespace iotmark::net::testing
