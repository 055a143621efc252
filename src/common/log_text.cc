#include "common/log_text.h"

#include <cstdio>

namespace iotmark {

namespace {

// Length of the well-formed UTF-8 sequence at the start of `text`, or 0.
std::size_t Utf8SequenceLength(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2
                                     : lead >= 0xe0 && lead <= 0xef   ? 3
                                     : lead >= 0xf0 && lead <= 0xf4   ? 4
                                                                      : 0;
  if (length == 0 || length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
  }
  if (length == 3) {
    if (lead == 0xe0 && byte(1) < 0xa0) return 0;   // overlong
    if (lead == 0xed && byte(1) >= 0xa0) return 0;  // surrogate
  }
  if (length == 4) {
    if (lead == 0xf0 && byte(1) < 0x90) return 0;   // overlong
    if (lead == 0xf4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
  }
  return length;
}

void AppendHex(std::string& out, unsigned char byte) {
  char hex[5];
  std::snprintf(hex, sizeof hex, "\\x%02x", byte);
  out += hex;
}

}  // namespace

std::string CutForLog(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length = Utf8SequenceLength(text.substr(i));
    std::size_t step = length == 0 ? 1 : length;
    if (i + step > limit) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (length == 0) {
      AppendHex(out, c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      AppendHex(out, c);
    } else {
      out.append(text.substr(i, step));
    }
    i += step;
  }
  if (i < text.size()) out += "…(+" + std::to_string(text.size() - i) + " bytes)";
  return out;
}

}  // namespace iotmark
