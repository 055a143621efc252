// Maps one HTTP request of the simulated device's web UI to its answer.
//
// Independent of Beast so it can be read (and tested) on its own; the server
// translates to and from Beast messages. The surface is the table in
// docs/sim-device-config.md. Uses the DeviceState it is given; not thread-safe.
#ifndef IOTMARK_SIMDEVICE_HTTP_HANDLER_H_
#define IOTMARK_SIMDEVICE_HTTP_HANDLER_H_

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "simdevice/device_state.h"

namespace iotmark::simdevice {

struct DeviceRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query
  std::string authorization;
  std::string cookie;
  std::string content_type;
  std::string accept;
  std::string body;
};

struct DeviceResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // the server waits this long before answering
};

class DeviceHttpHandler {
 public:
  // `on_factory_reset` runs after a reset requested over HTTP (the server
  // regenerates its TLS identity there).
  DeviceHttpHandler(DeviceState& state, std::function<void()> on_factory_reset)
      : state_(state), on_factory_reset_(std::move(on_factory_reset)) {}

  DeviceResponse Handle(const DeviceRequest& request);

 private:
  DeviceResponse HandleLoginGet(const DeviceRequest& request);
  DeviceResponse HandleLoginPost(const DeviceRequest& request);
  DeviceResponse HandleApi(const DeviceRequest& request, const std::string& path);
  DeviceResponse HandleInfo() const;
  DeviceResponse HandleVersion(const DeviceRequest& request) const;

  DeviceState& state_;
  std::function<void()> on_factory_reset_;
};

// "Basic dXNlcjpwYXNz" → {"user", "pass"}; false when not a valid Basic header.
bool ParseBasicAuthorization(const std::string& header, std::string& username,
                             std::string& password);
// Decodes application/x-www-form-urlencoded and returns the value of `name` ("" if absent).
std::string FormField(const std::string& body, const std::string& name);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_HTTP_HANDLER_H_
