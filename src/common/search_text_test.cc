#include "common/search_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace iotmark {
namespace {

TEST(NormalizeSearchTextTest, FullWidthLatinFoldsToAscii) {
  EXPECT_EQ(NormalizeSearchText("ＣＡＭ"), "cam");
  EXPECT_EQ(NormalizeSearchText("Ｓａｋｕｒａ"), "sakura");
  EXPECT_EQ(NormalizeSearchText("ＣＡＭ－３００"), "cam-300");
  EXPECT_EQ(NormalizeSearchText("CAM"), NormalizeSearchText("ＣＡＭ"));
}

TEST(NormalizeSearchTextTest, HalfWidthKatakanaFoldsToFullWidth) {
  EXPECT_EQ(NormalizeSearchText("ｶﾒﾗ"), "カメラ");
  // Voiced marks compose with the preceding kana.
  EXPECT_EQ(NormalizeSearchText("ﾊﾞｯﾃﾘｰ"), "バッテリー");
  EXPECT_EQ(NormalizeSearchText("ﾎﾟｰﾄ"), "ポート");
  EXPECT_EQ(NormalizeSearchText("カメラ"), "カメラ");
}

TEST(NormalizeSearchTextTest, CaseFoldsBeyondAscii) {
  EXPECT_EQ(NormalizeSearchText("Sakura Networks"), "sakura networks");
  EXPECT_EQ(NormalizeSearchText("CAFÉ"), "café");
  EXPECT_EQ(NormalizeSearchText("Straße"), "strasse");
  EXPECT_EQ(NormalizeSearchText("ΣΟΦΙΑ"), NormalizeSearchText("σοφια"));
}

TEST(NormalizeSearchTextTest, ComposesDecomposedAccents) {
  // "e" + COMBINING ACUTE ACCENT reads as "é" (U+00E9), the form typed on a keyboard.
  EXPECT_EQ(NormalizeSearchText("e\xCC\x81"), "\xC3\xA9");
  EXPECT_EQ(NormalizeSearchText("é"), "é");
}

TEST(NormalizeSearchTextTest, CompatibilityCharactersAndSpaces) {
  EXPECT_EQ(NormalizeSearchText("㈱東京電機"), "(株)東京電機");
  EXPECT_EQ(NormalizeSearchText("①"), "1");
  EXPECT_EQ(NormalizeSearchText("ﬁle"), "file");
  EXPECT_EQ(NormalizeSearchText("防犯\u3000カメラ"), "防犯 カメラ");
  // Japanese text in its usual form is left as it is.
  EXPECT_EQ(NormalizeSearchText("冷蔵庫 見守りセンサー"), "冷蔵庫 見守りセンサー");
}

TEST(NormalizeSearchTextTest, DropsDefaultIgnorables) {
  EXPECT_EQ(NormalizeSearchText("ca\u200Bm"), "cam");  // ZERO WIDTH SPACE
  EXPECT_EQ(NormalizeSearchText("ca\u00ADm"), "cam");  // SOFT HYPHEN
}

TEST(NormalizeSearchTextTest, Idempotent) {
  for (const char* text : {"ＣＡＭ", "ｶﾒﾗ", "Straße", "㈱", "e\xCC\x81", "ﾊﾞｯﾃﾘｰ", "İstanbul"}) {
    const std::string once = NormalizeSearchText(text);
    EXPECT_EQ(NormalizeSearchText(once), once) << text;
  }
}

TEST(NormalizeSearchTextTest, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(NormalizeSearchText("A\xFF"
                                "B"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(NormalizeSearchText("\xC3"), "\xEF\xBF\xBD");  // truncated
  EXPECT_EQ(NormalizeSearchText("\xED\xA0\x80"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");                       // surrogate
  EXPECT_EQ(NormalizeSearchText("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(NormalizeSearchText(std::string_view("a\0b", 3)), std::string("a\0b", 3));
  EXPECT_EQ(NormalizeSearchText(""), "");
}

TEST(NormalizeSearchTextTest, AnyByteStringIsAccepted) {
  std::mt19937 random(12);
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 24, '\0');
    for (char& c : text) c = static_cast<char>(random() % 256);
    const std::string normalized = NormalizeSearchText(text);
    // The output is always well-formed, and normalising again keeps it.
    EXPECT_EQ(NormalizeSearchText(normalized), normalized);
    IndexSearchGrams(normalized);
  }
}

TEST(IndexSearchGramsTest, OneTwoAndThreeCharacterGramsWithoutSpaces) {
  EXPECT_EQ(IndexSearchGrams("ab c"), (std::vector<std::string>{"a", "ab", "b", "c"}));
  EXPECT_EQ(IndexSearchGrams("冷蔵庫"),
            (std::vector<std::string>{"冷", "冷蔵", "冷蔵庫", "蔵", "蔵庫", "庫"}));
  EXPECT_EQ(IndexSearchGrams("aaaa"), (std::vector<std::string>{"a", "aa", "aaa"}));
  EXPECT_TRUE(IndexSearchGrams("").empty());
  EXPECT_TRUE(IndexSearchGrams("  ").empty());
}

TEST(QuerySearchGramsTest, ShortTermsWholeLongTermsAsTrigrams) {
  EXPECT_EQ(QuerySearchGrams("冷"), (std::vector<std::string>{"冷"}));
  EXPECT_EQ(QuerySearchGrams("冷蔵"), (std::vector<std::string>{"冷蔵"}));
  EXPECT_EQ(QuerySearchGrams("冷蔵庫"), (std::vector<std::string>{"冷蔵庫"}));
  EXPECT_EQ(QuerySearchGrams("カメラ用"), (std::vector<std::string>{"カメラ", "メラ用"}));
  EXPECT_EQ(QuerySearchGrams("aaaaa"), (std::vector<std::string>{"aaa"}));
  // A vendor filter may hold spaces: each piece on its own.
  EXPECT_EQ(QuerySearchGrams("sakura ne"),
            (std::vector<std::string>{"sak", "aku", "kur", "ura", "ne"}));
  EXPECT_TRUE(QuerySearchGrams("").empty());
  EXPECT_TRUE(QuerySearchGrams(" ").empty());
}

// Whatever the text, every gram a term needs is among the grams of any text
// that contains it (the index never misses a match).
TEST(QuerySearchGramsTest, TermGramsAreIndexGramsOfEveryContainingText) {
  const std::string text = NormalizeSearchText("防犯カメラ ミハル CAM-300 Sakura Networks ｶﾒﾗ");
  const std::vector<std::string> index = IndexSearchGrams(text);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  }
  for (std::size_t a = 0; a < starts.size(); ++a) {
    for (std::size_t b = a + 1; b < starts.size() && b <= a + 8; ++b) {
      const std::string term = text.substr(starts[a], starts[b] - starts[a]);
      for (const std::string& gram : QuerySearchGrams(term)) {
        EXPECT_NE(std::find(index.begin(), index.end(), gram), index.end())
            << "term '" << term << "' gram '" << gram << "'";
      }
    }
  }
}

TEST(SearchGramTokenTest, HexOfTheBytes) {
  EXPECT_EQ(SearchGramToken("冷"), "xe586b7");
  EXPECT_EQ(SearchGramToken("a1"), "x6131");
}

TEST(CodePointCountTest, CountsCodePoints) {
  EXPECT_EQ(CodePointCount("冷蔵"), 2u);
  EXPECT_EQ(CodePointCount("é"), 1u);
  EXPECT_EQ(CodePointCount("cam"), 3u);
}

}  // namespace
}  // namespace iotmark
