#include "devtest/scan_plan.h"

#include <algorithm>
#include <set>

#include "net/udp_probes.h"

namespace iotmark::devtest {

std::uint16_t PortOfUrl(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos || rest.back() == ']') {
    return url.rfind("https", 0) == 0 ? 443 : 80;
  }
  try {
    int port = std::stoi(rest.substr(colon + 1));
    return port >= 1 && port <= 65535 ? static_cast<std::uint16_t>(port) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

ScanPlan PlanScan(const Target& target) {
  std::set<std::uint16_t> tcp, udp;
  if (target.scan.tcp) {
    tcp.insert(target.scan.tcp->begin(), target.scan.tcp->end());
  } else {
    for (int port = 1; port <= 65535; ++port) tcp.insert(static_cast<std::uint16_t>(port));
  }
  std::vector<std::uint16_t> default_udp = net::DefaultUdpPorts();
  if (target.scan.udp) {
    udp.insert(target.scan.udp->begin(), target.scan.udp->end());
  } else {
    udp.insert(default_udp.begin(), default_udp.end());
  }
  if (target.declared_ports) {
    tcp.insert(target.declared_ports->tcp.begin(), target.declared_ports->tcp.end());
    udp.insert(target.declared_ports->udp.begin(), target.declared_ports->udp.end());
  }
  if (target.web) tcp.insert(PortOfUrl(target.web->base_url));
  if (target.tls) tcp.insert(PortOfUrl(target.tls->base_url));
  tcp.erase(0);
  ScanPlan plan;
  plan.tcp_ports.assign(tcp.begin(), tcp.end());
  plan.udp_ports.assign(udp.begin(), udp.end());
  for (int port = 1; port <= 65535; ++port) {
    if (!tcp.count(static_cast<std::uint16_t>(port))) {
      plan.tcp_not_scanned.push_back(static_cast<std::uint16_t>(port));
    }
  }
  for (std::uint16_t port : default_udp) {
    if (!udp.count(port)) plan.udp_not_scanned.push_back(port);
  }
  std::sort(plan.udp_not_scanned.begin(), plan.udp_not_scanned.end());
  return plan;
}

}  // namespace iotmark::devtest
