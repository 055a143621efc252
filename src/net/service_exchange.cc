#include "net/service_exchange.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace iotmark::net {
namespace {

using Clock = std::chrono::steady_clock;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

bool WaitFor(int fd, short events, Clock::time_point deadline) {
  pollfd entry{fd, events, 0};
  while (true) {
    int ready = ::poll(&entry, 1, RemainingMs(deadline));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

bool Connect(const ServiceExchangeRequest& request, Fd& socket, std::string& error) {
  sockaddr_storage address{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  std::string host = request.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(request.port);
    length = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(request.port);
    length = sizeof(sockaddr_in6);
  } else {
    error = "not an IP literal: " + request.host;
    return false;
  }
  socket.fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket.fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  int one = 1;
  ::setsockopt(socket.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto deadline = Clock::now() + request.connect_timeout;
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

// Drives one SSL call to completion within the deadline; the return of the
// call (>0 success) or <=0 on failure/timeout.
template <typename Call>
int SslStep(SSL* ssl, int fd, Clock::time_point deadline, Call call) {
  while (true) {
    int result = call();
    if (result > 0) return result;
    int reason = SSL_get_error(ssl, result);
    if (reason == SSL_ERROR_WANT_READ) {
      if (!WaitFor(fd, POLLIN, deadline)) return -1;
    } else if (reason == SSL_ERROR_WANT_WRITE) {
      if (!WaitFor(fd, POLLOUT, deadline)) return -1;
    } else {
      return result;
    }
  }
}

}  // namespace

ServiceExchangeResult ExchangeWithService(const ServiceExchangeRequest& request) {
  ServiceExchangeResult result;
  auto start = Clock::now();
  auto finish = [&] {
    result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result;
  };
  Fd socket;
  if (!Connect(request, socket, result.error)) return finish();
  result.connected = true;
  auto deadline = Clock::now() + request.wait;
  std::unique_ptr<SSL_CTX, SslFree> context;
  std::unique_ptr<SSL, SslFree> ssl;
  if (request.tls) {
    context.reset(SSL_CTX_new(TLS_client_method()));
    if (!context) {
      result.error = "TLS: cannot create a context";
      return finish();
    }
    SSL_CTX_set_security_level(context.get(), 0);
    SSL_CTX_set_min_proto_version(context.get(), 0);
    SSL_CTX_set_cipher_list(context.get(), "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
    SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
    ssl.reset(SSL_new(context.get()));
    SSL_set_fd(ssl.get(), socket.fd);
    auto handshake_deadline = Clock::now() + request.connect_timeout;
    if (SslStep(ssl.get(), socket.fd, handshake_deadline, [&] { return SSL_connect(ssl.get()); }) <=
        0) {
      result.error = "TLS handshake failed";
      ERR_clear_error();
      return finish();
    }
    result.tls_established = true;
    deadline = Clock::now() + request.wait;
  }
  std::size_t sent = 0;
  while (sent < request.send.size()) {
    int wrote;
    if (ssl) {
      wrote = SslStep(ssl.get(), socket.fd, deadline, [&] {
        return SSL_write(ssl.get(), request.send.data() + sent,
                         static_cast<int>(request.send.size() - sent));
      });
    } else {
      if (!WaitFor(socket.fd, POLLOUT, deadline)) {
        result.error = "send: timed out";
        return finish();
      }
      wrote = static_cast<int>(
          ::send(socket.fd, request.send.data() + sent, request.send.size() - sent, MSG_NOSIGNAL));
      if (wrote < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    }
    if (wrote <= 0) {
      result.error = "send failed";
      ERR_clear_error();
      return finish();
    }
    sent += static_cast<std::size_t>(wrote);
  }
  char chunk[4096];
  while (result.reply.size() < request.max_bytes) {
    auto read_deadline = deadline;
    if (request.idle_after_data.count() > 0 && !result.reply.empty()) {
      read_deadline = std::min(deadline, Clock::now() + request.idle_after_data);
    }
    int got;
    if (ssl) {
      if (SSL_pending(ssl.get()) == 0 && !WaitFor(socket.fd, POLLIN, read_deadline)) break;
      got = SslStep(ssl.get(), socket.fd, read_deadline,
                    [&] { return SSL_read(ssl.get(), chunk, sizeof chunk); });
      ERR_clear_error();
    } else {
      if (!WaitFor(socket.fd, POLLIN, read_deadline)) break;
      got = static_cast<int>(::recv(socket.fd, chunk, sizeof chunk, 0));
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    }
    if (got <= 0) break;  // closed by the peer, reset, or timed out
    result.reply.append(chunk, std::min<std::size_t>(static_cast<std::size_t>(got),
                                                     request.max_bytes - result.reply.size()));
    if (request.enough && request.enough(result.reply)) break;
  }
  if (ssl) SSL_shutdown(ssl.get());
  ERR_clear_error();
  return finish();
}

}  // namespace iotmark::net
