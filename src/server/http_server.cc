#include "server/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "common/beast.h"
#include "common/log_text.h"
#include "server/api_error.h"
#include "server/http_request_beast.h"
#include "server/http_request_reader.h"
#include "server/response_policy.h"

namespace iotmark::server {

namespace {

using tcp = asio::ip::tcp;
using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

// One accepted connection: its socket, and a watchdog timer that cancels the
// socket's pending operation when a phase (header, body, write) takes too
// long. Everything here runs on the connection's worker thread.
struct Connection : std::enable_shared_from_this<Connection> {
  explicit Connection(tcp::socket accepted)
      : socket(std::move(accepted)), timer(socket.get_executor()) {}

  void Arm(std::chrono::milliseconds limit) {
    timed_out = false;
    uint64_t armed = ++generation;
    timer.expires_after(limit);
    timer.async_wait([self = shared_from_this(), armed](beast::error_code error) {
      if (error || armed != self->generation) return;
      self->timed_out = true;
      beast::error_code ignored;
      self->socket.cancel(ignored);
    });
  }

  void Disarm() {
    ++generation;
    timer.cancel();
  }

  tcp::socket socket;
  asio::steady_timer timer;
  uint64_t generation = 0;
  bool timed_out = false;
  bool idle = true;             // waiting for the first byte of a request
  bool answered_error = false;  // an error answer ends the connection
};

std::string Lower(beast::string_view text) {
  std::string out(text.data(), text.size());
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// True for errors of Beast's HTTP parser (malformed input), not for the end
// of the stream.
bool IsHttpParseError(const beast::error_code& error) {
  return &error.category() == &http::make_error_code(http::error::bad_target).category() &&
         error != http::error::end_of_stream && error != http::error::partial_message;
}

// A line end without its CR: Beast refuses it, so reading on would only wait.
bool HasBareLineFeed(std::string_view bytes) {
  for (std::size_t at = bytes.find('\n'); at != std::string_view::npos;
       at = bytes.find('\n', at + 1)) {
    if (at == 0 || bytes[at - 1] != '\r') return true;
  }
  return false;
}

BeastResponse ToBeastResponse(HttpResponse& response, unsigned version, bool keep_alive,
                              bool head) {
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  out.set(http::field::server, "iotmark");
  bool no_body = response.status == 304 || response.status == 204 ||
                 (response.status >= 100 && response.status < 200);
  if (!no_body) out.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) out.set(name, value);
  out.keep_alive(keep_alive);
  if (no_body) return out;
  out.content_length(response.body.size());
  if (!head) out.body() = std::move(response.body);
  return out;
}

}  // namespace

Status ParseListenAddress(std::string_view text, std::string& host, uint16_t& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size()) {
    return Status::InvalidArgument(std::string("--listen: expected HOST:PORT, got '") +
                                   std::string(text) + "'");
  }
  std::string_view host_part = text.substr(0, colon);
  if (host_part.size() >= 2 && host_part.front() == '[' && host_part.back() == ']') {
    host_part = host_part.substr(1, host_part.size() - 2);
  }
  unsigned long value = 0;
  for (char c : text.substr(colon + 1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return Status::InvalidArgument("--listen: port is not a number: '" + std::string(text) + "'");
    }
    value = value * 10 + static_cast<unsigned long>(c - '0');
    if (value > 65535) return Status::InvalidArgument("--listen: port above 65535");
  }
  beast::error_code error;
  asio::ip::make_address(std::string(host_part), error);
  if (error) {
    return Status::InvalidArgument("--listen: host must be an IP address, got '" +
                                   std::string(host_part) + "'");
  }
  host = std::string(host_part);
  port = static_cast<uint16_t>(value);
  return Status::Ok();
}

struct HttpServer::Impl {
  Impl(HttpServerOptions server_options, RequestProcessor request_processor)
      : options(std::move(server_options)),
        processor(std::move(request_processor)),
        acceptor(io_context),
        signals(io_context) {}
  // Members would go in reverse order, worker contexts before the
  // listener's: but a handler still queued on the listener's context (an
  // accept that completed as the server stopped) owns a socket of a worker
  // context. So: run the listener's leftovers out (Accept sees `stopping`
  // and returns), then drop the connections and the workers' contexts while
  // everything their pending handlers touch still exists.
  ~Impl() {
    stopping = true;
    beast::error_code ignored;
    acceptor.close(ignored);
    io_context.restart();
    io_context.poll();
    {
      std::lock_guard lock(mutex);
      connections.clear();
    }
    worker_guards.clear();
    worker_contexts.clear();
  }

  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(std::shared_ptr<Connection> connection);
  asio::awaitable<void> WriteError(Connection& connection, int status, std::string code,
                                   std::string message);
  HttpResponse Process(HttpRequest& request);
  void RequestStop();

  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

  HttpServerOptions options;
  RequestProcessor processor;
  // The listener and signals. Connections live on the workers' contexts:
  // one io_context per worker thread, so a connection's work never crosses
  // threads (no strands, no shared scheduler lock on the hot path).
  asio::io_context io_context;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::vector<std::unique_ptr<asio::io_context>> worker_contexts;
  std::vector<WorkGuard> worker_guards;  // touched on io_context's thread only
  std::size_t next_worker = 0;           // Accept's round robin
  uint16_t bound_port = 0;

  std::atomic<bool> stopping{false};
  std::mutex mutex;  // guards connections, stop_requested, finished_workers
  std::condition_variable changed;
  std::set<std::shared_ptr<Connection>> connections;
  bool stop_requested = false;
  int finished_workers = 0;
};

HttpResponse HttpServer::Impl::Process(HttpRequest& request) {
  try {
    return processor(request);
  } catch (const std::exception& error) {
    spdlog::error("request handler threw: {}", CutForLog(error.what()));
  } catch (...) {
    spdlog::error("request handler threw a non-standard exception");
  }
  return ErrorResponse(500, "internal", "内部エラー / internal error");
}

asio::awaitable<void> HttpServer::Impl::WriteError(Connection& connection, int status,
                                                   std::string code, std::string message) {
  connection.answered_error = true;
  HttpResponse response = ErrorResponse(status, code, message);
  AddSecurityHeaders(response);
  spdlog::info("access remote=- status={} code={}", status, code);
  BeastResponse out = ToBeastResponse(response, 11, false, false);
  connection.Arm(options.write_timeout);
  beast::error_code error;
  co_await http::async_write(connection.socket, out,
                             asio::redirect_error(asio::use_awaitable, error));
}

asio::awaitable<void> HttpServer::Impl::Session(std::shared_ptr<Connection> connection) {
  beast::flat_buffer buffer;
  beast::error_code error;
  std::string remote = "-";
  {
    beast::error_code ignored;
    auto endpoint = connection->socket.remote_endpoint(ignored);
    if (!ignored) remote = endpoint.address().to_string();
  }
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(options.body_limit);
    connection->idle = true;
    if (stopping) break;
    connection->Arm(options.header_timeout);
    // Read until the header block is complete, so it is checked (obs-fold)
    // before Beast parses it; Beast then parses from the buffer.
    Status header_check = Status::Ok();
    for (;;) {
      std::string_view received(static_cast<const char*>(buffer.data().data()), buffer.size());
      std::size_t header_end = FindHeaderEnd(received);
      if (header_end != std::string_view::npos) {
        header_check = CheckHeaderBlock(received.substr(0, header_end));
        break;
      }
      if (buffer.size() > options.header_limit || HasBareLineFeed(received)) break;
      std::size_t count = co_await connection->socket.async_read_some(
          buffer.prepare(8192), asio::redirect_error(asio::use_awaitable, error));
      if (error) break;
      buffer.commit(count);
    }
    connection->idle = false;
    if (!error && !header_check.ok()) {
      co_await WriteError(*connection, 400, "bad_request", header_check.message());
      break;
    }
    if (!error) {
      co_await http::async_read_header(connection->socket, buffer, parser,
                                       asio::redirect_error(asio::use_awaitable, error));
    }
    if (error) {
      if (connection->timed_out) {
        // Silence only for an idle keep-alive connection; a started request
        // (even a lone request line, which Beast has already consumed) → 408.
        if (buffer.size() > 0 || parser.got_some()) {
          co_await WriteError(*connection, 408, "request_timeout",
                              "リクエストが時間内に届きませんでした / request header timed out");
        }
      } else if (error == http::error::body_limit) {
        // Beast checks Content-Length against the limit while parsing the header.
        co_await WriteError(*connection, 413, "payload_too_large",
                            "リクエスト本文が大きすぎます / request body exceeds " +
                                std::to_string(options.body_limit) + " bytes");
      } else if (error == http::error::header_limit) {
        co_await WriteError(*connection, 431, "header_too_large",
                            "ヘッダーが大きすぎます / request header too large");
      } else if (IsHttpParseError(error)) {
        co_await WriteError(*connection, 400, "bad_request",
                            "HTTPリクエストとして読めません / malformed HTTP request");
      }
      break;
    }
    const auto& header = parser.get();
    if (parser.content_length() && *parser.content_length() > options.body_limit) {
      co_await WriteError(*connection, 413, "payload_too_large",
                          "リクエスト本文が大きすぎます / request body exceeds " +
                              std::to_string(options.body_limit) + " bytes");
      break;
    }
    if (Lower(header[http::field::expect]) == "100-continue") {
      http::response<http::empty_body> proceed{http::status::continue_, header.version()};
      connection->Arm(options.write_timeout);
      co_await http::async_write(connection->socket, proceed,
                                 asio::redirect_error(asio::use_awaitable, error));
      if (error) break;
    }
    connection->Arm(options.body_timeout);
    co_await http::async_read(connection->socket, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      if (error == http::error::body_limit) {
        co_await WriteError(*connection, 413, "payload_too_large",
                            "リクエスト本文が大きすぎます / request body exceeds " +
                                std::to_string(options.body_limit) + " bytes");
      } else if (connection->timed_out) {
        co_await WriteError(*connection, 408, "request_timeout",
                            "リクエスト本文が時間内に届きませんでした / request body timed out");
      } else if (IsHttpParseError(error)) {
        // A malformed chunked body (chunk size "-1", say).
        co_await WriteError(*connection, 400, "bad_request",
                            "リクエスト本文が読めません / malformed request body");
      }
      break;
    }
    connection->Disarm();
    BeastRequest request = parser.release();
    HttpRequest in = ToHttpRequest(request, remote);
    HttpResponse response = Process(in);
    bool keep_alive = request.keep_alive() && !stopping;
    BeastResponse out = ToBeastResponse(response, request.version(), keep_alive,
                                        request.method() == http::verb::head);
    connection->Arm(options.write_timeout);
    co_await http::async_write(connection->socket, out,
                               asio::redirect_error(asio::use_awaitable, error));
    if (error || !keep_alive) break;
  }
  beast::error_code ignored;
  connection->socket.shutdown(tcp::socket::shutdown_send, ignored);
  if (connection->answered_error) {
    // Lingering close: read (and drop) what the client is still sending for
    // a moment, so closing with unread data does not reset the connection
    // before the client has read the error answer.
    connection->Arm(std::chrono::milliseconds(500));
    std::array<char, 8192> sink;
    size_t drained = 0;
    while (drained < (4u << 20)) {
      size_t count = co_await connection->socket.async_read_some(
          asio::buffer(sink), asio::redirect_error(asio::use_awaitable, error));
      if (error) break;
      drained += count;
    }
  }
  connection->Disarm();
  connection->socket.close(ignored);
  {
    std::lock_guard lock(mutex);
    connections.erase(connection);
  }
}

asio::awaitable<void> HttpServer::Impl::Accept() {
  for (;;) {
    beast::error_code error;
    asio::io_context& worker = *worker_contexts[next_worker++ % worker_contexts.size()];
    tcp::socket socket =
        co_await acceptor.async_accept(worker, asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      if (!acceptor.is_open() || stopping) co_return;
      spdlog::warn("accept failed: {}", error.message());
      // Back off briefly (for example when out of file descriptors).
      asio::steady_timer pause(io_context, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
      continue;
    }
    if (stopping) co_return;
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(mutex);
      connections.insert(connection);
    }
    asio::co_spawn(connection->socket.get_executor(), Session(connection), asio::detached);
  }
}

void HttpServer::Impl::RequestStop() {
  if (stopping.exchange(true)) return;
  asio::post(io_context, [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    std::lock_guard lock(mutex);
    for (const auto& connection : connections) {
      asio::post(connection->socket.get_executor(), [connection] {
        if (!connection->idle) return;
        beast::error_code cancel_error;
        connection->socket.cancel(cancel_error);
      });
    }
    // Workers end once their connections have.
    for (WorkGuard& guard : worker_guards) guard.reset();
  });
  std::lock_guard lock(mutex);
  stop_requested = true;
  changed.notify_all();
}

HttpServer::HttpServer(HttpServerOptions options, RequestProcessor processor)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(processor))) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Listen() {
  beast::error_code error;
  asio::ip::address address = asio::ip::make_address(impl_->options.host, error);
  if (error) return Status::InvalidArgument("listen host: " + error.message());
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Status::IoError("cannot listen on " + impl_->options.host + ":" +
                           std::to_string(impl_->options.port) + ": " + error.message());
  }
  impl_->bound_port = acceptor.local_endpoint().port();
  return Status::Ok();
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::Run(bool handle_signals) {
  Impl& impl = *impl_;
  if (handle_signals) {
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([&impl](beast::error_code error, int signal_number) {
      if (error) return;
      spdlog::info("signal {} received, shutting down", signal_number);
      impl.RequestStop();
    });
  }
  int thread_count = std::max(1, impl.options.threads);
  for (int i = 0; i < thread_count; ++i) {
    impl.worker_contexts.push_back(std::make_unique<asio::io_context>(1));
    impl.worker_guards.push_back(asio::make_work_guard(*impl.worker_contexts.back()));
  }
  asio::co_spawn(impl.io_context, impl.Accept(), asio::detached);
  std::thread listener([&impl] { impl.io_context.run(); });
  std::vector<std::thread> workers;
  for (int i = 0; i < thread_count; ++i) {
    workers.emplace_back([&impl, i] {
      impl.worker_contexts[i]->run();
      std::lock_guard lock(impl.mutex);
      ++impl.finished_workers;
      impl.changed.notify_all();
    });
  }
  {
    std::unique_lock lock(impl.mutex);
    impl.changed.wait(lock,
                      [&] { return impl.stop_requested || impl.finished_workers == thread_count; });
    impl.changed.wait_for(lock, impl.options.shutdown_grace,
                          [&] { return impl.finished_workers == thread_count; });
  }
  impl.io_context.stop();
  for (auto& context : impl.worker_contexts) context->stop();
  listener.join();
  for (auto& worker : workers) worker.join();
}

void HttpServer::Stop() { impl_->RequestStop(); }

}  // namespace iotmark::server
