// Typed access to the fields of a parsed YAML node, for the pack parser.
//
// Every accessor takes the JSON-style path of the field it reads
// ("requirements[3].na_allowed") and, on failure, returns a Status whose
// message is "<file>:<line>:<column>: <path>: <what is wrong>", with the line
// of the offending node (or of the enclosing mapping when a field is missing).
// A NodeReader holds only the file name; it is cheap and not thread-bound.
#ifndef IOTMARK_CATALOG_NODE_READER_H_
#define IOTMARK_CATALOG_NODE_READER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::catalog {

class NodeReader {
 public:
  explicit NodeReader(std::string file_name) : file_name_(std::move(file_name)) {}

  const std::string& file_name() const { return file_name_; }

  // An error located at `node` (or the file when the node has no mark).
  Status Error(const YAML::Node& node, std::string_view path, std::string_view message) const;

  Status ExpectMap(const YAML::Node& node, std::string_view path) const;
  Status ExpectSequence(const YAML::Node& node, std::string_view path) const;
  // Refuses keys not in `allowed` (catches misspelt field names).
  Status ExpectOnlyKeys(const YAML::Node& map, std::string_view path,
                        std::initializer_list<std::string_view> allowed) const;

  // A non-empty string field.
  Status RequiredString(const YAML::Node& map, std::string_view path, const char* key,
                        std::string* out) const;
  // A string field that may be absent (left unchanged) or empty.
  Status OptionalString(const YAML::Node& map, std::string_view path, const char* key,
                        std::string* out) const;
  Status RequiredBool(const YAML::Node& map, std::string_view path, const char* key,
                      bool* out) const;
  Status OptionalBool(const YAML::Node& map, std::string_view path, const char* key,
                      bool* out) const;
  Status RequiredInteger(const YAML::Node& map, std::string_view path, const char* key,
                         std::int64_t minimum, std::int64_t maximum, std::int64_t* out) const;
  // A list of strings; absent leaves `out` unchanged.
  Status OptionalStringList(const YAML::Node& map, std::string_view path, const char* key,
                            std::vector<std::string>* out) const;
  // Checks that a string already read is one of `values`.
  Status ExpectOneOf(const YAML::Node& map, std::string_view path, const char* key,
                     const std::string& value,
                     std::initializer_list<std::string_view> values) const;

  static std::string Join(std::string_view path, std::string_view key);
  static std::string Index(std::string_view path, std::size_t index);

 private:
  std::string file_name_;
};

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_NODE_READER_H_
