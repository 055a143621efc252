// Banner → product, version and CPE, using nmap's service fingerprint data
// (/usr/share/nmap/nmap-service-probes from Debian's nmap-common).
//
// Only the `match` lines of the NULL probe are used: they describe what a
// service says on connect before the client sends anything, which is what
// the port scanner's banner grab records. Each line's regex (PCRE) is
// compiled lazily with std::regex (ECMAScript); a line whose regex std::regex
// cannot handle is skipped. Lines whose pattern starts with a literal prefix
// are skipped cheaply when the banner does not start with it. `softmatch`
// lines are ignored (they give no version).
#ifndef IOTMARK_DEVTEST_SERVICE_PROBES_H_
#define IOTMARK_DEVTEST_SERVICE_PROBES_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::devtest {

inline constexpr const char* kNmapServiceProbesPath = "/usr/share/nmap/nmap-service-probes";

struct ServiceMatch {
  std::string service;            // "ftp"
  std::string product;            // "vsftpd"
  std::string version;            // "2.3.4" (may be empty)
  std::vector<std::string> cpes;  // "cpe:/a:vsftpd:vsftpd:2.3.4"
  int line = 0;                   // line in nmap-service-probes
};

class ServiceProbes {
 public:
  // kIoError when the file is missing; kParseError when it has no NULL probe.
  static Result<ServiceProbes> Load(const std::filesystem::path& path);
  static Result<ServiceProbes> Parse(const std::string& text);

  ServiceProbes(ServiceProbes&&) noexcept;
  ServiceProbes& operator=(ServiceProbes&&) noexcept;
  ~ServiceProbes();

  // The first matching line (file order), or nullopt.
  std::optional<ServiceMatch> Match(const std::string& banner) const;
  std::size_t size() const;

 private:
  struct Rule;
  ServiceProbes();
  std::vector<std::unique_ptr<Rule>> rules_;
};

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_SERVICE_PROBES_H_
