#include "server/json_input.h"

#include <gtest/gtest.h>

#include "server/api_error.h"

namespace iotmark::server {
namespace {

TEST(JsonInputTest, BadJsonIsParseErrorAt400) {
  auto parsed = ParseJsonObject("{\"email\": ");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kParseError);
  HttpResponse response = ErrorFromStatus(parsed.status());
  EXPECT_EQ(response.status, 400);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "invalid_json");
  EXPECT_EQ(body["error"]["field"], "$");
}

TEST(JsonInputTest, NonObjectIsRefused) {
  auto parsed = ParseJsonObject("[1,2]");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("array"), std::string::npos);
}

TEST(JsonInputTest, WrongTypeNamesTheField) {
  auto parsed = ParseJsonObject(R"({"email": 42, "level": "x", "ok": true})");
  ASSERT_TRUE(parsed.ok());
  auto email = RequiredString(*parsed, "email");
  ASSERT_FALSE(email.ok());
  HttpResponse response = ErrorFromStatus(email.status());
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body["error"]["code"], "invalid_field");
  EXPECT_EQ(body["error"]["field"], "$.email");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("integer"), std::string::npos);

  EXPECT_FALSE(RequiredInteger(*parsed, "level").ok());
  EXPECT_FALSE(OptionalInteger(*parsed, "level").ok());
  auto ok = OptionalBool(*parsed, "ok");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), true);
}

TEST(JsonInputTest, MissingRequiredAndAbsentOptional) {
  auto parsed = ParseJsonObject(R"({"note": null})");
  ASSERT_TRUE(parsed.ok());
  auto missing = RequiredString(*parsed, "email", "$.user");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message().rfind("$.user.email: ", 0), 0u);
  auto note = OptionalString(*parsed, "note");
  ASSERT_TRUE(note.ok());
  EXPECT_FALSE(note->has_value());
}

TEST(ApiErrorTest, MapsStatusCodes) {
  EXPECT_EQ(ErrorFromStatus(Status::NotFound("x")).status, 404);
  EXPECT_EQ(ErrorFromStatus(Status::Unauthenticated("x")).status, 401);
  EXPECT_EQ(ErrorFromStatus(Status::PermissionDenied("x")).status, 403);
  EXPECT_EQ(ErrorFromStatus(Status::FailedPrecondition("x")).status, 409);
  HttpResponse internal = ErrorFromStatus(Status::Internal("secret detail"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("secret detail"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::server
