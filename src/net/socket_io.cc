#include "net/socket_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace iotmark::net {

ScopedFd::~ScopedFd() {
  if (fd >= 0) ::close(fd);
}

int RemainingMs(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

bool WaitFor(int fd, short events, SteadyClock::time_point deadline) {
  pollfd entry{fd, events, 0};
  while (true) {
    int ready = ::poll(&entry, 1, RemainingMs(deadline));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

bool ConnectTcp(const std::string& host_text, std::uint16_t port,
                std::chrono::milliseconds timeout, ScopedFd& socket, std::string& error) {
  sockaddr_storage address{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  std::string host = host_text;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof(sockaddr_in6);
  } else {
    error = "not an IP literal: " + host_text;
    return false;
  }
  socket.fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket.fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  int one = 1;
  ::setsockopt(socket.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto deadline = SteadyClock::now() + timeout;
  if (::connect(socket.fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    if (errno != EINPROGRESS) {
      error = std::string("connect: ") + std::strerror(errno);
      return false;
    }
    if (!WaitFor(socket.fd, POLLOUT, deadline)) {
      error = "connect: timed out";
      return false;
    }
    int code = 0;
    socklen_t size = sizeof code;
    ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &code, &size);
    if (code != 0) {
      error = std::string("connect: ") + std::strerror(code);
      return false;
    }
  }
  return true;
}

}  // namespace iotmark::net
