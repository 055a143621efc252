#include "common/utf8.h"

#include <gtest/gtest.h>

namespace iotmark {
namespace {

TEST(Utf8Test, AcceptsJapaneseAndAscii) {
  EXPECT_FALSE(FindInvalidUtf8("適合ラベル S1.1-04 ★1").has_value());
  EXPECT_FALSE(FindInvalidUtf8("").has_value());
}

TEST(Utf8Test, FindsFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8(std::string("ab\xff" "cd")), 2u);
  EXPECT_EQ(FindInvalidUtf8(std::string("\xc0\xaf")), 0u);           // overlong '/'
  EXPECT_EQ(FindInvalidUtf8(std::string("x\xed\xa0\x80")), 1u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8(std::string("\xe3\x81")), 0u);           // truncated
  EXPECT_EQ(FindInvalidUtf8(std::string("\xf4\x90\x80\x80")), 0u);   // > U+10FFFF
}

TEST(Utf8Test, PositionCountsLines) {
  auto position = PositionOfOffset("ab\ncd\nef", 7);
  EXPECT_EQ(position.line, 3u);
  EXPECT_EQ(position.column, 2u);
}

TEST(Utf8Test, FindsControlCharactersYamlForbids) {
  EXPECT_FALSE(FindYamlControlCharacter("a:\tb\r\n- 日本語\n").has_value());
  EXPECT_EQ(FindYamlControlCharacter(std::string_view("ab\0c", 4)), 2u);
  EXPECT_EQ(FindYamlControlCharacter("x\x01"), 1u);
  EXPECT_EQ(FindYamlControlCharacter("\x7f"), 0u);
}

}  // namespace
}  // namespace iotmark
