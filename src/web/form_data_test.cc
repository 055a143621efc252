#include "web/form_data.h"

#include <gtest/gtest.h>

namespace iotmark::web {
namespace {

TEST(ParseUrlEncoded, DecodesFields) {
  Result<FormFields> form = ParseUrlEncoded("a=1&name=%E3%82%AB+x&empty=&flag");
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->at("a"), "1");
  EXPECT_EQ(form->at("name"), "カ x");
  EXPECT_EQ(form->at("empty"), "");
  EXPECT_EQ(form->at("flag"), "");
}

TEST(ParseUrlEncoded, BadEscapeIsAnErrorNamingTheField) {
  Result<FormFields> form = ParseUrlEncoded("ok=1&bad=%G1");
  ASSERT_FALSE(form.ok());
  EXPECT_NE(form.status().message().find("bad"), std::string::npos);
  EXPECT_FALSE(ParseUrlEncoded("x=%4").ok());
  EXPECT_FALSE(ParseUrlEncoded("x=%").ok());
}

TEST(ParseMultipart, ReadsFieldsAndFiles) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"checklist\"; filename=\"c.json\"\r\n"
      "Content-Type: application/json\r\n\r\n{\"results\":[]}\n\r\n--XyZ--\r\n";
  Result<FormFields> form = ParseFormBody("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->at("csrf_token"), "abc");
  EXPECT_EQ(form->at("checklist"), "{\"results\":[]}\n");
}

TEST(ParseMultipart, TruncatedBodiesAreErrorsNotCrashes) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--XyZ--\r\n";
  for (std::size_t length = 0; length < body.size() - 4; ++length) {
    Result<FormFields> form =
        ParseMultipart("multipart/form-data; boundary=XyZ", body.substr(0, length));
    EXPECT_FALSE(form.ok()) << length;
  }
  EXPECT_FALSE(ParseMultipart("multipart/form-data", body).ok());
}

TEST(ParseCookies, SplitsPairs) {
  const auto cookies = ParseCookies("a=1; iotmark_session=tok; broken; =x");
  EXPECT_EQ(cookies.at("a"), "1");
  EXPECT_EQ(cookies.at("iotmark_session"), "tok");
  EXPECT_FALSE(cookies.contains("broken"));
}

TEST(BuildCookie, HasTheSecureFlags) {
  const std::string cookie = BuildCookie("iotmark_session", "t", 60);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=60"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::web
