// The address a host name stands for in this process, fixed once by the
// caller that resolved the name and checked what it resolves to (`devtest
// run`: authorization, public addresses). The device-test clients connect to
// a name only through its pin, so a name is never resolved a second time
// (a later answer could point somewhere nobody checked). Thread-safe.
#ifndef IOTMARK_NET_HOST_PINS_H_
#define IOTMARK_NET_HOST_PINS_H_

#include <string>

#include "common/status.h"

namespace iotmark::net {

// `address` must be an IP literal; a later pin of the same name replaces it.
Status PinHostAddress(const std::string& name, const std::string& address);
void ClearHostPins();

// The literal to connect to for `host`: an IP literal is itself, a pinned
// name its address; any other name is kInvalidArgument (never resolved here).
Result<std::string> ConnectAddressFor(const std::string& host);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_HOST_PINS_H_
