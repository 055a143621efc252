#include "server/response_policy.h"

#include <gtest/gtest.h>

namespace iotmark::server {
namespace {

TEST(ResponsePolicyTest, SecurityHeadersOnEveryResponse) {
  HttpResponse response;
  AddSecurityHeaders(response);
  EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.Header("Cache-Control"), "no-store");
  EXPECT_TRUE(response.Header("Content-Security-Policy"));
}

TEST(ResponsePolicyTest, EtagMatchGives304) {
  HttpResponse response;
  response.body = "{\"a\":1}";
  MakeCacheable(response, std::nullopt);
  std::string etag(*response.Header("ETag"));
  EXPECT_EQ(response.Header("Cache-Control"), "public, max-age=60");

  HttpRequest request;
  request.method = "GET";
  request.headers["if-none-match"] = "\"other\", " + etag;
  HttpResponse copy = response;
  ApplyConditionalGet(request, copy);
  EXPECT_EQ(copy.status, 304);
  EXPECT_TRUE(copy.body.empty());

  request.headers["if-none-match"] = "\"other\"";
  copy = response;
  ApplyConditionalGet(request, copy);
  EXPECT_EQ(copy.status, 200);
}

TEST(ResponsePolicyTest, IfModifiedSince) {
  TimePoint modified = std::chrono::system_clock::from_time_t(1'800'000'000);
  HttpResponse response;
  response.body = "x";
  MakeCacheable(response, modified);
  HttpRequest request;
  request.method = "GET";
  request.headers["if-modified-since"] = FormatHttpDate(modified);
  HttpResponse copy = response;
  ApplyConditionalGet(request, copy);
  EXPECT_EQ(copy.status, 304);
  request.headers["if-modified-since"] = FormatHttpDate(modified - std::chrono::seconds(1));
  copy = response;
  ApplyConditionalGet(request, copy);
  EXPECT_EQ(copy.status, 200);
}

TEST(ResponsePolicyTest, PrivateAnswersGetAnEtagButStayUncached) {
  HttpResponse response;
  response.body = R"({"applications":[]})";
  HttpRequest request;
  request.method = "GET";
  HttpResponse first = response;
  ApplyConditionalGet(request, first);
  ASSERT_TRUE(first.Header("ETag").has_value());
  AddSecurityHeaders(first);
  EXPECT_EQ(first.Header("Cache-Control"), "no-store");
  request.headers["if-none-match"] = std::string(*first.Header("ETag"));
  HttpResponse second = response;
  ApplyConditionalGet(request, second);
  EXPECT_EQ(second.status, 304);
  HttpRequest post;
  post.method = "POST";
  HttpResponse posted = response;
  ApplyConditionalGet(post, posted);
  EXPECT_FALSE(posted.Header("ETag").has_value());
}

TEST(ResponsePolicyTest, HttpDateRoundTrip) {
  TimePoint time = std::chrono::system_clock::from_time_t(784111777);
  EXPECT_EQ(FormatHttpDate(time), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), time);
  EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"));
}

}  // namespace
}  // namespace iotmark::server
