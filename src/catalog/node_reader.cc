#include "catalog/node_reader.h"

#include <algorithm>

namespace iotmark::catalog {
namespace {

std::string_view KindName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

}  // namespace

std::string NodeReader::Join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

std::string NodeReader::Index(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

Status NodeReader::Error(const YAML::Node& node, std::string_view path,
                         std::string_view message) const {
  std::string where = file_name_;
  if (node.IsDefined()) {
    YAML::Mark mark = node.Mark();
    if (!mark.is_null()) {
      where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
  }
  std::string text = where + ": ";
  if (!path.empty()) text += std::string(path) + ": ";
  text += message;
  return Status::InvalidArgument(std::move(text));
}

Status NodeReader::ExpectMap(const YAML::Node& node, std::string_view path) const {
  if (node.IsMap()) return Status::Ok();
  return Error(node, path, "expected a mapping (key: value), found " + std::string(KindName(node)));
}

Status NodeReader::ExpectSequence(const YAML::Node& node, std::string_view path) const {
  if (node.IsSequence()) return Status::Ok();
  return Error(node, path, "expected a list, found " + std::string(KindName(node)));
}

Status NodeReader::ExpectOnlyKeys(const YAML::Node& map, std::string_view path,
                                  std::initializer_list<std::string_view> allowed) const {
  std::vector<std::string> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) return Error(key, path, "a key must be a plain string");
    const std::string& name = key.Scalar();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return Error(key, Join(path, name), "field given twice");
    }
    seen.push_back(name);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string known;
      for (std::string_view field : allowed) {
        if (!known.empty()) known += ", ";
        known += field;
      }
      return Error(key, Join(path, name), "unknown field (known fields: " + known + ")");
    }
  }
  return Status::Ok();
}

Status NodeReader::RequiredString(const YAML::Node& map, std::string_view path, const char* key,
                                  std::string* out) const {
  const YAML::Node& node = map[key];
  std::string field = Join(path, key);
  if (!node.IsDefined()) return Error(map, field, "required field is missing");
  if (node.IsNull()) return Error(node, field, "required field is empty");
  if (!node.IsScalar()) {
    return Error(node, field, "expected a string, found " + std::string(KindName(node)));
  }
  std::string value = node.Scalar();
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error(node, field, "required field is empty");
  }
  *out = std::move(value);
  return Status::Ok();
}

Status NodeReader::OptionalString(const YAML::Node& map, std::string_view path, const char* key,
                                  std::string* out) const {
  const YAML::Node& node = map[key];
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  if (!node.IsScalar()) {
    return Error(node, Join(path, key), "expected a string, found " + std::string(KindName(node)));
  }
  *out = node.Scalar();
  return Status::Ok();
}

Status NodeReader::RequiredBool(const YAML::Node& map, std::string_view path, const char* key,
                                bool* out) const {
  if (!map[key].IsDefined()) return Error(map, Join(path, key), "required field is missing");
  return OptionalBool(map, path, key, out);
}

Status NodeReader::OptionalBool(const YAML::Node& map, std::string_view path, const char* key,
                                bool* out) const {
  const YAML::Node& node = map[key];
  if (!node.IsDefined()) return Status::Ok();
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    return Error(node, Join(path, key), "expected true or false");
  }
  *out = value;
  return Status::Ok();
}

Status NodeReader::RequiredInteger(const YAML::Node& map, std::string_view path, const char* key,
                                   std::int64_t minimum, std::int64_t maximum,
                                   std::int64_t* out) const {
  const YAML::Node& node = map[key];
  std::string field = Join(path, key);
  if (!node.IsDefined()) return Error(map, field, "required field is missing");
  std::int64_t value = 0;
  if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
    return Error(node, field, "expected an integer");
  }
  if (value < minimum || value > maximum) {
    return Error(node, field,
                 "value " + std::to_string(value) + " is outside " + std::to_string(minimum) +
                     ".." + std::to_string(maximum));
  }
  *out = value;
  return Status::Ok();
}

Status NodeReader::OptionalStringList(const YAML::Node& map, std::string_view path, const char* key,
                                      std::vector<std::string>* out) const {
  const YAML::Node& node = map[key];
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  std::string field = Join(path, key);
  IOTMARK_RETURN_IF_ERROR(ExpectSequence(node, field));
  std::vector<std::string> values;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& item = node[i];
    if (!item.IsScalar() || item.Scalar().empty()) {
      return Error(item, Index(field, i), "expected a non-empty string");
    }
    values.push_back(item.Scalar());
  }
  *out = std::move(values);
  return Status::Ok();
}

Status NodeReader::ExpectOneOf(const YAML::Node& map, std::string_view path, const char* key,
                               const std::string& value,
                               std::initializer_list<std::string_view> values) const {
  if (std::find(values.begin(), values.end(), value) != values.end()) return Status::Ok();
  std::string known;
  for (std::string_view allowed : values) {
    if (!known.empty()) known += ", ";
    known += allowed;
  }
  const YAML::Node& node = map[key];
  return Error(node.IsDefined() ? node : map, Join(path, key),
               "\"" + value + "\" is not one of: " + known);
}

}  // namespace iotmark::catalog
