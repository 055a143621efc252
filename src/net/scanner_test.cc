#include "net/scanner.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "net/scan_json.h"

namespace iotmark::net {
namespace {

// A socket on 127.0.0.1 with a kernel-chosen port; closed on destruction.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(int type) : fd_(::socket(AF_INET, type | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    if (type == SOCK_STREAM) ::listen(fd_, 16);
  }
  ~LoopbackSocket() { Close(); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

// Serves `socket` on a thread until destroyed: TCP sends `greeting` (or, when
// empty, answers whatever request comes with `reply`); UDP echoes `reply`.
class Responder {
 public:
  Responder(int type, std::string greeting, std::string reply)
      : socket_(type), greeting_(std::move(greeting)), reply_(std::move(reply)) {
    thread_ = std::thread([this, type] { type == SOCK_STREAM ? ServeTcp() : ServeUdp(); });
  }
  ~Responder() {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return socket_.port(); }

 private:
  bool Wait(int fd) {
    pollfd entry{fd, POLLIN, 0};
    while (!stop_) {
      if (::poll(&entry, 1, 20) > 0) return true;
    }
    return false;
  }
  void ServeTcp() {
    while (Wait(socket_.fd())) {
      int client = ::accept(socket_.fd(), nullptr, nullptr);
      if (client < 0) continue;
      if (!greeting_.empty()) {
        (void)!::write(client, greeting_.data(), greeting_.size());
      } else if (Wait(client)) {
        char buffer[256];
        if (::read(client, buffer, sizeof buffer) > 0) {
          (void)!::write(client, reply_.data(), reply_.size());
        }
      }
      ::close(client);
    }
  }
  void ServeUdp() {
    while (Wait(socket_.fd())) {
      char buffer[256];
      sockaddr_in peer{};
      socklen_t length = sizeof peer;
      if (::recvfrom(socket_.fd(), buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&peer),
                     &length) >= 0) {
        ::sendto(socket_.fd(), reply_.data(), reply_.size(), 0, reinterpret_cast<sockaddr*>(&peer),
                 length);
      }
    }
  }

  LoopbackSocket socket_;
  std::string greeting_, reply_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::uint16_t ClosedTcpPort() {
  LoopbackSocket socket(SOCK_STREAM);
  return socket.port();  // closed again when `socket` goes
}

TEST(ScannerTest, FindsOpenAndClosedTcpPortsWithBanners) {
  Responder ftp(SOCK_STREAM, "220 (vsFTPd 2.3.4)\r\n", "");
  Responder http(SOCK_STREAM, "", "HTTP/1.0 200 OK\r\nServer: TinyWeb/1.1\r\n\r\n");
  std::uint16_t closed = ClosedTcpPort();
  ScanOptions options;
  options.host = "127.0.0.1";
  options.tcp_ports = {closed, ftp.port(), http.port()};
  std::sort(options.tcp_ports.begin(), options.tcp_ports.end());
  options.grab_banners = true;
  options.banner_timeout = std::chrono::milliseconds(300);
  Result<ScanReport> report = Scan(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  std::vector<std::uint16_t> expected = {ftp.port(), http.port()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(report->OpenTcpPorts(), expected);
  EXPECT_EQ(report->tcp_closed, 1u);
  EXPECT_EQ(report->tcp_scanned, 3u);
  for (const PortResult& result : report->tcp) {
    if (result.port == ftp.port()) {
      EXPECT_EQ(result.banner, "220 (vsFTPd 2.3.4)\r\n");  // raw bytes, as sent
      EXPECT_EQ(PrintableBanner(result.banner), "220 (vsFTPd 2.3.4)");
    }
    if (result.port == http.port()) {
      EXPECT_NE(result.banner.find("Server: TinyWeb/1.1"), std::string::npos) << result.banner;
    }
  }
  std::string json = ScanReportToJson(*report);
  EXPECT_NE(json.find("vsFTPd 2.3.4"), std::string::npos);
}

TEST(ScannerTest, ManyPortsWithFewOpenAreAllClassified) {
  Responder first(SOCK_STREAM, "a\n", "");
  Responder second(SOCK_STREAM, "b\n", "");
  ScanOptions options;
  options.host = "127.0.0.1";
  std::uint16_t low = std::min(first.port(), second.port());
  for (int port = std::max(1, low - 2000); port <= std::min(65535, low + 2000); ++port) {
    options.tcp_ports.push_back(static_cast<std::uint16_t>(port));
  }
  options.tcp_ports.push_back(std::max(first.port(), second.port()));
  std::sort(options.tcp_ports.begin(), options.tcp_ports.end());
  options.tcp_ports.erase(std::unique(options.tcp_ports.begin(), options.tcp_ports.end()),
                          options.tcp_ports.end());
  Result<ScanReport> report = Scan(options);
  ASSERT_TRUE(report.ok());
  std::vector<std::uint16_t> open = report->OpenTcpPorts();
  EXPECT_TRUE(std::find(open.begin(), open.end(), first.port()) != open.end());
  EXPECT_TRUE(std::find(open.begin(), open.end(), second.port()) != open.end());
  EXPECT_EQ(report->tcp_closed + report->tcp.size(), options.tcp_ports.size());
  EXPECT_TRUE(std::is_sorted(open.begin(), open.end()));
}

TEST(ScannerTest, UdpOpenClosedAndSilent) {
  Responder coap(SOCK_DGRAM, "", "ACME CoAP 0.9");
  LoopbackSocket silent(SOCK_DGRAM);  // bound, never answers
  std::uint16_t closed = 0;
  {
    LoopbackSocket probe(SOCK_DGRAM);
    closed = probe.port();
  }
  ScanOptions options;
  options.host = "127.0.0.1";
  options.udp_ports = {coap.port(), silent.port(), closed};
  options.udp_timeout = std::chrono::milliseconds(100);
  options.udp_retries = 1;
  Result<ScanReport> report = Scan(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->udp.size(), 3u);
  for (const PortResult& result : report->udp) {
    if (result.port == coap.port()) {
      EXPECT_EQ(result.state, PortState::kOpen);
      EXPECT_EQ(result.banner, "ACME CoAP 0.9");
    } else if (result.port == silent.port()) {
      EXPECT_EQ(result.state, PortState::kOpenFiltered);
    } else {
      EXPECT_EQ(result.state, PortState::kClosed);
    }
  }
  EXPECT_EQ(report->OpenUdpPorts(), std::vector<std::uint16_t>{coap.port()});
}

// A UDP service that answers only a well-formed CoAP request (as real CoAP
// servers do): an empty datagram leaves it open|filtered, its probe opens it.
TEST(ScannerTest, UdpProtocolProbeTellsOpenFromOpenFiltered) {
  LoopbackSocket coap(SOCK_DGRAM);
  std::atomic<bool> stop{false};
  std::thread server([&] {
    while (!stop) {
      pollfd entry{coap.fd(), POLLIN, 0};
      if (::poll(&entry, 1, 20) <= 0) continue;
      char buffer[512];
      sockaddr_in peer{};
      socklen_t length = sizeof peer;
      ssize_t got = ::recvfrom(coap.fd(), buffer, sizeof buffer, 0,
                               reinterpret_cast<sockaddr*>(&peer), &length);
      // CoAP version 1, confirmable, GET (code 0.01).
      if (got >= 4 && (static_cast<unsigned char>(buffer[0]) >> 6) == 1 && buffer[1] == 1) {
        static const char kAck[] = "\x60\x45\x01\xce</sensors>";
        ::sendto(coap.fd(), kAck, sizeof kAck - 1, 0, reinterpret_cast<sockaddr*>(&peer), length);
      }
    }
  });
  ScanOptions options;
  options.host = "127.0.0.1";
  options.udp_ports = {coap.port()};
  options.udp_timeout = std::chrono::milliseconds(100);
  options.udp_retries = 1;
  Result<ScanReport> empty = Scan(options);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->udp.at(0).state, PortState::kOpenFiltered);
  options.udp_payloads[coap.port()] = {std::string("\x40\x01\x01\xce\xbb.well-known\x04" "core")};
  Result<ScanReport> probed = Scan(options);
  stop = true;
  server.join();
  ASSERT_TRUE(probed.ok());
  EXPECT_EQ(probed->udp.at(0).state, PortState::kOpen);
  EXPECT_NE(probed->udp.at(0).banner.find("</sensors>"), std::string::npos);
}

TEST(ScannerTest, TimeoutsAreCounted) {
  ScanOptions options;
  options.host = "127.0.0.1";
  std::uint16_t closed = ClosedTcpPort();
  options.tcp_ports = {closed};
  Result<ScanReport> report = Scan(options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->tcp_timed_out, 0u);
  EXPECT_EQ(report->tcp_closed, 1u);
  EXPECT_NE(ScanReportToJson(*report).find("\"timed_out\": 0"), std::string::npos);
}

TEST(ScannerTest, RefusesNonLoopbackAndNames) {
  ScanOptions options;
  options.tcp_ports = {80};
  options.host = "192.0.2.1";  // never contacted: refused before any packet
  Result<ScanReport> report = Scan(options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kPermissionDenied);
  options.host = "localhost";
  EXPECT_EQ(Scan(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(ScannerTest, PrintableBannerEscapesControlBytes) {
  EXPECT_EQ(PrintableBanner(std::string("ab\x01\xff\r\n", 6)), "ab\\x01\\xff");
  EXPECT_EQ(PrintableBanner("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 stays
  // Valid UTF-8 passes, broken sequences are escaped (dropbear's key exchange after its banner).
  EXPECT_EQ(PrintableBanner("\xe6\xa9\x9f\xe5\x99\xa8"), "\xe6\xa9\x9f\xe5\x99\xa8");
  EXPECT_EQ(PrintableBanner(std::string("SSH-2.0-dropbear\r\n\x00\x00\x01\x89\x0a\x14\xe6\x41", 26)),
            "SSH-2.0-dropbear\r\n\\x00\\x00\\x01\\x89\n\\x14\\xe6A");
  EXPECT_EQ(PrintableBanner("\xed\xa0\x80\xc0\xaf"), "\\xed\\xa0\\x80\\xc0\\xaf");
  EXPECT_EQ(PrintableBanner(std::string(600, 'x')).size(), 512u);
}

}  // namespace
}  // namespace iotmark::net
