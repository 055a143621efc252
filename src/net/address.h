// Address checks shared by the scanner and the simulated device: iotmark only
// ever talks to loopback unless a person explicitly asks otherwise.
#ifndef IOTMARK_NET_ADDRESS_H_
#define IOTMARK_NET_ADDRESS_H_

#include <string_view>

namespace iotmark::net {

// True for an IP literal in 127.0.0.0/8 or ::1 (and ::ffff:127.x.y.z).
// Names (e.g. "localhost") and malformed text are false.
bool IsLoopbackAddress(std::string_view address);

// True when `address` is a valid IPv4 or IPv6 literal.
bool IsIpLiteral(std::string_view address);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_ADDRESS_H_
