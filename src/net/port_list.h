// Port lists as people write them: "1-1024,8080,8443".
#ifndef IOTMARK_NET_PORT_LIST_H_
#define IOTMARK_NET_PORT_LIST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::net {

// Parses comma-separated ports and ranges (1..65535) into a sorted list
// without duplicates. "" is an empty list; malformed text names the bad item.
Result<std::vector<std::uint16_t>> ParsePortList(std::string_view text);

// The inverse for reports: sorted unique ports as ranges, {"1-1023", "8080"}.
std::vector<std::string> PortRanges(const std::vector<std::uint16_t>& sorted_ports);
// The same joined with ", " ("" for none).
std::string PortRangesText(const std::vector<std::uint16_t>& sorted_ports);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_PORT_LIST_H_
