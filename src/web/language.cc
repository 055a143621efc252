#include "web/language.h"

#include <cctype>
#include <charconv>
#include <string>

namespace iotmark::web {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The q-value of one Accept-Language entry ("en-GB;q=0.8" → 0.8); 1 when absent,
// 0 when malformed.
double QualityOf(std::string_view parameters) {
  std::string_view rest = Trim(parameters);
  if (rest.empty()) return 1.0;
  if (rest.size() < 2 || (rest[0] != 'q' && rest[0] != 'Q') || rest[1] != '=') return 0.0;
  rest.remove_prefix(2);
  // std::from_chars for double is available in GCC 12.
  double quality = 0.0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), quality);
  if (error != std::errc() || end != rest.data() + rest.size()) return 0.0;
  if (quality < 0.0 || quality > 1.0) return 0.0;
  return quality;
}

}  // namespace

std::string_view LanguageCode(Language language) {
  return language == Language::kEnglish ? "en" : "ja";
}

Language ChooseLanguage(std::string_view query_lang, std::string_view accept_language) {
  const std::string query = Lower(Trim(query_lang));
  if (query == "en") return Language::kEnglish;
  if (query == "ja") return Language::kJapanese;
  double best_japanese = -1.0;
  double best_english = -1.0;
  std::string_view header = accept_language;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view entry = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const std::size_t semicolon = entry.find(';');
    const std::string tag = Lower(Trim(entry.substr(0, semicolon)));
    const double quality =
        semicolon == std::string_view::npos ? 1.0 : QualityOf(entry.substr(semicolon + 1));
    const std::string primary = tag.substr(0, tag.find('-'));
    if (primary == "ja" && quality > best_japanese) best_japanese = quality;
    if (primary == "en" && quality > best_english) best_english = quality;
  }
  if (best_english > 0.0 && best_english > best_japanese) return Language::kEnglish;
  return Language::kJapanese;
}

}  // namespace iotmark::web
