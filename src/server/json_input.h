// Reads a JSON request body field by field. Every failure is a Status of
// kInvalidArgument (or kParseError for unparseable JSON) whose message starts
// with the JSON path of the field at fault ("$.level: expected an integer"),
// so ErrorFromStatus answers 400 naming the field.
#ifndef IOTMARK_SERVER_JSON_INPUT_H_
#define IOTMARK_SERVER_JSON_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::server {

// Bounds every JSON request body meets before it is parsed (one rule for all
// routes): nesting depth and the length of a number token.
inline constexpr int kMaxJsonDepth = 64;
inline constexpr std::size_t kMaxJsonNumberChars = 64;

// Parses a request body that must be a JSON object. Before parsing, a scan
// over the bytes refuses — with kInvalidArgument naming the field's JSON path
// (→ 400 invalid_field) — what no field can hold: nesting deeper than
// kMaxJsonDepth, a number longer than kMaxJsonNumberChars or beyond a
// double's range (1e400), a NUL character (\u0000) in a string or key, and a
// key repeated within one object. Unparseable JSON (syntax, invalid UTF-8, a
// lone surrogate) is kParseError (→ 400 invalid_json) naming the byte and the
// field where it sits. Messages never quote the body beyond a cut key name.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Only the scan before parsing (the same refusals), for a route that hands
// the raw body to another parser (POST /api/v1/checklists/validate).
Status CheckJsonBody(std::string_view body);

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
