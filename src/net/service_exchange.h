// One request/reply exchange with a TCP service, plain or inside TLS, as a
// service-identification probe needs it (nmap -sV sends one probe per
// connection): connect, optionally complete a TLS handshake (no certificate
// check, every protocol version and cipher OpenSSL still offers, so old
// devices answer), send the probe bytes, read until the peer closes, the
// reply is long enough, `enough` says so, or the wait is over.
//
// Hosts are IP literals only (no name is ever resolved here). Blocking with
// poll() deadlines; thread-safe (no shared state). The reply is raw bytes.
#ifndef IOTMARK_NET_SERVICE_EXCHANGE_H_
#define IOTMARK_NET_SERVICE_EXCHANGE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace iotmark::net {

struct ServiceExchangeRequest {
  std::string host;  // IPv4 or IPv6 literal
  std::uint16_t port = 0;
  bool tls = false;
  std::string send;  // may be empty (the NULL probe: only listen)
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds wait{2000};  // for the whole reply
  // Once some reply arrived, stop when nothing more comes for this long
  // (0 = wait for the whole `wait`, as nmap does).
  std::chrono::milliseconds idle_after_data{0};
  std::size_t max_bytes = 16384;
  // Called after every chunk; true ends the read early (e.g. a match found).
  std::function<bool(const std::string& reply)> enough;
};

struct ServiceExchangeResult {
  bool connected = false;
  bool tls_established = false;  // only with request.tls
  std::string reply;             // raw bytes
  std::string error;             // why it stopped early ("" on a normal end)
  double elapsed_ms = 0;
};

ServiceExchangeResult ExchangeWithService(const ServiceExchangeRequest& request);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_SERVICE_EXCHANGE_H_
