#include "net/address.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace iotmark::net {

bool IsIpLiteral(std::string_view address) {
  std::string text(address);
  unsigned char buffer[16];
  return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool IsLoopbackAddress(std::string_view address) {
  std::string text(address);
  unsigned char v4[4];
  if (::inet_pton(AF_INET, text.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (::inet_pton(AF_INET6, text.c_str(), v6) != 1) return false;
  static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (std::memcmp(v6, kLoopback, 16) == 0) return true;
  static const unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(v6, kMappedPrefix, 12) == 0 && v6[12] == 127;
}

}  // namespace iotmark::net
