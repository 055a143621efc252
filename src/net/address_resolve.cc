#include "net/address_resolve.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>

#include "net/address.h"

namespace iotmark::net {

Result<std::vector<std::string>> ResolveHost(const std::string& host) {
  if (IsIpLiteral(host)) return std::vector<std::string>{host};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int error = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (error != 0) {
    return Status::NotFound("host name '" + host + "' does not resolve: " + gai_strerror(error));
  }
  std::vector<std::string> v4, v6;
  for (addrinfo* entry = found; entry; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    if (entry->ai_family == AF_INET) {
      auto* address = reinterpret_cast<sockaddr_in*>(entry->ai_addr);
      ::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text);
      if (std::find(v4.begin(), v4.end(), text) == v4.end()) v4.push_back(text);
    } else if (entry->ai_family == AF_INET6) {
      auto* address = reinterpret_cast<sockaddr_in6*>(entry->ai_addr);
      ::inet_ntop(AF_INET6, &address->sin6_addr, text, sizeof text);
      if (std::find(v6.begin(), v6.end(), text) == v6.end()) v6.push_back(text);
    }
  }
  ::freeaddrinfo(found);
  v4.insert(v4.end(), v6.begin(), v6.end());
  if (v4.empty()) return Status::NotFound("host name '" + host + "' has no IPv4/IPv6 address");
  return v4;
}

}  // namespace iotmark::net
