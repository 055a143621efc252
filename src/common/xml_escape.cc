#include "common/xml_escape.h"

#include "common/utf8.h"

namespace iotmark {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  while (!text.empty()) {
    // Replace each invalid UTF-8 sequence by U+FFFD and continue after it.
    const std::optional<std::size_t> bad = FindInvalidUtf8(text);
    const std::string_view valid = text.substr(0, bad.value_or(text.size()));
    for (char c : valid) {
      const unsigned char byte = static_cast<unsigned char>(c);
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') break;  // not allowed in XML
          if (byte == 0x7F) break;
          out.push_back(c);
      }
    }
    if (!bad) break;
    out += "\xEF\xBF\xBD";
    text.remove_prefix(*bad + 1);
  }
  return out;
}

}  // namespace iotmark
