// UDP protocol probes: what to send to a UDP port so that a listening
// service answers (open) instead of staying silent (open|filtered).
//
// The payloads come from nmap's /usr/share/nmap/nmap-payloads (Debian
// nmap-common), the data `nmap -sU` sends; ports of the default IoT list that
// file lacks (WS-Discovery 3702, BACnet 47808) have built-in payloads below.
// A port may have several payloads; each is sent on every attempt.
#ifndef IOTMARK_NET_UDP_PROBES_H_
#define IOTMARK_NET_UDP_PROBES_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::net {

inline constexpr const char* kNmapPayloadsPath = "/usr/share/nmap/nmap-payloads";

// One UDP service IoT products commonly expose, scanned by default.
struct UdpService {
  std::uint16_t port;
  const char* name;      // "dns", "coap", ...
  const char* protocol;  // what the probe asks, for the report
};

// The documented default UDP list (docs/target-format.md): 53 DNS, 67 DHCP,
// 69 TFTP, 123 NTP, 137 NetBIOS-NS, 161 SNMP, 500 IKE, 1900 SSDP,
// 3702 WS-Discovery, 5353 mDNS, 5683 CoAP, 47808 BACnet/IP.
const std::vector<UdpService>& DefaultUdpServices();
std::vector<std::uint16_t> DefaultUdpPorts();
// The service name of a default port, "" for others.
std::string UdpServiceName(std::uint16_t port);

// Payloads per port, and where each came from ("nmap-payloads:43", "built-in").
struct UdpPayloads {
  std::map<std::uint16_t, std::vector<std::string>> by_port;
  std::map<std::uint16_t, std::vector<std::string>> sources;
  const std::vector<std::string>* For(std::uint16_t port) const;
};

// Parses nmap-payloads text (entries "udp PORTS "quoted" "strings"…", # comments,
// \xHH \0 \r \n \t \\ \" escapes, trailing keywords like `source` ignored).
// `source` names the file in messages and in UdpPayloads::sources.
Result<UdpPayloads> ParseNmapPayloads(std::string_view text, const std::string& source);

// nmap-payloads from `path` when readable, plus the built-in payloads for
// every default port it does not cover. Never fails: without the file only
// the built-in probes remain (DNS, NTP, SNMP, SSDP, mDNS, CoAP, WS-Discovery, BACnet).
UdpPayloads LoadUdpPayloads(const std::filesystem::path& path = kNmapPayloadsPath);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_UDP_PROBES_H_
