#include "net/host_pins.h"

#include <map>
#include <mutex>

#include "net/address.h"

namespace iotmark::net {

namespace {

std::mutex& PinsMutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, std::string>& Pins() {
  static auto* pins = new std::map<std::string, std::string>();
  return *pins;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

Status PinHostAddress(const std::string& name, const std::string& address) {
  if (!IsIpLiteral(address)) {
    return Status::InvalidArgument("'" + address + "' is not an IP address");
  }
  std::lock_guard lock(PinsMutex());
  Pins()[Lower(name)] = address;
  return Status::Ok();
}

void ClearHostPins() {
  std::lock_guard lock(PinsMutex());
  Pins().clear();
}

Result<std::string> ConnectAddressFor(const std::string& host) {
  if (IsIpLiteral(host)) return host;
  std::lock_guard lock(PinsMutex());
  auto found = Pins().find(Lower(host));
  if (found == Pins().end()) {
    return Status::InvalidArgument("'" + host +
                                   "' is a host name that devtest run did not resolve and check");
  }
  return found->second;
}

}  // namespace iotmark::net
