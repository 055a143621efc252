#include "simdevice/login_services.h"

#include <optional>
#include <vector>

#include "common/asio.h"

namespace iotmark::simdevice {
namespace {

using tcp = asio::ip::tcp;
using asio::use_awaitable;

constexpr auto kIdle = std::chrono::seconds(20);

// Closes the socket when the timer fires (an idle client cannot hold a session).
struct IdleGuard {
  IdleGuard(tcp::socket& socket) : socket_(socket), timer_(socket.get_executor()) { Arm(); }
  ~IdleGuard() { timer_.cancel(); }
  void Arm() {
    timer_.expires_after(kIdle);
    timer_.async_wait([this](boost::system::error_code error) {
      if (error) return;
      boost::system::error_code ignored;
      socket_.close(ignored);
    });
  }
  tcp::socket& socket_;
  asio::steady_timer timer_;
};

asio::awaitable<void> Pause(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(delay);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
}

// Reads one line of text (telnet option commands stripped), or nullopt when closed.
asio::awaitable<std::optional<std::string>> ReadLine(tcp::socket& socket, std::string& pending) {
  for (;;) {
    size_t newline = pending.find('\n');
    if (newline != std::string::npos) {
      std::string raw = pending.substr(0, newline);
      pending.erase(0, newline + 1);
      std::string line;
      for (size_t i = 0; i < raw.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(raw[i]);
        if (c == 255 && i + 1 < raw.size()) {
          unsigned char command = static_cast<unsigned char>(raw[i + 1]);
          i += (command >= 251 && command <= 254) ? 2 : 1;
          continue;
        }
        if (c != '\r' && c != 0) line += static_cast<char>(c);
      }
      co_return line;
    }
    std::vector<char> buffer(512);
    boost::system::error_code error;
    size_t got = co_await socket.async_read_some(asio::buffer(buffer),
                                                 asio::redirect_error(use_awaitable, error));
    if (error) co_return std::nullopt;
    pending.append(buffer.data(), got);
    if (pending.size() > 4096) co_return std::nullopt;
  }
}

asio::awaitable<bool> Write(tcp::socket& socket, const std::string& text) {
  boost::system::error_code error;
  co_await asio::async_write(socket, asio::buffer(text),
                             asio::redirect_error(use_awaitable, error));
  co_return !error;
}

}  // namespace

asio::awaitable<void> TelnetLoginSession(DeviceState& state, tcp::socket socket) {
  if (state.LockedOut()) co_return;  // connection-level lock-out: close at once
  IdleGuard guard(socket);
  std::string pending;
  // IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD, as BusyBox telnetd sends.
  if (!co_await Write(socket, std::string("\xff\xfb\x01\xff\xfb\x03", 6))) co_return;
  const std::string host = state.config().model_number;
  for (int round = 0; round < 3; ++round) {
    if (!co_await Write(socket, "\r\n" + host + " login: ")) co_return;
    auto user = co_await ReadLine(socket, pending);
    if (!user) co_return;
    if (!co_await Write(socket, "Password: ")) co_return;
    auto password = co_await ReadLine(socket, pending);
    if (!password) co_return;
    guard.Arm();
    LoginOutcome outcome = state.Authenticate(*user, *password);
    co_await Pause(outcome.delay);
    if (outcome.result == LoginResult::kLockedOut) co_return;  // dropped without an answer
    if (outcome.result == LoginResult::kOk) {
      if (!co_await Write(socket,
                          "\r\n\r\nBusyBox v1.36.1 (iotmark sim-device) built-in shell "
                          "(ash)\r\n~ # ")) {
        co_return;
      }
      while (auto line = co_await ReadLine(socket, pending)) {
        if (*line == "exit") co_return;
        if (!co_await Write(socket, "~ # ")) co_return;
      }
      co_return;
    }
    // BusyBox login sleeps ~3 s after a failure; the device's policy decides here instead.
    if (!co_await Write(socket, "\r\nLogin incorrect\r\n")) co_return;
  }
}

asio::awaitable<void> MqttLoginSession(DeviceState& state, tcp::socket socket) {
  if (state.LockedOut()) co_return;
  IdleGuard guard(socket);
  std::string packet;
  std::vector<char> buffer(1024);
  boost::system::error_code error;
  // Fixed header + remaining length (at most 4 bytes), then the body.
  size_t body_start = 0, length = 0;
  for (;;) {
    if (packet.size() >= 2 && body_start == 0) {
      size_t multiplier = 1, value = 0, i = 1;
      bool complete = false;
      for (; i < packet.size() && i <= 4; ++i) {
        unsigned char byte = static_cast<unsigned char>(packet[i]);
        value += (byte & 127) * multiplier;
        multiplier *= 128;
        if (!(byte & 128)) {
          complete = true;
          break;
        }
      }
      if (complete) body_start = i + 1, length = value;
      if (!complete && packet.size() > 5) co_return;
    }
    if (body_start != 0 && packet.size() >= body_start + length) break;
    if (length > 65536) co_return;
    size_t got = co_await socket.async_read_some(asio::buffer(buffer),
                                                 asio::redirect_error(use_awaitable, error));
    if (error) co_return;
    packet.append(buffer.data(), got);
  }
  if (static_cast<unsigned char>(packet[0]) != 0x10) co_return;  // not CONNECT
  std::string body = packet.substr(body_start, length);
  size_t at = 0;
  auto field = [&](std::string& out) {
    if (at + 2 > body.size()) return false;
    size_t size =
        (static_cast<unsigned char>(body[at]) << 8) | static_cast<unsigned char>(body[at + 1]);
    if (at + 2 + size > body.size()) return false;
    out = body.substr(at + 2, size);
    at += 2 + size;
    return true;
  };
  std::string protocol, client_id, user, password;
  if (!field(protocol) || at + 4 > body.size()) co_return;
  unsigned char flags = static_cast<unsigned char>(body[at + 1]);
  at += 4;
  if (!field(client_id)) co_return;
  if (flags & 0x04) {  // will topic + message
    std::string ignored;
    if (!field(ignored) || !field(ignored)) co_return;
  }
  if (flags & 0x80) field(user);
  if (flags & 0x40) field(password);
  char code = 5;  // not authorised (no user name)
  if (flags & 0x80) {
    LoginOutcome outcome = state.Authenticate(user, password);
    co_await Pause(outcome.delay);
    if (outcome.result == LoginResult::kLockedOut) co_return;
    code = outcome.result == LoginResult::kOk ? 0 : 4;
  }
  std::string connack{0x20, 0x02, 0x00, code};
  if (!co_await Write(socket, connack)) co_return;
  if (code != 0) co_return;
  while (true) {  // hold the session until DISCONNECT or close
    co_await socket.async_read_some(asio::buffer(buffer),
                                    asio::redirect_error(use_awaitable, error));
    if (error || static_cast<unsigned char>(buffer[0]) == 0xE0) co_return;
  }
}

}  // namespace iotmark::simdevice
