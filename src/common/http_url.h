// The one rule for URLs that vendors give us (disclosure policy, advisory and
// support pages): an absolute http:// or https:// URL with a host, at most
// kMaxHttpUrlBytes, valid UTF-8 without spaces, control characters, quotes or
// angle brackets. Checked at every entry (API, web forms, checklists), so
// "javascript:…" never reaches a page, a feed or a signed record.
#ifndef IOTMARK_COMMON_HTTP_URL_H_
#define IOTMARK_COMMON_HTTP_URL_H_

#include <cstddef>
#include <string_view>

namespace iotmark {

inline constexpr std::size_t kMaxHttpUrlBytes = 2000;

bool IsHttpUrl(std::string_view url);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_HTTP_URL_H_
