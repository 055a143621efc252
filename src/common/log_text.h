// Making attacker-controlled text safe to copy into a log line or an error
// message: cut to a bounded size and escaped, so one value can neither make a
// line huge nor forge another line or field.
#ifndef IOTMARK_COMMON_LOG_TEXT_H_
#define IOTMARK_COMMON_LOG_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace iotmark {

inline constexpr std::size_t kLogValueLimit = 256;

// At most `limit` bytes of `text` (never half a UTF-8 character), with
// control characters, DEL, '"' and '\\' written as \n, \t, \xNN, \", \\ and
// every byte of an invalid UTF-8 sequence as \xNN; when cut, "…(+N bytes)"
// follows. The result is valid UTF-8 on one line.
std::string CutForLog(std::string_view text, std::size_t limit = kLogValueLimit);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_LOG_TEXT_H_
