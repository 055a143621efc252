#include "server/json_input.h"

#include <fmt/format.h>

namespace iotmark::server {

namespace {

Status WrongType(std::string_view path, std::string_view name, std::string_view expected,
                 const nlohmann::json& value) {
  return Status::InvalidArgument(fmt::format("{}: expected {}, got {} / 型が違います",
                                             FieldPath(path, name), expected, JsonTypeName(value)));
}

Status Missing(std::string_view path, std::string_view name) {
  return Status::InvalidArgument(
      fmt::format("{}: required field is missing / 必須項目がありません", FieldPath(path, name)));
}

const nlohmann::json* Member(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::string FieldPath(std::string_view path, std::string_view name) {
  return fmt::format("{}.{}", path, name);
}

std::string_view JsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    return Status::ParseError(fmt::format(
        "$: request body is not valid JSON at byte {} / JSONとして読めません", error.byte));
  }
  if (!value.is_object()) {
    return Status::InvalidArgument(fmt::format(
        "$: expected a JSON object, got {} / JSONオブジェクトが必要です", JsonTypeName(value)));
  }
  return value;
}

Result<std::string> RequiredString(const nlohmann::json& object, std::string_view name,
                                   std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return Missing(path, name);
  if (!member->is_string()) return WrongType(path, name, "a string", *member);
  return member->get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view name, std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return std::optional<std::string>();
  if (!member->is_string()) return WrongType(path, name, "a string", *member);
  return std::optional<std::string>(member->get<std::string>());
}

Result<int64_t> RequiredInteger(const nlohmann::json& object, std::string_view name,
                                std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return Missing(path, name);
  if (!member->is_number_integer()) return WrongType(path, name, "an integer", *member);
  return member->get<int64_t>();
}

Result<std::optional<int64_t>> OptionalInteger(const nlohmann::json& object, std::string_view name,
                                               std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return std::optional<int64_t>();
  if (!member->is_number_integer()) return WrongType(path, name, "an integer", *member);
  return std::optional<int64_t>(member->get<int64_t>());
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view name,
                                         std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return std::optional<bool>();
  if (!member->is_boolean()) return WrongType(path, name, "a boolean", *member);
  return std::optional<bool>(member->get<bool>());
}

Result<nlohmann::json> RequiredObject(const nlohmann::json& object, std::string_view name,
                                      std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return Missing(path, name);
  if (!member->is_object()) return WrongType(path, name, "an object", *member);
  return *member;
}

}  // namespace iotmark::server
