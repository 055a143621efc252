#include "common/log_text.h"

#include <gtest/gtest.h>

namespace iotmark {
namespace {

TEST(LogTextTest, EscapesControlQuotesAndInvalidUtf8) {
  EXPECT_EQ(CutForLog("a\"b\\c\nd\te\x01\x7f"), "a\\\"b\\\\c\\nd\\te\\x01\\x7f");
  EXPECT_EQ(CutForLog("/\xff\xfe"), "/\\xff\\xfe");
  EXPECT_EQ(CutForLog("ネット"), "ネット");
  EXPECT_EQ(CutForLog("\xe3\x83"), "\\xe3\\x83");  // half a character
  EXPECT_EQ(CutForLog("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
}

TEST(LogTextTest, CutsAtTheLimitOnACharacterBoundary) {
  EXPECT_EQ(CutForLog(std::string(1000, 'x'), 10), "xxxxxxxxxx…(+990 bytes)");
  // "カ" is 3 bytes: a limit of 4 keeps one character, never half of one.
  EXPECT_EQ(CutForLog("カカ", 4), "カ…(+3 bytes)");
  EXPECT_EQ(CutForLog("short", 10), "short");
}

}  // namespace
}  // namespace iotmark
