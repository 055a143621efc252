// Blocking socket helpers with poll() deadlines, shared by the probes that
// speak to one TCP service at a time (service_exchange, tls_probe): connect
// to an IP literal within a timeout, wait for readiness, drive an OpenSSL
// call to completion. No name is ever resolved here. Thread-safe.
#ifndef IOTMARK_NET_SOCKET_IO_H_
#define IOTMARK_NET_SOCKET_IO_H_

#include <openssl/ssl.h>
#include <poll.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace iotmark::net {

using SteadyClock = std::chrono::steady_clock;

// Owns a file descriptor (-1 = none).
struct ScopedFd {
  int fd = -1;
  ScopedFd() = default;
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd();
};

struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

int RemainingMs(SteadyClock::time_point deadline);

// Waits until `events` (POLLIN/POLLOUT) are ready; false on timeout/error.
bool WaitFor(int fd, short events, SteadyClock::time_point deadline);

// A non-blocking TCP connection to `host` (IPv4/IPv6 literal, brackets
// allowed) within `timeout`; false with `error` set ("connect: Connection
// refused", "connect: timed out", "not an IP literal: …").
bool ConnectTcp(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout,
                ScopedFd& socket, std::string& error);

// Drives one SSL call on a non-blocking fd to completion within the
// deadline; the call's return (>0 success) or <=0 on failure/timeout
// (`timed_out` says which when given).
template <typename Call>
int SslStep(SSL* ssl, int fd, SteadyClock::time_point deadline, Call call,
            bool* timed_out = nullptr) {
  if (timed_out) *timed_out = false;
  while (true) {
    int result = call();
    if (result > 0) return result;
    int reason = SSL_get_error(ssl, result);
    short events = 0;
    if (reason == SSL_ERROR_WANT_READ) events = POLLIN;
    if (reason == SSL_ERROR_WANT_WRITE) events = POLLOUT;
    if (events == 0) return result;
    if (!WaitFor(fd, events, deadline)) {
      if (timed_out) *timed_out = true;
      return -1;
    }
  }
}

}  // namespace iotmark::net

#endif  // IOTMARK_NET_SOCKET_IO_H_
