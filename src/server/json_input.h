// Reads a JSON request body field by field. Every failure is a Status of
// kInvalidArgument (or kParseError for unparseable JSON) whose message starts
// with the JSON path of the field at fault ("$.level: expected an integer"),
// so ErrorFromStatus answers 400 naming the field.
#ifndef IOTMARK_SERVER_JSON_INPUT_H_
#define IOTMARK_SERVER_JSON_INPUT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::server {

// Parses a request body that must be a JSON object.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Accessors on an object `object` found at JSON path `path` ("$" for the body).
// Required* fail when the member is missing or null; Optional* return nullopt
// for a missing or null member and fail only on a wrong type.
Result<std::string> RequiredString(const nlohmann::json& object, std::string_view name,
                                   std::string_view path = "$");
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view name,
                                                  std::string_view path = "$");
Result<int64_t> RequiredInteger(const nlohmann::json& object, std::string_view name,
                                std::string_view path = "$");
Result<std::optional<int64_t>> OptionalInteger(const nlohmann::json& object, std::string_view name,
                                               std::string_view path = "$");
Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view name,
                                         std::string_view path = "$");
Result<nlohmann::json> RequiredObject(const nlohmann::json& object, std::string_view name,
                                      std::string_view path = "$");

// "$.name" from "$" and "name".
std::string FieldPath(std::string_view path, std::string_view name);

// The name of a JSON value's type for messages ("string", "number", …).
std::string_view JsonTypeName(const nlohmann::json& value);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_JSON_INPUT_H_
