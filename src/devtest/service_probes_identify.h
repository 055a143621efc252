// Identifies the service on one open TCP port the way `nmap -sV` does: listen
// first (the NULL probe), then send nmap's probes for that port in nmap's
// order (GetRequest for HTTP, GenericLines, SSLSessionReq, ...) until a hard
// match; a port that answers as "ssl" is probed again inside TLS, so an
// HTTPS admin UI is identified by its `Server:` header like a plain one.
//
// Every exchange (probe name, TLS or not, bytes sent and received) is kept
// for the evidence; the bytes are raw and must be escaped (net/bytes_text.h)
// before they go into JSON or text.
#ifndef IOTMARK_DEVTEST_SERVICE_PROBES_IDENTIFY_H_
#define IOTMARK_DEVTEST_SERVICE_PROBES_IDENTIFY_H_

#include <chrono>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devtest/service_probes.h"
#include "net/scanner.h"

namespace iotmark::devtest {

struct IdentifyOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds null_wait{2000};   // listening before the first probe
  std::chrono::milliseconds probe_wait{2000};  // per probe (nmap's totalwaitms caps it lower)
  int max_rarity = 7;                          // nmap's default --version-intensity
  int max_probes = 14;  // probes sent per port after the NULL probe (per TLS layer)
  // Stop reading a reply once it is this quiet (0: nmap's full wait).
  std::chrono::milliseconds idle_after_data{400};
  // Skip listening first (the scan already saw the port stay silent).
  bool skip_null = false;
};

struct ProbeExchange {
  std::string probe;  // "NULL", "GetRequest", ...
  bool tls = false;
  std::string sent;      // raw bytes
  std::string received;  // raw bytes
  std::string error;
};

struct Identification {
  std::uint16_t port = 0;
  std::optional<ServiceMatch> match;  // hard match, else a softmatch (match->soft)
  bool tls = false;                   // identified inside TLS
  std::vector<ProbeExchange> exchanges;

  // "http", or "ssl/http" inside TLS; "" when nothing matched.
  std::string ServiceName() const;
  // Evidence JSON: match fields and every exchange (escaped text + base64).
  nlohmann::json ToJson() const;
};

Identification IdentifyService(const ServiceProbes& probes, const std::string& host,
                               std::uint16_t port, const IdentifyOptions& options);

// The version of an identified CPE as NVD ranges can compare it: the first
// word ("1.30 26oct2018" → "1.30", "1.0.49\r\n" → "1.0.49"), when it starts
// with a digit and is not a wildcard guess ("3.X - 4.X" → nullopt).
std::optional<std::string> VersionForMatching(std::string_view version);

// Identifies every open TCP port of `scan` (up to 8 at a time), in port
// order. A port whose scan banner is an HTTP answer to the scanner's HEAD
// stayed silent on connect, so its NULL probe is skipped.
std::vector<Identification> IdentifyOpenPorts(const ServiceProbes& probes,
                                              const net::ScanReport& scan,
                                              const IdentifyOptions& options);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_SERVICE_PROBES_IDENTIFY_H_
