#include "vulndb/version.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace iotmark::vulndb {
namespace {

struct Token {
  bool numeric = false;
  std::string text;  // digits without leading zeros, or a lowercase word
};

std::vector<Token> Tokenize(std::string_view version) {
  std::vector<Token> tokens;
  std::size_t index = 0;
  while (index < version.size()) {
    unsigned char c = static_cast<unsigned char>(version[index]);
    if (std::isdigit(c)) {
      std::size_t end = index;
      while (end < version.size() && std::isdigit(static_cast<unsigned char>(version[end]))) ++end;
      std::string digits(version.substr(index, end - index));
      std::size_t first = digits.find_first_not_of('0');
      tokens.push_back({true, first == std::string::npos ? "0" : digits.substr(first)});
      index = end;
    } else if (std::isalpha(c)) {
      std::size_t end = index;
      std::string word;
      while (end < version.size() && std::isalpha(static_cast<unsigned char>(version[end]))) {
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(version[end]))));
        ++end;
      }
      tokens.push_back({false, word});
      index = end;
    } else {
      ++index;  // separator
    }
  }
  return tokens;
}

int CompareNumbers(const std::string& left, const std::string& right) {
  if (left.size() != right.size()) return left.size() < right.size() ? -1 : 1;
  int order = left.compare(right);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

bool IsPreRelease(const std::string& word) {
  static const char* const kWords[] = {"alpha", "a",   "beta",     "b",      "rc",
                                       "pre",   "dev", "snapshot", "preview"};
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&word](const char* known) { return word == known; });
}

// Sign of (longer - shorter) decided by the first extra token of the longer.
int ExtraTokenSign(const Token& token) {
  if (token.numeric) return 1;
  return IsPreRelease(token.text) ? -1 : 1;
}

}  // namespace

int CompareVersions(std::string_view left, std::string_view right) {
  std::vector<Token> a = Tokenize(left);
  std::vector<Token> b = Tokenize(right);
  std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (a[i].numeric && b[i].numeric) {
      int order = CompareNumbers(a[i].text, b[i].text);
      if (order != 0) return order;
    } else if (a[i].numeric != b[i].numeric) {
      return a[i].numeric ? 1 : -1;
    } else {
      int order = a[i].text.compare(b[i].text);
      if (order != 0) return order < 0 ? -1 : 1;
    }
  }
  if (a.size() > b.size()) return ExtraTokenSign(a[common]);
  if (b.size() > a.size()) return -ExtraTokenSign(b[common]);
  return 0;
}

}  // namespace iotmark::vulndb
