// What a label query means (registry/label_search.h); the indexes that answer
// it are tested against the shared case table in src/persistence.
#include "registry/label_search.h"

#include <gtest/gtest.h>

namespace iotmark::registry {
namespace {

using Terms = std::vector<std::string>;

TEST(LabelSearchTerms, SplitsAtAsciiAndIdeographicSpaceAfterNormalising) {
  EXPECT_EQ(SplitSearchTerms(" 防犯カメラ　ミハル\tx "), (Terms{"防犯カメラ", "ミハル", "x"}));
  EXPECT_TRUE(SplitSearchTerms("　 ").empty());
  EXPECT_EQ(SplitSearchTerms("ＣＡＭ ｶﾒﾗ Ｓａｋｕｒａ"), (Terms{"cam", "カメラ", "sakura"}));
  EXPECT_TRUE(SplitSearchTerms("\u200B").empty());  // only an ignorable
}

TEST(LabelSearchTerms, SortsRegistrationNumbersFromText) {
  LabelQuery query;
  query.text = "jcs1-2026 ＪＣＳ２－２０２６ カメラ JCS";
  query.vendor = "  ";
  const LabelSearchTerms terms = ParseLabelSearch(query);
  EXPECT_EQ(terms.registration_prefixes, (Terms{"JCS1-2026", "JCS2-2026"}));
  EXPECT_EQ(terms.text_terms, (Terms{"カメラ", "jcs"}));
  EXPECT_TRUE(terms.vendor.empty());
  query = {};
  query.vendor = "Sakura  Networks";
  EXPECT_EQ(ParseLabelSearch(query).vendor, "sakura  networks");
  EXPECT_TRUE(ParseLabelSearch(query).has_text());
}

TEST(LabelSearchTerms, AnyBytesAreText) {
  LabelQuery query;
  query.text = std::string("\xFF\xFE\0a", 4);
  const LabelSearchTerms terms = ParseLabelSearch(query);
  ASSERT_EQ(terms.text_terms.size(), 1u);
  EXPECT_EQ(terms.text_terms[0], std::string("\xEF\xBF\xBD\xEF\xBF\xBD\0a", 8));
}

}  // namespace
}  // namespace iotmark::registry
