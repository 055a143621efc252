// Safe parsing of a checklist file (JSON or YAML) into one JSON tree.
//
// Both formats share one schema, so both become the same nlohmann tree and
// everything after parsing is format-blind. Parsing never crashes or hangs on
// hostile input: the text is capped in size, must be valid UTF-8 (the first
// bad byte is reported with its line and column), nesting is capped, YAML
// anchors and aliases (no "billion laughs") and tags (!foo, !!binary) are
// refused, and only one YAML
// document is allowed. Errors are kParseError (or kInvalidArgument for the
// size cap) with the message "<source>:<line>:<column>: <what>".
//
// YAML plain scalars are read as strings, except null/~ (null) and
// true/false (booleans), so `firmware_version: 1.2` stays the string "1.2".
#ifndef IOTMARK_CHECKLIST_DOCUMENT_H_
#define IOTMARK_CHECKLIST_DOCUMENT_H_

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::checklist {

enum class Format { kJson, kYaml };

// ".json" → kJson, ".yaml"/".yml" → kYaml (case-insensitive); else kInvalidArgument.
Result<Format> FormatFromPath(const std::filesystem::path& path);
std::string_view FormatName(Format format);  // "json" / "yaml"

inline constexpr std::uint64_t kMaxDocumentBytes = 16ull << 20;
inline constexpr int kMaxDocumentDepth = 64;
inline constexpr std::size_t kMaxDocumentNodes = 200000;

// Parses `text`; `source_name` (usually the file name) prefixes messages.
Result<nlohmann::ordered_json> ParseDocument(std::string_view text, Format format,
                                             std::string_view source_name);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_DOCUMENT_H_
