#include "simdevice/server.h"

#include <sodium.h>
#include <unistd.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/beast.h"
#include "common/clock.h"
#include "common/files.h"
#include "simdevice/device_state.h"
#include "simdevice/firmware_image.h"
#include "simdevice/http_handler.h"
#include "simdevice/login_services.h"
#include "simdevice/tls_identity.h"

namespace iotmark::simdevice {
namespace {

namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
using asio::awaitable;
using asio::use_awaitable;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr std::uint64_t kBodyLimit = 1 << 20;

// Everything the listeners share. Lives for one boot of the device.
struct Device {
  Device(const SimDeviceConfig& config, const std::filesystem::path& state_dir,
         std::string vendor_public_key)
      : state(config, state_dir, SystemClock::Instance(), std::move(vendor_public_key)),
        handler(state, [this] { ReloadTls(); }) {}

  Status ReloadTls() {
    if (!state.config().tls.enabled) return Status::Ok();
    Result<TlsIdentityFiles> files =
        EnsureTlsIdentity(state.state_dir(), state.config().model_number);
    if (!files.ok()) return files.status();
    try {
      auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
      SSL_CTX* native = context->native_handle();
      int minimum = TLS1_2_VERSION;
      switch (state.config().tls.min_version) {
        case TlsVersion::kTls10:
          minimum = TLS1_VERSION;
          break;
        case TlsVersion::kTls11:
          minimum = TLS1_1_VERSION;
          break;
        case TlsVersion::kTls12:
          minimum = TLS1_2_VERSION;
          break;
        case TlsVersion::kTls13:
          minimum = TLS1_3_VERSION;
          break;
      }
      if (minimum < TLS1_2_VERSION) {
        // OpenSSL 3 refuses TLS 1.0/1.1 above security level 0.
        SSL_CTX_set_security_level(native, 0);
        SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
      }
      SSL_CTX_set_min_proto_version(native, minimum);
      context->use_certificate_chain_file(files->certificate.string());
      context->use_private_key_file(files->key.string(), ssl::context::pem);
      tls_context = std::move(context);
    } catch (const std::exception& error) {
      return Status::Internal(std::string("TLS setup: ") + error.what());
    }
    return Status::Ok();
  }

  DeviceState state;
  DeviceHttpHandler handler;
  std::shared_ptr<ssl::context> tls_context;
};

DeviceRequest ToDeviceRequest(const http::request<http::string_body>& request) {
  DeviceRequest out;
  out.method = std::string(request.method_string());
  out.target = std::string(request.target());
  auto header = [&](http::field field) {
    auto found = request.find(field);
    return found == request.end() ? std::string() : std::string(found->value());
  };
  out.authorization = header(http::field::authorization);
  out.cookie = header(http::field::cookie);
  out.content_type = header(http::field::content_type);
  out.accept = header(http::field::accept);
  out.body = request.body();
  return out;
}

http::response<http::string_body> ToBeastResponse(const DeviceResponse& answer, unsigned version,
                                                  bool keep_alive) {
  http::response<http::string_body> response{static_cast<http::status>(answer.status), version};
  response.set(http::field::server, "iotmark-sim-device");
  response.set(http::field::content_type, answer.content_type);
  for (const auto& [name, value] : answer.headers) response.insert(name, value);
  response.body() = answer.body;
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

// Serves HTTP requests on one connection until it closes or idles out.
template <typename Stream>
awaitable<void> ServeHttp(Device& device, Stream& stream) {
  beast::flat_buffer buffer;
  for (;;) {
    boost::system::error_code ec;
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec == http::error::body_limit) {
      DeviceResponse too_large;
      too_large.status = 413;
      too_large.body = "{\"error\":\"too_large\"}\n";
      auto response = ToBeastResponse(too_large, 11, false);
      co_await http::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
      co_return;
    }
    if (ec) co_return;
    http::request<http::string_body> request = parser.release();
    DeviceResponse answer = device.handler.Handle(ToDeviceRequest(request));
    if (answer.delay.count() > 0) {
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_after(answer.delay);
      co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    auto response = ToBeastResponse(answer, request.version(), request.keep_alive());
    beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
    co_await http::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
    if (ec || !response.keep_alive()) co_return;
  }
}

awaitable<void> HttpSession(Device& device, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  co_await ServeHttp(device, stream);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

awaitable<void> HttpsSession(Device& device, tcp::socket socket) {
  std::shared_ptr<ssl::context> context = device.tls_context;  // a reset may swap it
  if (!context) co_return;
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *context);
  boost::system::error_code ec;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  co_await stream.async_handshake(ssl::stream_base::server,
                                  asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;
  co_await ServeHttp(device, stream);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ec));
}

awaitable<void> BannerSession(tcp::socket socket, std::string banner) {
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(banner), asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;
  // Hold the connection like a login prompt would, discarding input, until the
  // peer closes or stays silent too long.
  asio::steady_timer deadline(socket.get_executor());
  deadline.expires_after(kIdleTimeout);
  deadline.async_wait([&socket](boost::system::error_code wait_error) {
    if (!wait_error) {
      boost::system::error_code ignored;
      socket.close(ignored);
    }
  });
  char scratch[512];
  for (;;) {
    co_await socket.async_read_some(asio::buffer(scratch), asio::redirect_error(use_awaitable, ec));
    if (ec) break;
  }
  deadline.cancel();
}

enum class ListenerKind { kHttp, kHttps, kBanner, kTelnet, kMqtt };

awaitable<void> Accept(Device& device, tcp::acceptor acceptor, ListenerKind kind,
                       std::string banner) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;
    auto executor = acceptor.get_executor();
    switch (kind) {
      case ListenerKind::kHttp:
        asio::co_spawn(executor, HttpSession(device, std::move(socket)), asio::detached);
        break;
      case ListenerKind::kHttps:
        asio::co_spawn(executor, HttpsSession(device, std::move(socket)), asio::detached);
        break;
      case ListenerKind::kBanner:
        asio::co_spawn(executor, BannerSession(std::move(socket), banner), asio::detached);
        break;
      case ListenerKind::kTelnet:
        asio::co_spawn(executor, TelnetLoginSession(device.state, std::move(socket)),
                       asio::detached);
        break;
      case ListenerKind::kMqtt:
        asio::co_spawn(executor, MqttLoginSession(device.state, std::move(socket)), asio::detached);
        break;
    }
  }
}

awaitable<void> UdpResponder(udp::socket socket, std::string reply) {
  char scratch[2048];
  for (;;) {
    boost::system::error_code ec;
    udp::endpoint sender;
    co_await socket.async_receive_from(asio::buffer(scratch), sender,
                                       asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !socket.is_open()) co_return;
    if (ec) continue;
    co_await socket.async_send_to(asio::buffer(reply), sender,
                                  asio::redirect_error(use_awaitable, ec));
  }
}

Result<tcp::acceptor> OpenAcceptor(asio::io_context& io, const asio::ip::address& address,
                                   std::uint16_t port, const std::string& field) {
  boost::system::error_code ec;
  tcp::acceptor acceptor(io);
  tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError(field + ": cannot listen on " + address.to_string() + ":" +
                           std::to_string(port) + ": " + ec.message());
  }
  return acceptor;
}

std::string RandomBootId() {
  unsigned char raw[8];
  randombytes_buf(raw, sizeof raw);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

void RemoveFile(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

}  // namespace

Result<DeviceExit> RunSimDevice(const SimDeviceConfig& config,
                                const std::filesystem::path& state_dir, std::ostream& out) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  std::error_code fs_error;
  std::filesystem::create_directories(state_dir, fs_error);
  if (fs_error) return Status::IoError(state_dir.string() + ": " + fs_error.message());
  IOTMARK_RETURN_IF_ERROR(WriteFileAtomic(state_dir / "pid", std::to_string(::getpid()) + "\n"));
  Result<VendorKey> vendor_key = EnsureVendorKey(state_dir);
  if (!vendor_key.ok()) return vendor_key.status();

  auto device = std::make_unique<Device>(config, state_dir, vendor_key->public_key);
  IOTMARK_RETURN_IF_ERROR(device->state.Load());
  IOTMARK_RETURN_IF_ERROR(device->ReloadTls());

  asio::io_context io(1);
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(config.listen_address, ec);
  if (ec) return Status::InvalidArgument("listen_address: " + ec.message());

  nlohmann::json ready = {{"pid", ::getpid()}, {"boot_id", RandomBootId()}};
  std::vector<int> tcp_ports, udp_ports;
  {
    Result<tcp::acceptor> http = OpenAcceptor(io, address, config.http_port, "http_port");
    if (!http.ok()) return http.status();
    ready["http_port"] = http->local_endpoint().port();
    tcp_ports.push_back(http->local_endpoint().port());
    asio::co_spawn(io, Accept(*device, std::move(*http), ListenerKind::kHttp, ""), asio::detached);
  }
  ready["tls_port"] = nullptr;
  if (config.tls.enabled) {
    Result<tcp::acceptor> https = OpenAcceptor(io, address, config.tls.port, "tls.port");
    if (!https.ok()) return https.status();
    ready["tls_port"] = https->local_endpoint().port();
    tcp_ports.push_back(https->local_endpoint().port());
    asio::co_spawn(io, Accept(*device, std::move(*https), ListenerKind::kHttps, ""),
                   asio::detached);
  }
  for (auto [service, kind, name] :
       {std::tuple{&config.login_services.telnet, ListenerKind::kTelnet, "telnet"},
        std::tuple{&config.login_services.mqtt, ListenerKind::kMqtt, "mqtt"}}) {
    ready[std::string(name) + "_port"] = nullptr;
    if (!service->enabled) continue;
    Result<tcp::acceptor> acceptor =
        OpenAcceptor(io, address, service->port, std::string("login_services.") + name);
    if (!acceptor.ok()) return acceptor.status();
    ready[std::string(name) + "_port"] = acceptor->local_endpoint().port();
    tcp_ports.push_back(acceptor->local_endpoint().port());
    asio::co_spawn(io, Accept(*device, std::move(*acceptor), kind, ""), asio::detached);
  }
  for (const ExtraTcpListener& listener : config.extra_tcp) {
    Result<tcp::acceptor> acceptor = OpenAcceptor(io, address, listener.port, "extra_tcp");
    if (!acceptor.ok()) return acceptor.status();
    tcp_ports.push_back(listener.port);
    std::string banner = listener.banner;
    if (!banner.empty() && banner.back() != '\n') banner += "\r\n";
    asio::co_spawn(io, Accept(*device, std::move(*acceptor), ListenerKind::kBanner, banner),
                   asio::detached);
  }
  for (const ExtraUdpResponder& responder : config.extra_udp) {
    udp::socket socket(io);
    udp::endpoint endpoint(address, responder.port);
    socket.open(endpoint.protocol(), ec);
    if (!ec) socket.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) socket.bind(endpoint, ec);
    if (ec) {
      return Status::IoError("extra_udp: cannot bind " + config.listen_address + ":" +
                             std::to_string(responder.port) + ": " + ec.message());
    }
    udp_ports.push_back(responder.port);
    asio::co_spawn(io, UdpResponder(std::move(socket), responder.reply), asio::detached);
  }
  ready["tcp_ports"] = tcp_ports;
  ready["udp_ports"] = udp_ports;

  DeviceExit exit = DeviceExit::kStopped;
  asio::signal_set signals(io, SIGTERM, SIGINT, SIGHUP);
  signals.add(SIGUSR1);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& error, int signal_number) {
        if (error) return;
        if (signal_number == SIGUSR1) {
          (void)device->state.FactoryReset();
          (void)device->ReloadTls();
          (void)WriteFileAtomic(state_dir / "factory-reset.done",
                                ready["boot_id"].get<std::string>() + "\n");
          signals.async_wait(on_signal);
          return;
        }
        exit = signal_number == SIGHUP ? DeviceExit::kPowerCycle : DeviceExit::kStopped;
        RemoveFile(state_dir / "ready");
        io.stop();
      };
  signals.async_wait(on_signal);

  IOTMARK_RETURN_IF_ERROR(WriteFileAtomic(state_dir / "ready", ready.dump() + "\n"));
  out << "READY http=" << ready["http_port"].get<int>() << " https="
      << (config.tls.enabled ? std::to_string(ready["tls_port"].get<int>()) : std::string("-"))
      << " pid=" << ::getpid() << " boot_id=" << ready["boot_id"].get<std::string>() << std::endl;

  io.run();
  RemoveFile(state_dir / "ready");
  if (exit == DeviceExit::kStopped) RemoveFile(state_dir / "pid");
  return exit;
}

}  // namespace iotmark::simdevice
