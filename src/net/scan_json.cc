#include "net/scan_json.h"

#include <nlohmann/json.hpp>

namespace iotmark::net {

std::string ScanReportToJson(const ScanReport& report) {
  nlohmann::json tcp_ports = nlohmann::json::array();
  for (const PortResult& result : report.tcp) {
    nlohmann::json entry = {{"port", result.port}, {"state", PortStateName(result.state)}};
    if (!result.banner.empty()) entry["banner"] = result.banner;
    tcp_ports.push_back(entry);
  }
  nlohmann::json udp_ports = nlohmann::json::array();
  for (const PortResult& result : report.udp) {
    nlohmann::json entry = {{"port", result.port}, {"state", PortStateName(result.state)}};
    if (!result.banner.empty()) entry["reply"] = result.banner;
    udp_ports.push_back(entry);
  }
  nlohmann::json json = {
      {"host", report.host},
      {"seconds", report.seconds},
      {"tcp",
       {{"scanned", report.tcp_scanned},
        {"closed", report.tcp_closed},
        {"timed_out", report.tcp_timed_out},
        {"unreachable", report.tcp_unreachable},
        {"resource_failures", report.tcp_resource_failures},
        {"ports", tcp_ports}}},
      {"udp", udp_ports}};
  // Banners are raw bytes; replace invalid UTF-8 rather than throw.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace iotmark::net
