#include "net/service_exchange.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "net/socket_io.h"

namespace iotmark::net {
namespace {

using Clock = SteadyClock;
using Fd = ScopedFd;

}  // namespace

ServiceExchangeResult ExchangeWithService(const ServiceExchangeRequest& request) {
  ServiceExchangeResult result;
  auto start = Clock::now();
  auto finish = [&] {
    result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result;
  };
  Fd socket;
  if (!ConnectTcp(request.host, request.port, request.connect_timeout, socket, result.error))
    return finish();
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
