// UTF-8 validation, so bad bytes are reported with their offset instead of
// reaching a parser or a page.
#ifndef IOTMARK_COMMON_UTF8_H_
#define IOTMARK_COMMON_UTF8_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace iotmark {

// Returns the byte offset of the first invalid sequence, or nullopt when `text`
// is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// Returns the byte offset of the first control character that YAML does not
// allow in a stream (YAML 1.2 c-printable: every C0 control but tab, LF and CR,
// and DEL), or nullopt. yaml-cpp does not refuse them: a NUL byte made it
// merge the next byte into a non-UTF-8 key (found by checklist_yaml_fuzz).
std::optional<std::size_t> FindYamlControlCharacter(std::string_view text);

// 1-based line and column (in bytes) of `offset` within `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition PositionOfOffset(std::string_view text, std::size_t offset);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_UTF8_H_
