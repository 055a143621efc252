#include "smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace iotmark::testing {

SmtpSink::SmtpSink() {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 8) != 0) {
    return;
  }
  socklen_t length = sizeof address;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) ::close(listener_);
}

std::vector<ReceivedMail> SmtpSink::Mails() const {
  std::lock_guard lock(mutex_);
  return mails_;
}

bool SmtpSink::WaitFor(std::size_t count, int seconds) const {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (Mails().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Mails().size() >= count;
}

void SmtpSink::Serve() {
  while (!stopping_) {
    pollfd ready{listener_, POLLIN, 0};
    if (::poll(&ready, 1, 100) <= 0) continue;
    int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) continue;
    Session(connection);
    ::close(connection);
  }
}

void SmtpSink::Session(int connection) {
  auto send = [&](const std::string& line) {
    std::string text = line + "\r\n";
    (void)::send(connection, text.data(), text.size(), MSG_NOSIGNAL);
  };
  std::string buffer;
  // Reads one CRLF-terminated line (false on EOF, error or a 10 s silence).
  auto read_line = [&](std::string& line) {
    while (true) {
      std::size_t end = buffer.find("\r\n");
      if (end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      pollfd ready{connection, POLLIN, 0};
      if (::poll(&ready, 1, 10000) <= 0 || stopping_) return false;
      char chunk[4096];
      ssize_t n = ::recv(connection, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  };
  send("220 sink.test ESMTP iotmark-test-sink");
  ReceivedMail mail;
  std::string line;
  while (read_line(line)) {
    std::string verb = line.substr(0, 4);
    for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (verb == "EHLO") {
      send("250-sink.test");
      send("250 8BITMIME");
    } else if (verb == "HELO" || verb == "NOOP") {
      send("250 OK");
    } else if (verb == "MAIL") {
      mail = ReceivedMail{};
      mail.from = line.substr(line.find(':') + 1);
      send("250 OK");
    } else if (verb == "RCPT") {
      mail.recipients.push_back(line.substr(line.find(':') + 1));
      send("250 OK");
    } else if (verb == "DATA") {
      send("354 End data with <CR><LF>.<CR><LF>");
      std::string data;
      while (read_line(line) && line != ".") {
        data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
      }
      mail.data = data;
      {
        std::lock_guard lock(mutex_);
        mails_.push_back(mail);
      }
      send("250 OK queued");
    } else if (verb == "RSET") {
      mail = ReceivedMail{};
      send("250 OK");
    } else if (verb == "QUIT") {
      send("221 Bye");
      return;
    } else {
      send("502 Command not implemented");
    }
  }
}

}  // namespace iotmark::testing
