// nmap's service fingerprint data (/usr/share/nmap/nmap-service-probes from
// Debian's nmap-common), read the way `nmap -sV` reads it.
//
// Every `Probe` section is kept: protocol, name, the bytes it sends (q|...|
// with nmap's escapes decoded), `ports`/`sslports`, `rarity`, `totalwaitms`
// and `fallback`, with its `match` and `softmatch` lines. Patterns are PCRE
// and are compiled with PCRE2 (the library nmap itself uses), with nmap's
// flags (i = caseless, s = dot matches newline) and a match limit, lazily on
// first use. Version fields p/ v/ i/ o/ d/ h/ and cpe:/…/ are expanded with
// $1..$9, $P(n) (printable bytes only), $SUBST(n,"a","b") and $I(n,"<"|">").
//
// Matching follows nmap: the reply to probe P is tried against P's lines,
// then the lines of P's fallbacks, then (TCP) the NULL probe's lines; the
// first hard `match` wins; a `softmatch` names the service only and is
// returned when no hard match follows. Thread-compatible: one instance per
// thread (compilation is cached inside).
#ifndef IOTMARK_DEVTEST_SERVICE_PROBES_H_
#define IOTMARK_DEVTEST_SERVICE_PROBES_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace iotmark::devtest {

inline constexpr const char* kNmapServiceProbesPath = "/usr/share/nmap/nmap-service-probes";

struct ServiceMatch {
  std::string service;            // "ftp", "http", "ssh", "ssl"
  std::string product;            // "vsftpd"
  std::string version;            // "2.3.4" (may be empty)
  std::string info;               // i/…/
  std::string os;                 // o/…/
  std::string device;             // d/…/
  std::vector<std::string> cpes;  // "cpe:/a:vsftpd:vsftpd:2.3.4"
  bool soft = false;              // a softmatch line (service only)
  std::string probe;              // the probe whose reply matched ("NULL", "GetRequest")
  int line = 0;                   // line in nmap-service-probes
};

struct ServiceProbe {
  std::string protocol;                                           // "TCP" or "UDP"
  std::string name;                                               // "GetRequest"
  std::string payload;                                            // bytes sent (empty for NULL)
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ports;     // inclusive ranges
  std::vector<std::pair<std::uint16_t, std::uint16_t>> sslports;  // inclusive ranges
  int rarity = 5;
  int total_wait_ms = 5000;
  std::vector<std::string> fallbacks;
  int line = 0;

  bool ListsPort(std::uint16_t port, bool tls) const;
};

class ServiceProbes {
 public:
  // kIoError when the file is missing; kParseError when it has no NULL probe.
  static Result<ServiceProbes> Load(const std::filesystem::path& path);
  static Result<ServiceProbes> Parse(const std::string& text);
  // nmap's file at `path` followed by iotmark's additions
  // (src/devtest/iotmark-service-probes, compiled in): what the device tests use.
  static Result<ServiceProbes> LoadWithIotmarkProbes(const std::filesystem::path& path);

  ServiceProbes(ServiceProbes&&) noexcept;
  ServiceProbes& operator=(ServiceProbes&&) noexcept;
  ~ServiceProbes();

  // nmap's matching of `reply` (raw bytes) to probe `probe_name` (TCP): the
  // first hard match, else the first softmatch, else nullopt.
  std::optional<ServiceMatch> Match(std::string_view reply, std::string_view probe_name = "NULL",
                                    std::string_view protocol = "TCP") const;

  // The TCP probes (NULL excluded) to send to `port`, in nmap's order: probes
  // listing the port (sslports when `tls`) first, then the others by rarity,
  // file order within a rarity; only those with rarity <= max_rarity (nmap's
  // --version-intensity, default 7).
  std::vector<const ServiceProbe*> ProbesFor(std::uint16_t port, bool tls,
                                             int max_rarity = 7) const;
  const ServiceProbe* Find(std::string_view name, std::string_view protocol = "TCP") const;
  // Whether a reply to `probe` (or its fallbacks) can hard-match `service`
  // (nmap sends only such probes once a softmatch named the service).
  bool CanIdentify(const ServiceProbe& probe, std::string_view service) const;

  std::size_t size() const;         // match + softmatch lines
  std::size_t probe_count() const;  // Probe sections

 private:
  struct Rule;
  struct Section;
  ServiceProbes();
  std::optional<ServiceMatch> MatchSection(const Section& section, std::string_view reply,
                                           std::optional<ServiceMatch>& soft) const;
  std::vector<std::unique_ptr<Section>> sections_;
};

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_SERVICE_PROBES_H_
