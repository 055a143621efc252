// A blocking TCP connection with one overall deadline, for the line- and
// packet-based login clients (telnet, mqtt). Built on Asio (each instance owns
// its io_context, so instances on different threads are independent).
#ifndef IOTMARK_DEVTEST_LOGIN_TCP_EXCHANGE_H_
#define IOTMARK_DEVTEST_LOGIN_TCP_EXCHANGE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace iotmark::devtest::login {

class TcpExchange {
 public:
  // Every operation fails with kUnavailable once `deadline` has passed.
  explicit TcpExchange(std::chrono::steady_clock::time_point deadline);
  ~TcpExchange();
  TcpExchange(const TcpExchange&) = delete;
  TcpExchange& operator=(const TcpExchange&) = delete;

  // kUnavailable "connection refused" / "timed out" / ...; kInvalidArgument for a bad host.
  Status Connect(const std::string& host, std::uint16_t port);
  Status Write(const std::string& bytes);
  // Reads what is available (at least one byte), appending to `out`;
  // kUnavailable "closed by the device" at end of stream.
  Status ReadSome(std::string& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace iotmark::devtest::login

#endif  // IOTMARK_DEVTEST_LOGIN_TCP_EXCHANGE_H_
