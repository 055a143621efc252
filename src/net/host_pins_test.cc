#include "net/host_pins.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "net/http_client.h"

namespace iotmark::net {
namespace {

TEST(HostPinsTest, LiteralsAreThemselvesNamesOnlyThroughTheirPin) {
  ClearHostPins();
  EXPECT_EQ(*ConnectAddressFor("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(*ConnectAddressFor("fe80::1%eth0"), "fe80::1%eth0");
  auto unpinned = ConnectAddressFor("camera.lab.example");
  ASSERT_FALSE(unpinned.ok());
  EXPECT_NE(unpinned.status().message().find("camera.lab.example"), std::string::npos);
  EXPECT_FALSE(PinHostAddress("camera.lab.example", "not-an-address").ok());
  ASSERT_TRUE(PinHostAddress("Camera.Lab.Example", "192.168.1.10").ok());
  EXPECT_EQ(*ConnectAddressFor("camera.lab.example"), "192.168.1.10");  // names ignore case
  ClearHostPins();
  EXPECT_FALSE(ConnectAddressFor("camera.lab.example").ok());
}

// One HTTP exchange on 127.0.0.1: returns what the client sent.
class OneShotServer {
 public:
  OneShotServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(listen(listener_, 1), 0);
    socklen_t length = sizeof(address);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      char buffer[4096];
      while (received_.find("\r\n\r\n") == std::string::npos) {
        ssize_t count = read(connection, buffer, sizeof(buffer));
        if (count <= 0) break;
        received_.append(buffer, static_cast<std::size_t>(count));
      }
      const std::string answer = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
      ssize_t ignored = write(connection, answer.data(), answer.size());
      (void)ignored;
      close(connection);
    });
  }
  ~OneShotServer() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  std::string Received() {
    if (thread_.joinable()) thread_.join();
    return received_;
  }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string received_;
};

TEST(HostPinsTest, HttpFetchConnectsToThePinAndSendsTheNameAsHost) {
  ClearHostPins();
  OneShotServer server;
  HttpRequest request;
  request.url = "http://device.test:" + std::to_string(server.port()) + "/info";
  request.timeout = std::chrono::milliseconds(3000);
  // Not pinned: refused before any socket, naming the host.
  auto refused = HttpFetch(request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("device.test"), std::string::npos);

  ASSERT_TRUE(PinHostAddress("device.test", "127.0.0.1").ok());
  auto response = HttpFetch(request);  // loopback pin: allowed without authorization
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 204);
  EXPECT_NE(server.Received().find("Host: device.test:" + std::to_string(server.port())),
            std::string::npos);
  // A pin outside loopback still needs the caller's explicit permission.
  ASSERT_TRUE(PinHostAddress("device.test", "192.0.2.1").ok());
  auto outside = HttpFetch(request);
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.status().message().find("loopback"), std::string::npos);
  ClearHostPins();
}

}  // namespace
}  // namespace iotmark::net
