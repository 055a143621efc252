// The language a page is rendered in: Japanese by default, English when the
// request asks for it with ?lang=en or prefers it in Accept-Language.
#ifndef IOTMARK_WEB_LANGUAGE_H_
#define IOTMARK_WEB_LANGUAGE_H_

#include <string_view>

namespace iotmark::web {

enum class Language { kJapanese, kEnglish };

// "ja" or "en" (the value of <html lang>).
std::string_view LanguageCode(Language language);

// `query_lang` is the ?lang= value (may be empty); it wins when it is "ja" or
// "en". Otherwise the Accept-Language header decides by q-value between ja and
// en (ties and anything unknown → Japanese).
Language ChooseLanguage(std::string_view query_lang, std::string_view accept_language);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_LANGUAGE_H_
