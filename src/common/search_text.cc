#include "common/search_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <unordered_set>

namespace iotmark {
namespace {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD (one per byte
// that cannot start a well-formed sequence).
std::string WellFormed(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t offset = 0;
  const auto size = static_cast<utf8proc_ssize_t>(text.size());
  while (offset < size) {
    utf8proc_int32_t code = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(bytes + offset, size - offset, &code);
    if (length <= 0 || code < 0) {
      out += "\xEF\xBF\xBD";
      ++offset;
    } else {
      out.append(text.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length)));
      offset += length;
    }
  }
  return out;
}

bool AsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool HasAsciiSpace(std::string_view text) {
  for (char c : text) {
    if (AsciiSpace(c)) return true;
  }
  return false;
}

// The byte offsets where code points start, and text.size() last.
std::vector<std::size_t> CodePointStarts(std::string_view text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  return starts;
}

}  // namespace

std::string NormalizeSearchText(std::string_view text) {
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // The fast path: NFKC leaves ASCII alone; case folding is lower-casing.
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  const std::string input = WellFormed(text);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(input.data()),
      static_cast<utf8proc_ssize_t>(input.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  if (length < 0 || mapped == nullptr) {
    // Only out of memory can get here (the input is well-formed).
    std::free(mapped);
    return input;
  }
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
  std::free(mapped);
  return out;
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::vector<std::string> IndexSearchGrams(std::string_view normalized) {
  const std::vector<std::size_t> starts = CodePointStarts(normalized);
  std::vector<std::string> grams;
  std::unordered_set<std::string_view> seen;
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    for (std::size_t n = 1; n <= 3 && k + n < starts.size(); ++n) {
      const std::string_view gram = normalized.substr(starts[k], starts[k + n] - starts[k]);
      if (HasAsciiSpace(gram)) break;
      if (seen.insert(gram).second) grams.emplace_back(gram);
    }
  }
  return grams;
}

std::vector<std::string> QuerySearchGrams(std::string_view normalized_term) {
  std::vector<std::string> grams;
  std::unordered_set<std::string> seen;
  std::size_t begin = 0;
  while (begin < normalized_term.size()) {
    std::size_t end = begin;
    while (end < normalized_term.size() && !AsciiSpace(normalized_term[end])) ++end;
    const std::string_view piece = normalized_term.substr(begin, end - begin);
    const std::vector<std::size_t> starts = CodePointStarts(piece);
    const std::size_t length = starts.size() - 1;
    for (std::size_t k = 0; length > 0 && k + std::min<std::size_t>(3, length) <= length; ++k) {
      const std::size_t n = std::min<std::size_t>(3, length);
      std::string gram(piece.substr(starts[k], starts[k + n] - starts[k]));
      if (seen.insert(gram).second) grams.push_back(std::move(gram));
    }
    begin = end + 1;
  }
  return grams;
}

std::string SearchGramToken(std::string_view gram) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token = "x";
  token.reserve(1 + 2 * gram.size());
  for (unsigned char c : gram) {
    token.push_back(kHex[c >> 4]);
    token.push_back(kHex[c & 0x0F]);
  }
  return token;
}

}  // namespace iotmark
