#include "net/port_list.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace iotmark::net {
namespace {

bool ParsePort(std::string_view text, int& port) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  return error == std::errc() && end == text.data() + text.size() && port >= 1 && port <= 65535;
}

}  // namespace

Result<std::vector<std::uint16_t>> ParsePortList(std::string_view text) {
  std::vector<std::uint16_t> ports;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    size_t dash = item.find('-');
    int first = 0, last = 0;
    bool ok = dash == std::string_view::npos
                  ? ParsePort(item, first) && ParsePort(item, last)
                  : ParsePort(item.substr(0, dash), first) &&
                        ParsePort(item.substr(dash + 1), last) && first <= last;
    if (!ok) {
      return Status::InvalidArgument("port list '" + std::string(text) + "': bad item '" +
                                     std::string(item) +
                                     "' (ports are 1-65535, ranges A-B with A<=B)");
    }
    for (int port = first; port <= last; ++port) ports.push_back(static_cast<std::uint16_t>(port));
    start = comma + 1;
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

std::vector<std::string> PortRanges(const std::vector<std::uint16_t>& sorted_ports) {
  std::vector<std::string> ranges;
  for (std::size_t i = 0; i < sorted_ports.size();) {
    std::size_t j = i;
    while (j + 1 < sorted_ports.size() && sorted_ports[j + 1] == sorted_ports[j] + 1) ++j;
    ranges.push_back(i == j
                         ? std::to_string(sorted_ports[i])
                         : std::to_string(sorted_ports[i]) + "-" + std::to_string(sorted_ports[j]));
    i = j + 1;
  }
  return ranges;
}

std::string PortRangesText(const std::vector<std::uint16_t>& sorted_ports) {
  std::string text;
  for (const std::string& range : PortRanges(sorted_ports))
    text += (text.empty() ? "" : ", ") + range;
  return text;
}

}  // namespace iotmark::net
