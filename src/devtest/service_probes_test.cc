#include "devtest/service_probes.h"

#include <gtest/gtest.h>

namespace iotmark::devtest {
namespace {

TEST(ServiceProbesTest, ParsesEveryProbeAndMatchesLikeNmap) {
  const char* text =
      "Probe TCP NULL q||\n"
      "match ftp m|^220 \\(vsFTPd ([-.\\w]+)\\)\\r\\n| p/vsftpd/ v/$1/ o/Unix/ "
      "cpe:/a:vsftpd:vsftpd:$1/\n"
      "softmatch ftp m|^220 |\n"
      "match telnet m|^ACME Telnetd (\\d[\\d.]*)|i p/ACME telnetd/ v/$1/ cpe:/a:acme:telnetd:$1/a\n"
      "Probe TCP GetRequest q|GET / HTTP/1.0\\r\\n\\r\\n|\n"
      "match http m|^HTTP/1\\.0 200| p/not null/\n";
  auto probes = ServiceProbes::Parse(text);
  ASSERT_TRUE(probes.ok()) << probes.status().ToString();
  EXPECT_EQ(probes->size(), 4u);  // match and softmatch lines of both probes
  EXPECT_EQ(probes->probe_count(), 2u);
  ASSERT_NE(probes->Find("GetRequest"), nullptr);
  EXPECT_EQ(probes->Find("GetRequest")->payload, "GET / HTTP/1.0\r\n\r\n");
  auto ftp = probes->Match("220 (vsFTPd 2.3.4)\r\n");
  ASSERT_TRUE(ftp.has_value());
  EXPECT_EQ(ftp->product, "vsftpd");
  EXPECT_EQ(ftp->version, "2.3.4");
  ASSERT_EQ(ftp->cpes.size(), 1u);
  EXPECT_EQ(ftp->cpes[0], "cpe:/a:vsftpd:vsftpd:2.3.4");
  auto telnet = probes->Match("acme telnetd 1.2 (ABC-100)\r\n");
  ASSERT_TRUE(telnet.has_value());
  EXPECT_EQ(telnet->cpes[0], "cpe:/a:acme:telnetd:1.2");
  // An HTTP reply matches only as the answer to GetRequest, not to NULL.
  EXPECT_FALSE(probes->Match("HTTP/1.0 200 OK\r\n").has_value());
  auto http = probes->Match("HTTP/1.0 200 OK\r\n", "GetRequest");
  ASSERT_TRUE(http.has_value());
  EXPECT_EQ(http->product, "not null");
  auto soft = probes->Match("220 something\r\n");
  ASSERT_TRUE(soft.has_value());
  EXPECT_TRUE(soft->soft);
  EXPECT_FALSE(ServiceProbes::Parse("match x m|a|\n").ok());
}

TEST(ServiceProbesTest, RealNmapDataIdentifiesVsftpd) {
  auto probes = ServiceProbes::Load(kNmapServiceProbesPath);
  if (!probes.ok()) GTEST_SKIP() << "nmap-common not installed: " << probes.status().message();
  EXPECT_GT(probes->size(), 1000u);
  auto match = probes->Match("220 (vsFTPd 3.0.5)\r\n");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->product, "vsftpd");
  EXPECT_EQ(match->version, "3.0.5");
  ASSERT_FALSE(match->cpes.empty());
  EXPECT_EQ(match->cpes[0], "cpe:/a:vsftpd:vsftpd:3.0.5");
  EXPECT_FALSE(probes->Match("nothing anybody would recognise 12345").has_value());
}

}  // namespace
}  // namespace iotmark::devtest
