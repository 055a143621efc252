#include "web/language.h"

#include <gtest/gtest.h>

namespace iotmark::web {
namespace {

TEST(ChooseLanguage, JapaneseByDefault) {
  EXPECT_EQ(ChooseLanguage("", ""), Language::kJapanese);
  EXPECT_EQ(ChooseLanguage("fr", "de-DE,fr;q=0.5"), Language::kJapanese);
}

TEST(ChooseLanguage, QueryWins) {
  EXPECT_EQ(ChooseLanguage("en", "ja"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("ja", "en-US"), Language::kJapanese);
  EXPECT_EQ(ChooseLanguage("EN", ""), Language::kEnglish);
}

TEST(ChooseLanguage, AcceptLanguageByQuality) {
  EXPECT_EQ(ChooseLanguage("", "en-GB,en;q=0.9"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("", "en;q=0.5, ja;q=0.8"), Language::kJapanese);
  EXPECT_EQ(ChooseLanguage("", "ja;q=0.2, en-US;q=0.7"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("", "en;q=0"), Language::kJapanese);
  // Malformed q-values count as 0, never as a crash.
  EXPECT_EQ(ChooseLanguage("", "en;q=abc"), Language::kJapanese);
  EXPECT_EQ(ChooseLanguage("", ";;;,,,"), Language::kJapanese);
}

TEST(LanguageCode, IsTheHtmlLangValue) {
  EXPECT_EQ(LanguageCode(Language::kJapanese), "ja");
  EXPECT_EQ(LanguageCode(Language::kEnglish), "en");
}

}  // namespace
}  // namespace iotmark::web
