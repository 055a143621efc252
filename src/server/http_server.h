// The HTTP/1.1 transport of `iotmark serve`: Boost.Beast over Asio with C++20
// coroutines (a listener thread hands each accepted connection, round robin,
// to one of `threads` worker threads, each running its own io_context, where
// one coroutine serves the connection: keep-alive, request size and time
// limits; a connection never changes threads). It turns each request into an
// HttpRequest, asks the RequestProcessor for an HttpResponse and writes it.
//
// Limits: a request body over `body_limit` → 413; a header that does not
// arrive complete within `header_timeout` or a body within `body_timeout`
// → 408 and the connection closes; an idle keep-alive connection closes
// silently after `header_timeout`. Stop() (also on SIGINT/SIGTERM when
// Run(handle_signals=true)) stops accepting, closes idle connections, lets
// requests in flight finish for up to `shutdown_grace`, then returns.
// Asio/Beast stay out of this header (pimpl). Stop() is thread-safe.
#ifndef IOTMARK_SERVER_HTTP_SERVER_H_
#define IOTMARK_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/http_types.h"

namespace iotmark::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP literal: 127.0.0.1, ::1
  uint16_t port = 0;               // 0 = any free port (see HttpServer::port())
  int threads = 1;
  size_t body_limit = 1 << 20;     // bytes
  size_t header_limit = 16 << 10;  // bytes
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{5'000};
};

// Called once per request on a server thread; must be thread-safe when
// threads > 1. Must not throw (exceptions are caught and answered with 500).
using RequestProcessor = std::function<HttpResponse(HttpRequest&)>;

// Splits "127.0.0.1:8080" or "[::1]:8080" into host and port.
Status ParseListenAddress(std::string_view text, std::string& host, uint16_t& port);

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, RequestProcessor processor);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. After success port() is the real port.
  Status Listen();
  uint16_t port() const;

  // Serves until Stop() (or a signal when handle_signals). Call after Listen().
  void Run(bool handle_signals);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_HTTP_SERVER_H_
