#include "net/bytes_text.h"

#include <openssl/evp.h>

#include <vector>

#include "common/utf8.h"

namespace iotmark::net {
namespace {

// Length of the well-formed UTF-8 sequence starting at `text[0]` (2..4), or 0.
std::size_t Utf8SequenceLength(std::string_view text) {
  unsigned char lead = static_cast<unsigned char>(text[0]);
  std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length == 0 || text.size() < length) return 0;
  return FindInvalidUtf8(text.substr(0, length)) ? 0 : length;
}

}  // namespace

std::string EscapeBytes(std::string_view raw, std::size_t max_bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string_view input = raw.substr(0, std::min(raw.size(), max_bytes));
  std::string out;
  out.reserve(input.size());
  for (std::size_t index = 0; index < input.size();) {
    unsigned char c = static_cast<unsigned char>(input[index]);
    if (c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out.push_back(static_cast<char>(c));
      ++index;
      continue;
    }
    if (c >= 0x80) {
      std::size_t length = Utf8SequenceLength(input.substr(index));
      if (length > 0) {
        out.append(input.substr(index, length));
        index += length;
        continue;
      }
    }
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
    ++index;
  }
  return out;
}

std::string Base64Bytes(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(raw.data()),
                                static_cast<int>(raw.size()));
  out.resize(written < 0 ? 0 : static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> out(text.size() / 4 * 3 + 1);
  int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(written);
  // EVP_DecodeBlock counts padding as zero bytes.
  if (!text.empty() && text.back() == '=') --size;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

}  // namespace iotmark::net
