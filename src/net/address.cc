#include "net/address.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

namespace iotmark::net {
namespace {

// The literal without an IPv6 zone ("fe80::1%eth0" → "fe80::1").
std::string WithoutZone(std::string_view address) {
  std::size_t percent = address.find('%');
  if (percent == std::string_view::npos) return std::string(address);
  std::string_view zone = address.substr(percent + 1);
  if (zone.empty()) return "";  // "fe80::1%" is malformed
  for (char c : zone) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
      return "";
    }
  }
  return std::string(address.substr(0, percent));
}

bool ParseV4(std::string_view address, unsigned char out[4]) {
  std::string text(address);
  return ::inet_pton(AF_INET, text.c_str(), out) == 1;
}

bool ParseV6(std::string_view address, unsigned char out[16]) {
  std::string text = WithoutZone(address);
  return !text.empty() && ::inet_pton(AF_INET6, text.c_str(), out) == 1;
}

bool InV4(std::uint32_t value, std::uint32_t network, int bits) {
  std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (value & mask) == (network & mask);
}

bool GlobalV4(const unsigned char bytes[4]) {
  std::uint32_t value = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                        (std::uint32_t{bytes[2]} << 8) | bytes[3];
  struct Range {
    std::uint32_t network;
    int bits;
  };
  // IANA IPv4 Special-Purpose Address Registry entries that are not globally reachable.
  static const Range kNotGlobal[] = {
      {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},  {0xA9FE0000, 16},
      {0xAC100000, 12}, {0xC0000000, 24}, {0xC0000200, 24}, {0xC0586300, 24}, {0xC0A80000, 16},
      {0xC6120000, 15}, {0xC6336400, 24}, {0xCB007100, 24}, {0xE0000000, 4},  {0xF0000000, 4},
  };
  for (const Range& range : kNotGlobal) {
    if (InV4(value, range.network, range.bits)) return false;
  }
  return true;
}

}  // namespace

bool IsIpLiteral(std::string_view address) {
  unsigned char buffer[16];
  return ParseV4(address, buffer) || ParseV6(address, buffer);
}

bool IsIpv6Literal(std::string_view address) {
  unsigned char buffer[16];
  return ParseV6(address, buffer);
}

bool IsLoopbackAddress(std::string_view address) {
  unsigned char v4[4];
  if (ParseV4(address, v4)) return v4[0] == 127;
  if (address.find('%') != std::string_view::npos) return false;
  unsigned char v6[16];
  if (!ParseV6(address, v6)) return false;
  static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (std::memcmp(v6, kLoopback, 16) == 0) return true;
  static const unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(v6, kMappedPrefix, 12) == 0 && v6[12] == 127;
}

bool IsGloballyRoutable(std::string_view address) {
  unsigned char v4[4];
  if (ParseV4(address, v4)) return GlobalV4(v4);
  unsigned char v6[16];
  if (!ParseV6(address, v6)) return false;
  static const unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(v6, kMappedPrefix, 12) == 0) return GlobalV4(v6 + 12);
  // Only 2000::/3 is global unicast; inside it, the documentation (2001:db8::/32),
  // IETF protocol assignments (2001::/23, e.g. Teredo, ORCHID) and 6to4 relay
  // anycast are not treated as a device's public address.
  if ((v6[0] & 0xe0) != 0x20) return false;
  if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) return false;
  if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] < 0x02) return false;
  return true;
}

std::string HostSyntaxError(std::string_view host) {
  if (host.empty()) return "is empty";
  if (IsIpLiteral(host)) return "";
  if (host.front() == '[') return "write an IPv6 literal without brackets";
  if (host.find(':') != std::string_view::npos || host.find('%') != std::string_view::npos) {
    return "is not a valid IP literal";
  }
  if (host.size() > 253) return "is longer than 253 characters";
  std::string_view rest = host;
  if (rest.back() == '.') rest.remove_suffix(1);
  bool all_numeric = true;
  while (true) {
    std::size_t dot = rest.find('.');
    std::string_view label = rest.substr(0, dot);
    if (label.empty() || label.size() > 63) return "has an empty or over-long label";
    if (label.front() == '-' || label.back() == '-') return "has a label starting or ending in '-'";
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
        return std::string("contains '") + c + "' (host names use letters, digits, '-' and '.')";
      }
      if (!std::isdigit(static_cast<unsigned char>(c))) all_numeric = false;
    }
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (all_numeric) return "is neither a valid IPv4 literal nor a host name";
  return "";
}

}  // namespace iotmark::net
