#include "vulndb/cpe.h"

#include <gtest/gtest.h>

#include "vulndb/vendor_aliases.h"

namespace iotmark::vulndb {
namespace {

TEST(CpeTest, ParsesFormattedString) {
  auto cpe = ParseCpe("cpe:2.3:a:vsftpd_project:vsftpd:2.3.4:*:*:*:*:*:*:*");
  ASSERT_TRUE(cpe.ok()) << cpe.status().ToString();
  EXPECT_EQ(cpe->part, "a");
  EXPECT_EQ(cpe->vendor, "vsftpd_project");
  EXPECT_EQ(cpe->product, "vsftpd");
  EXPECT_EQ(cpe->version, "2.3.4");
  EXPECT_EQ(cpe->update, "*");
}

TEST(CpeTest, ParsesUriWithoutVersionAndEscapes) {
  auto cpe = ParseCpe("cpe:/a:VSFTPD:vsftpd");
  ASSERT_TRUE(cpe.ok());
  EXPECT_EQ(cpe->vendor, "vsftpd");
  EXPECT_EQ(cpe->version, "*");
  auto escaped = ParseCpe("cpe:2.3:a:acme:web\\:ui:1.0");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(escaped->product, "web:ui");
}

TEST(CpeTest, RejectsMalformed) {
  EXPECT_FALSE(ParseCpe("vsftpd 2.3.4").ok());
  EXPECT_FALSE(ParseCpe("cpe:2.3:x:a:b:1").ok());
  EXPECT_FALSE(ParseCpe("cpe:2.3:a:vendor").ok());
}

TEST(VendorAliasesTest, BuiltInTableAndSuffixRule) {
  const VendorAliases& aliases = VendorAliases::BuiltIn();
  EXPECT_GT(aliases.size(), 3u);
  EXPECT_TRUE(aliases.Matches("vsftpd", "vsftpd_project"));
  EXPECT_TRUE(aliases.Matches("vsftpd", "beasts"));
  EXPECT_TRUE(aliases.Matches("foo", "foo_project"));
  EXPECT_TRUE(aliases.Matches("thekelleys", "dnsmasq"));
  EXPECT_FALSE(aliases.Matches("vsftpd", "proftpd_project"));
  EXPECT_FALSE(aliases.Matches("foo", "bar"));
}

TEST(VendorAliasesTest, ParseErrorsNameTheLine) {
  auto bad = VendorAliases::Parse("# comment\nonlyone\n", "aliases.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("aliases.tsv:2"), std::string::npos);
  EXPECT_FALSE(VendorAliases::Parse("Upper lower\n", "x").ok());
}

}  // namespace
}  // namespace iotmark::vulndb
