#include "web/atom_feed.h"

#include <expat.h>
#include <gtest/gtest.h>

namespace iotmark::web {
namespace {

// Parses `xml` with expat; returns "" when well-formed, else the error.
std::string WellFormedError(const std::string& xml) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  std::string error;
  if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
    error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
            std::to_string(XML_GetCurrentLineNumber(parser));
  }
  XML_ParserFree(parser);
  return error;
}

AtomFeed HostileFeed() {
  AtomFeed feed;
  feed.id = "urn:iotmark:label:JC1-1";
  feed.title = "防犯カメラ <script>&\"'";
  feed.self_url = "http://127.0.0.1:8080/labels/JC1-1/feed.atom?a=1&b=2";
  feed.alternate_url = "http://127.0.0.1:8080/labels/JC1-1";
  feed.entries.push_back({"urn:1", "取消し\x01\x02 ]]> <b>", "2026-05-01T00:00:00Z",
                          std::string("bad utf-8 \xff\xfe and NUL ") + '\0' + " end",
                          "http://127.0.0.1:8080/x?y=1&z=2"});
  feed.entries.push_back({"urn:0", "older", "2026-04-01T00:00:00Z", "", ""});
  return feed;
}

TEST(AtomFeed, HostileTextGivesAWellFormedDocument) {
  const std::string xml = RenderAtomFeed(HostileFeed());
  EXPECT_EQ(WellFormedError(xml), "") << xml;
  EXPECT_NE(xml.find("&lt;script&gt;&amp;&quot;&apos;"), std::string::npos);
  EXPECT_NE(xml.find("?a=1&amp;b=2"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("\xEF\xBF\xBD"), std::string::npos);  // replacement for the bad bytes
}

TEST(AtomFeed, UpdatedIsTheNewestEntryAndEntriesKeepOrder) {
  const std::string xml = RenderAtomFeed(HostileFeed());
  EXPECT_NE(xml.find("<updated>2026-05-01T00:00:00Z</updated>"), std::string::npos);
  EXPECT_LT(xml.find("<id>urn:1</id>"), xml.find("<id>urn:0</id>"));
  EXPECT_NE(xml.find("xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
}

TEST(AtomFeed, EmptyFeedIsValid) {
  AtomFeed feed;
  feed.id = "urn:x";
  feed.title = "t";
  feed.self_url = "http://127.0.0.1/feed.atom";
  const std::string xml = RenderAtomFeed(feed);
  EXPECT_EQ(WellFormedError(xml), "");
  EXPECT_EQ(xml.find("<entry>"), std::string::npos);
}

TEST(XmlEscape, KeepsJapaneseAndTabs) { EXPECT_EQ(XmlEscape("有効\tActive\n"), "有効\tActive\n"); }

}  // namespace
}  // namespace iotmark::web
