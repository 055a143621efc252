// JSON API request bodies: the shared input layer of every route
// (server/json_input.h): bounded pre-scan, parse, and the typed accessors
// on every member, as route handlers call them.
#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "server/api_error.h"
#include "server/json_input.h"

namespace {
void Visit(const nlohmann::json& object, const std::string& path, int depth) {
  using namespace iotmark::server;
  if (!object.is_object() || depth > 8) return;
  for (const auto& [name, value] : object.items()) {
    (void)RequiredString(object, name, path);
    (void)OptionalString(object, name, path);
    (void)RequiredInteger(object, name, path);
    (void)OptionalInteger(object, name, path);
    (void)OptionalBool(object, name, path);
    auto child = RequiredObject(object, name, path);
    if (child.ok()) Visit(*child, FieldPath(path, name), depth + 1);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iotmark::server;
  auto body = ParseJsonObject(iotmark::fuzz::AsText(data, size));
  if (!body.ok()) {
    HttpResponse response = ErrorFromStatus(body.status());
    if (response.status != 400) std::abort();  // bad input is a 400, never a 5xx
    return 0;
  }
  Visit(*body, "$", 0);
  return 0;
}
