#include "common/http_url.h"

#include "common/utf8.h"

namespace iotmark {

bool IsHttpUrl(std::string_view url) {
  if (url.size() > kMaxHttpUrlBytes || FindInvalidUtf8(url)) return false;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  for (char c : url) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
        c == '`') {
      return false;
    }
  }
  // A host: something before the first '/', '?' or '#', not only a port or userinfo.
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string_view host = authority.substr(authority.rfind('@') + 1);
  return !host.empty() && host.front() != ':';
}

}  // namespace iotmark
