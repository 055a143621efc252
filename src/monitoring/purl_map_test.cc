#include "monitoring/purl_map.h"

#include <gtest/gtest.h>

namespace iotmark::monitoring {
namespace {

TEST(PurlTest, ParsesTypeNamespaceNameVersion) {
  auto purl = ParsePurl("pkg:deb/debian/openssl@1:3.0.11-1~deb12u2?arch=arm64");
  ASSERT_TRUE(purl.ok()) << purl.status().ToString();
  EXPECT_EQ(purl->type, "deb");
  EXPECT_EQ(purl->namespace_, "debian");
  EXPECT_EQ(purl->name, "openssl");
  EXPECT_EQ(purl->version, "1:3.0.11-1~deb12u2");
  EXPECT_EQ(UpstreamVersion(*purl), "3.0.11");
  auto scoped = ParsePurl("pkg:npm/%40angular/core@12.0.0");
  ASSERT_TRUE(scoped.ok());
  EXPECT_EQ(scoped->namespace_, "@angular");
  EXPECT_EQ(scoped->name, "core");
  auto alpine = ParsePurl("pkg:alpine/openssl@3.0.4-r0");
  ASSERT_TRUE(alpine.ok());
  EXPECT_EQ(UpstreamVersion(*alpine), "3.0.4");
  auto npm = ParsePurl("pkg:npm/xlsx@0.16.6-1");
  ASSERT_TRUE(npm.ok());
  EXPECT_EQ(UpstreamVersion(*npm), "0.16.6-1");  // only distribution revisions are stripped
  EXPECT_FALSE(ParsePurl("npm/xlsx@1").ok());
  EXPECT_FALSE(ParsePurl("pkg:npm").ok());
}

TEST(PurlMapTest, BuiltInTableMapsWithoutGuessing) {
  const PurlMap& map = PurlMap::BuiltIn();
  EXPECT_GT(map.size(), 30u);
  auto openssl = map.Lookup(*ParsePurl("pkg:alpine/openssl@3.0.4"));
  ASSERT_TRUE(openssl.has_value());
  EXPECT_EQ(openssl->vendor, "openssl");
  EXPECT_EQ(openssl->product, "openssl");
  auto webjar = map.Lookup(*ParsePurl("pkg:maven/org.webjars.npm/xlsx@0.16.6"));
  ASSERT_TRUE(webjar.has_value());
  EXPECT_EQ(webjar->vendor, "sheetjs_project");
  // An npm package that happens to be called "openssl" is not OpenSSL.
  EXPECT_FALSE(map.Lookup(*ParsePurl("pkg:npm/openssl@1.0.0")).has_value());
  EXPECT_FALSE(map.Lookup(*ParsePurl("pkg:maven/com.example/xlsx@1")).has_value());
}

TEST(PurlMapTest, BadLinesNameSourceAndLine) {
  auto map = PurlMap::Parse("# comment\nnpm - xlsx\n", "map.tsv");
  ASSERT_FALSE(map.ok());
  EXPECT_NE(map.status().message().find("map.tsv:2:"), std::string::npos);
  EXPECT_FALSE(PurlMap::Parse("npm - xlsx sheetjs\n", "m").ok());
}

}  // namespace
}  // namespace iotmark::monitoring
