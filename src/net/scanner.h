// A TCP connect and UDP port scanner (Boost.Asio) for the device tests.
//
// Scan() probes one host (an IP literal) and returns sorted results. TCP: a
// port is open when a connect succeeds, closed when refused, filtered when it
// neither succeeds nor is refused within the timeout after every retry. UDP:
// open when anything answers, closed when ICMP port-unreachable comes back
// (ECONNREFUSED on a connected socket), open|filtered when nothing does.
// UDP ports with an entry in udp_payloads get their protocol probes (each
// payload on every attempt), the others `udp_payload`.
// Hosts outside 127.0.0.0/8 and ::1 are refused unless allow_non_loopback.
// The host is an IP literal (IPv6 may carry a zone, "fe80::1%eth0"): the
// scanner never resolves names.
// Scan() is thread-safe (it owns all its state) and blocks until done.
#ifndef IOTMARK_NET_SCANNER_H_
#define IOTMARK_NET_SCANNER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::net {

enum class PortState { kOpen, kClosed, kFiltered, kOpenFiltered };

std::string PortStateName(PortState state);  // "open", "closed", "filtered", "open|filtered"

struct ScanOptions {
  std::string host;  // IP literal
  std::vector<std::uint16_t> tcp_ports;
  std::vector<std::uint16_t> udp_ports;
  bool grab_banners = false;
  bool allow_non_loopback = false;
  int concurrency = 1024;  // sockets in flight (capped by RLIMIT_NOFILE)
  int threads = 2;         // I/O threads
  std::chrono::milliseconds connect_timeout{1000};
  int retries = 1;  // extra attempts for a port that timed out
  std::chrono::milliseconds banner_timeout{1000};
  std::chrono::milliseconds udp_timeout{500};
  int udp_retries = 2;
  std::string udp_payload;  // sent to UDP ports without a probe ("" = empty datagram)
  std::map<std::uint16_t, std::vector<std::string>> udp_payloads;  // per-port protocol probes
};

struct PortResult {
  std::uint16_t port = 0;
  PortState state = PortState::kClosed;
  // TCP: what the service sent first (or answered to HEAD); UDP: the reply.
  // Raw bytes (any value): escape with PrintableBanner / net::EscapeBytes before
  // putting them into JSON or text.
  std::string banner;
};

struct ScanReport {
  std::string host;
  std::vector<PortResult> tcp;  // open and filtered TCP ports, sorted (closed ones are counted)
  std::size_t tcp_scanned = 0;
  std::size_t tcp_closed = 0;
  std::size_t tcp_timed_out = 0;    // filtered because no attempt got any answer in time
  std::size_t tcp_unreachable = 0;  // filtered because the network refused (EHOSTUNREACH, ...)
  std::size_t tcp_resource_failures = 0;  // not probed: sockets or source ports ran out
  std::vector<PortResult> udp;  // every UDP port asked for, sorted
  double seconds = 0;

  std::vector<std::uint16_t> OpenTcpPorts() const;
  std::vector<std::uint16_t> OpenUdpPorts() const;
};

Result<ScanReport> Scan(const ScanOptions& options);

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
long RaiseOpenFileLimit();

// Makes a banner printable and valid UTF-8: control bytes and bytes outside a
// well-formed UTF-8 sequence as \xNN, at most `max_bytes` input bytes, no
// trailing line ending.
std::string PrintableBanner(const std::string& raw, std::size_t max_bytes = 512);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_SCANNER_H_
