// Login clients against small in-process servers on 127.0.0.1 / [::1]:
// HTTP Basic behind a `/login` → `/login/` redirect, the IPv6 Host header,
// HTTP status → outcome, MQTT CONNACK codes, a BusyBox-style telnet login,
// and connection refused / dropped.
#include "devtest/login/login_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "devtest/target.h"

namespace iotmark::devtest {
namespace {

// Accepts connections on a loopback port and runs `handler(fd)` for each on
// its own thread until destroyed.
class FakeServer {
 public:
  FakeServer(std::function<void(int)> handler, bool ipv6 = false) : handler_(std::move(handler)) {
    listener_ = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ipv6) {
      sockaddr_in6 address{};
      address.sin6_family = AF_INET6;
      address.sin6_addr = in6addr_loopback;
      bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
      socklen_t size = sizeof address;
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
      port_ = ntohs(address.sin6_port);
    } else {
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
      socklen_t size = sizeof address;
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
      port_ = ntohs(address.sin_port);
    }
    listen(listener_, 16);
    thread_ = std::thread([this] {
      for (;;) {
        int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0 || stop_) {
          if (fd >= 0) close(fd);
          return;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.emplace_back([this, fd] {
          handler_(fd);
          close(fd);
        });
      }
    });
  }
  ~FakeServer() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::thread& session : sessions_) session.join();
  }
  std::uint16_t port() const { return port_; }

 private:
  std::function<void(int)> handler_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::thread> sessions_;
};

std::string ReadHttpRequest(int fd) {
  std::string request;
  char buffer[2048];
  while (request.find("\r\n\r\n") == std::string::npos) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) break;
    request.append(buffer, static_cast<size_t>(got));
  }
  return request;
}

void Send(int fd, const std::string& text) { (void)!write(fd, text.data(), text.size()); }

std::string Response(int status, const std::string& extra = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 2\r\nConnection: close\r\n" +
         extra + "\r\nok";
}

Target HttpTarget(std::uint16_t port, const std::string& host = "127.0.0.1") {
  Target target;
  target.host = host;
  WebSection web;
  web.base_url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                 std::to_string(port);
  target.web = web;
  LoginSection login;
  login.kind = LoginKind::kHttpBasic;
  login.username = "admin";
  login.password = "right";
  target.login = login;
  return target;
}

TEST(LoginClientTest, BasicFollowsTheDirectorySlashRedirect) {
  // "admin:right" in Base64 is YWRtaW46cmlnaHQ=.
  FakeServer server([](int fd) {
    std::string request = ReadHttpRequest(fd);
    if (request.rfind("GET /login ", 0) == 0) {
      Send(fd, Response(301, "Location: /login/\r\n"));
    } else if (request.find("Authorization: Basic YWRtaW46cmlnaHQ=") != std::string::npos) {
      Send(fd, Response(200));
    } else {
      Send(fd, Response(401, "WWW-Authenticate: Basic realm=\"x\"\r\n"));
    }
  });
  Target target = HttpTarget(server.port());
  auto client = MakeLoginClient(target);
  LoginAttempt right = client->Try("admin", "right", 2000);
  EXPECT_EQ(right.outcome, LoginOutcome::kAccepted) << right.detail;
  ASSERT_EQ(right.redirects.size(), 1u);
  EXPECT_EQ(right.redirects[0], "/login/");
  LoginAttempt wrong = client->Try("admin", "wrong", 2000);
  EXPECT_EQ(wrong.outcome, LoginOutcome::kRefused) << wrong.detail;
  EXPECT_EQ(wrong.http_status, 401);
  LoginAttempt empty = client->Try("admin", "", 2000);
  EXPECT_EQ(empty.outcome, LoginOutcome::kRefused);
}

TEST(LoginClientTest, StatusesThatAreNeitherSuccessNorRefusalAreOther) {
  std::atomic<int> status{404};
  FakeServer server([&status](int fd) {
    ReadHttpRequest(fd);
    if (status == 302) {
      Send(fd, Response(302, "Location: http://127.0.0.2:1/elsewhere\r\n"));
    } else if (status == 429) {
      Send(fd, Response(429, "Retry-After: 30\r\n"));
    } else {
      Send(fd, Response(status));
    }
  });
  auto client = MakeLoginClient(HttpTarget(server.port()));
  EXPECT_EQ(client->Try("admin", "x", 2000).outcome, LoginOutcome::kOther);
  status = 500;
  EXPECT_EQ(client->Try("admin", "x", 2000).outcome, LoginOutcome::kOther);
  status = 302;  // to another origin: not followed
  LoginAttempt elsewhere = client->Try("admin", "x", 2000);
  EXPECT_EQ(elsewhere.outcome, LoginOutcome::kOther);
  EXPECT_NE(elsewhere.detail.find("another origin"), std::string::npos) << elsewhere.detail;
  status = 429;
  LoginAttempt blocked = client->Try("admin", "x", 2000);
  EXPECT_EQ(blocked.outcome, LoginOutcome::kBlocked);
  EXPECT_EQ(blocked.retry_after, "30");
}

TEST(LoginClientTest, Ipv6HostHeaderIsBracketed) {
  std::mutex mutex;
  std::string seen;
  FakeServer server(
      [&](int fd) {
        std::string request = ReadHttpRequest(fd);
        std::lock_guard<std::mutex> lock(mutex);
        seen = request;
        Send(fd, Response(200));
      },
      /*ipv6=*/true);
  auto client = MakeLoginClient(HttpTarget(server.port(), "::1"));
  LoginAttempt attempt = client->Try("admin", "right", 2000);
  EXPECT_EQ(attempt.outcome, LoginOutcome::kAccepted) << attempt.detail;
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_NE(seen.find("Host: [::1]:" + std::to_string(server.port()) + "\r\n"), std::string::npos)
      << seen;
}

TEST(LoginClientTest, ClosedPortAndDroppedConnectionAreConnectionFailures) {
  std::uint16_t closed_port;
  {
    FakeServer gone([](int) {});
    closed_port = gone.port();
  }
  EXPECT_EQ(MakeLoginClient(HttpTarget(closed_port))->Try("a", "b", 1000).outcome,
            LoginOutcome::kConnectionFailed);
  FakeServer dropper([](int fd) { ReadHttpRequest(fd); });  // closes without an answer
  LoginAttempt dropped = MakeLoginClient(HttpTarget(dropper.port()))->Try("a", "b", 1000);
  EXPECT_EQ(dropped.outcome, LoginOutcome::kConnectionFailed) << dropped.detail;
}

// A broker that accepts admin/right and answers CONNACK 5 otherwise.
void FakeBroker(int fd) {
  std::string packet;
  char buffer[512];
  while (packet.size() < 2) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) return;
    packet.append(buffer, static_cast<size_t>(got));
  }
  std::size_t length = static_cast<unsigned char>(packet[1]);  // < 128 here
  while (packet.size() < 2 + length) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) return;
    packet.append(buffer, static_cast<size_t>(got));
  }
  std::size_t at = 2 + 10;  // after "MQTT", level, flags, keep-alive
  auto field = [&]() {
    std::size_t size =
        (static_cast<unsigned char>(packet[at]) << 8) | static_cast<unsigned char>(packet[at + 1]);
    std::string value = packet.substr(at + 2, size);
    at += 2 + size;
    return value;
  };
  field();  // client id
  std::string user = field();
  std::string password = field();
  char code = user == "admin" && password == "right" ? 0 : 5;
  Send(fd, std::string{0x20, 0x02, 0x00, code});
  read(fd, buffer, sizeof buffer);
}

TEST(LoginClientTest, MqttConnackDecides) {
  FakeServer broker(FakeBroker);
  Target target;
  target.host = "127.0.0.1";
  LoginSection login;
  login.kind = LoginKind::kMqtt;
  login.username = "admin";
  login.password = "right";
  login.port = broker.port();
  target.login = login;
  auto client = MakeLoginClient(target);
  EXPECT_EQ(client->Describe(), "mqtt 127.0.0.1:" + std::to_string(broker.port()));
  LoginAttempt right = client->Try("admin", "right", 2000);
  EXPECT_EQ(right.outcome, LoginOutcome::kAccepted) << right.detail;
  LoginAttempt wrong = client->Try("admin", "nope", 2000);
  EXPECT_EQ(wrong.outcome, LoginOutcome::kRefused) << wrong.detail;
  EXPECT_NE(wrong.detail.find("CONNACK 5"), std::string::npos);
}

// BusyBox-style: option negotiation, "login: ", "Password: ", then a shell
// prompt or "Login incorrect" and the login prompt again.
void FakeTelnetd(int fd) {
  auto read_line = [fd]() {
    std::string line;
    char c;
    while (read(fd, &c, 1) == 1 && c != '\n') {
      if (c != '\r') line += c;
    }
    return line;
  };
  Send(fd, std::string("\xff\xfb\x01\xff\xfb\x03", 6) + "\r\nABC-100 login: ");
  std::string user = read_line();
  // Skip the option answers that arrive before the user name.
  while (!user.empty() && static_cast<unsigned char>(user[0]) == 0xff) user.erase(0, 3);
  Send(fd, "Password: ");
  std::string password = read_line();
  if (user == "admin" && password == "right") {
    Send(fd, "\r\nBusyBox v1.36.1 built-in shell (ash)\r\n~ # ");
    read_line();
  } else {
    Send(fd, "\r\nLogin incorrect\r\nABC-100 login: ");
  }
}

TEST(LoginClientTest, TelnetBusyBoxPrompts) {
  FakeServer telnetd(FakeTelnetd);
  Target target;
  target.host = "127.0.0.1";
  LoginSection login;
  login.kind = LoginKind::kTelnet;
  login.username = "admin";
  login.password = "right";
  login.port = telnetd.port();
  target.login = login;
  auto client = MakeLoginClient(target);
  LoginAttempt right = client->Try("admin", "right", 3000);
  EXPECT_EQ(right.outcome, LoginOutcome::kAccepted) << right.detail;
  LoginAttempt wrong = client->Try("admin", "nope", 3000);
  EXPECT_EQ(wrong.outcome, LoginOutcome::kRefused) << wrong.detail;
  // A service that never shows a prompt is neither success nor refusal.
  FakeServer silent([](int fd) {
    Send(fd, "Welcome\r\n");
    usleep(600 * 1000);
  });
  login.port = silent.port();
  target.login = login;
  LoginAttempt unclear = MakeLoginClient(target)->Try("admin", "right", 400);
  EXPECT_EQ(unclear.outcome, LoginOutcome::kOther) << unclear.detail;
}

TEST(LoginClientTest, TriesRunInParallel) {
  FakeServer broker(FakeBroker);
  Target target;
  target.host = "127.0.0.1";
  LoginSection login;
  login.kind = LoginKind::kMqtt;
  login.username = "admin";
  login.password = "right";
  login.port = broker.port();
  target.login = login;
  auto client = MakeLoginClient(target);
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        if (client->Try("admin", "w", 2000).outcome == LoginOutcome::kRefused) ++refused;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(refused, 40);
}

}  // namespace
}  // namespace iotmark::devtest
