#include "server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace iotmark::server {
namespace {

HttpResponse Text(std::string body) {
  HttpResponse response;
  response.body = std::move(body);
  return response;
}

HttpRequest Request(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/v1/labels/{regno}",
                [](HttpRequest& request) { return Text("label " + request.Param("regno")); });
    router_.Add("GET", "/api/v1/labels/search", [](HttpRequest&) { return Text("search"); });
    router_.Add("DELETE", "/api/v1/labels/{regno}", [](HttpRequest&) { return Text("deleted"); });
    router_.Add("POST", "/api/v1/session", [](HttpRequest&) { return Text("login"); });
  }
  Router router_;
};

TEST_F(RouterTest, FillsPathParameters) {
  HttpRequest request = Request("GET", "/api/v1/labels/JCS1-2026-000001-5");
  HttpResponse response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "label JCS1-2026-000001-5");
}

TEST_F(RouterTest, LiteralSegmentWinsOverPlaceholder) {
  HttpRequest request = Request("GET", "/api/v1/labels/search");
  EXPECT_EQ(router_.Dispatch(request).body, "search");
}

TEST_F(RouterTest, UnknownPathIs404WithStableCode) {
  HttpRequest request = Request("GET", "/api/v1/nothing");
  HttpResponse response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 404);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "route_not_found");
}

TEST_F(RouterTest, WrongMethodIs405WithAllowHeader) {
  HttpRequest request = Request("PUT", "/api/v1/labels/X");
  HttpResponse response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "method_not_allowed");
  ASSERT_TRUE(response.Header("Allow"));
  EXPECT_EQ(*response.Header("Allow"), "DELETE, GET, HEAD");
}

TEST_F(RouterTest, HeadIsServedByGet) {
  HttpRequest request = Request("HEAD", "/api/v1/labels/X");
  EXPECT_EQ(router_.Dispatch(request).body, "label X");
}

TEST_F(RouterTest, TrailingSlashAndEmptySegmentsAreIgnored) {
  HttpRequest request = Request("POST", "/api/v1//session/");
  EXPECT_EQ(router_.Dispatch(request).body, "login");
}

TEST(ParseTargetTest, DecodesPathAndQuery) {
  std::string path;
  std::map<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/labels/a%20b?q=%E3%82%AB+x&level=star1&empty", path, query));
  EXPECT_EQ(path, "/labels/a b");
  EXPECT_EQ(query["q"], "\xE3\x82\xAB x");
  EXPECT_EQ(query["level"], "star1");
  EXPECT_EQ(query["empty"], "");
  EXPECT_FALSE(ParseTarget("/bad%2", path, query));
  EXPECT_FALSE(ParseTarget("/bad?x=%zz", path, query));
  EXPECT_FALSE(ParseTarget("http://example.invalid/", path, query));
}

}  // namespace
}  // namespace iotmark::server
