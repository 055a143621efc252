#include "devtest/login/tcp_exchange.h"
#include "net/host_pins.h"

#include "common/asio.h"

namespace iotmark::devtest::login {

using tcp = asio::ip::tcp;

struct TcpExchange::Impl {
  explicit Impl(std::chrono::steady_clock::time_point at) : socket(io), deadline(at) {}

  // Runs the posted operation until it completes or the deadline passes.
  Status Wait(bool& done, const boost::system::error_code& error, const char* what) {
    io.restart();
    auto left = deadline - std::chrono::steady_clock::now();
    if (left > std::chrono::steady_clock::duration::zero()) io.run_for(left);
    if (!done) {
      boost::system::error_code ignored;
      socket.close(ignored);
      io.restart();
      io.run();
      return Status::Unavailable(std::string(what) + ": timed out");
    }
    if (error == asio::error::eof) return Status::Unavailable("closed by the device");
    if (error) return Status::Unavailable(std::string(what) + ": " + error.message());
    return Status::Ok();
  }

  asio::io_context io{1};
  tcp::socket socket;
  std::chrono::steady_clock::time_point deadline;
};

TcpExchange::TcpExchange(std::chrono::steady_clock::time_point deadline)
    : impl_(std::make_unique<Impl>(deadline)) {}

TcpExchange::~TcpExchange() = default;

Status TcpExchange::Connect(const std::string& host, std::uint16_t port) {
  Result<std::string> literal = net::ConnectAddressFor(host);  // a name through its pin
  if (!literal.ok()) return literal.status();
  boost::system::error_code parse_error;
  asio::ip::address address = asio::ip::make_address(*literal, parse_error);
  if (parse_error) return Status::InvalidArgument("'" + *literal + "' is not an IP address");
  bool done = false;
  boost::system::error_code error;
  impl_->socket.async_connect(tcp::endpoint(address, port),
                              [&](const boost::system::error_code& result) {
                                error = result;
                                done = true;
                              });
  return impl_->Wait(done, error, "connect");
}

Status TcpExchange::Write(const std::string& bytes) {
  bool done = false;
  boost::system::error_code error;
  asio::async_write(impl_->socket, asio::buffer(bytes),
                    [&](const boost::system::error_code& result, std::size_t) {
                      error = result;
                      done = true;
                    });
  return impl_->Wait(done, error, "write");
}

Status TcpExchange::ReadSome(std::string& out) {
  bool done = false;
  boost::system::error_code error;
  char buffer[4096];
  std::size_t got = 0;
  impl_->socket.async_read_some(asio::buffer(buffer),
                                [&](const boost::system::error_code& result, std::size_t size) {
                                  error = result;
                                  got = size;
                                  done = true;
                                });
  Status status = impl_->Wait(done, error, "read");
  out.append(buffer, got);
  return status;
}

}  // namespace iotmark::devtest::login
