// Address checks shared by the scanner, the device tests and the simulated
// device: iotmark talks to loopback unless a person explicitly authorises a
// device elsewhere (docs/target-format.md). Pure text checks: nothing here
// resolves a name or opens a socket.
#ifndef IOTMARK_NET_ADDRESS_H_
#define IOTMARK_NET_ADDRESS_H_

#include <string>
#include <string_view>

namespace iotmark::net {

// True for an IP literal in 127.0.0.0/8 or ::1 (and ::ffff:127.x.y.z).
// Names (e.g. "localhost") and malformed text are false.
bool IsLoopbackAddress(std::string_view address);

// True when `address` is a valid IPv4 or IPv6 literal. An IPv6 literal may
// carry a zone ("fe80::1%eth0"); brackets are not part of a literal.
bool IsIpLiteral(std::string_view address);
bool IsIpv6Literal(std::string_view address);

// True for an IP literal that is globally routable on the Internet: not
// loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
// (169.254/16, fe80::/10), shared CGNAT (100.64/10), documentation or
// benchmarking ranges, multicast, unspecified or reserved. IPv4-mapped IPv6
// follows the IPv4 rule. False for names and malformed text.
bool IsGloballyRoutable(std::string_view address);

// Checks `host` as a target file writes it: an IP literal (IPv6 with an
// optional %zone) or a DNS host name (RFC 1123 labels, at most 253 bytes).
// Returns "" when valid, else what is wrong. Never resolves the name.
std::string HostSyntaxError(std::string_view host);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_ADDRESS_H_
