#include "net/scan_json.h"

#include <nlohmann/json.hpp>

#include "net/bytes_text.h"

namespace iotmark::net {

std::string ScanReportToJson(const ScanReport& report) {
  nlohmann::json tcp_ports = nlohmann::json::array();
  for (const PortResult& result : report.tcp) {
    nlohmann::json entry = {{"port", result.port}, {"state", PortStateName(result.state)}};
    if (!result.banner.empty()) {
      entry["banner"] = PrintableBanner(result.banner);
      entry["banner_base64"] = Base64Bytes(result.banner);
    }
    tcp_ports.push_back(entry);
  }
  nlohmann::json udp_ports = nlohmann::json::array();
  for (const PortResult& result : report.udp) {
    nlohmann::json entry = {{"port", result.port}, {"state", PortStateName(result.state)}};
    if (!result.banner.empty()) {
      entry["reply"] = PrintableBanner(result.banner);
      entry["reply_base64"] = Base64Bytes(result.banner);
    }
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
  // Banners are escaped above; `replace` only guards against a future mistake.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace iotmark::net
