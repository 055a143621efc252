// Safe reading of one YAML document for the catalog.
//
// Scheme packs are data that may come from outside, so reading them must not
// crash or hang on hostile input: the text is capped in size, must be valid
// UTF-8, may hold exactly one document, may not use tags (!foo, !!binary:
// refused rather than silently ignored), and may not use anchors or aliases
// (which is what a "billion laughs" bomb needs). Syntax errors come back as a
// Status whose message is "<file>:<line>:<column>: <what>".
#ifndef IOTMARK_CATALOG_YAML_DOCUMENT_H_
#define IOTMARK_CATALOG_YAML_DOCUMENT_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::catalog {

// Parses `text`; `file_name` is only used in messages.
Result<YAML::Node> ParseYamlDocument(std::string_view text, const std::string& file_name);

// Reads and parses `path`, refusing files larger than `max_bytes`.
Result<YAML::Node> LoadYamlDocument(const std::filesystem::path& path, std::uint64_t max_bytes);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_YAML_DOCUMENT_H_
