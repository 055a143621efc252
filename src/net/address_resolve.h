// Name resolution for `devtest run` (kept apart from net/address.h, whose
// checks never touch the network: `devtest plan` and the target parser use
// only that header). getaddrinfo may send DNS queries.
#ifndef IOTMARK_NET_ADDRESS_RESOLVE_H_
#define IOTMARK_NET_ADDRESS_RESOLVE_H_

#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::net {

// The addresses of `host` as literals, IPv4 ones first, without duplicates.
// An IP literal is returned as it is (no lookup). kNotFound when the name
// does not resolve.
Result<std::vector<std::string>> ResolveHost(const std::string& host);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_ADDRESS_RESOLVE_H_
