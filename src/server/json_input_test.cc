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
  EXPECT_EQ(body["error"]["field"], "$.email");  // where the error sits (issue 11)
  auto at_top = ParseJsonObject("{\"email\": 1,, }");
  ASSERT_FALSE(at_top.ok());
  EXPECT_EQ(at_top.status().field().rfind("$", 0), 0u) << at_top.status().ToString();
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
  EXPECT_EQ(missing.status().field(), "$.user.email");
  auto note = OptionalString(*parsed, "note");
  ASSERT_TRUE(note.ok());
  EXPECT_FALSE(note->has_value());
}

// Issue 11: values no field can hold are 400 naming the field, never 500, and
// the answer never echoes the value.
nlohmann::json ErrorBodyOf(std::string_view body, int expected_status = 400) {
  auto parsed = ParseJsonObject(body);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return {};
  HttpResponse response = ErrorFromStatus(parsed.status());
  EXPECT_EQ(response.status, expected_status);
  EXPECT_LT(response.body.size(), 400u);
  return nlohmann::json::parse(response.body)["error"];
}

TEST(JsonInputTest, HugeIntegerNamesTheField) {
  std::string body = "{\"email\":" + std::string(100000, '1') + "}";
  auto error = ErrorBodyOf(body);
  EXPECT_EQ(error["code"], "invalid_field");
  EXPECT_EQ(error["field"], "$.email");
  std::string digits400 = "{\"a\":1,\"password\":" + std::string(400, '9') + "}";
  EXPECT_EQ(ErrorBodyOf(digits400)["field"], "$.password");
}

TEST(JsonInputTest, NumberBeyondDoubleRangeNamesTheField) {
  for (std::string number : {"1e400", "1e999999", "-1e400"}) {
    auto error = ErrorBodyOf("{\"password\":" + number + "}");
    EXPECT_EQ(error["code"], "invalid_field") << number;
    EXPECT_EQ(error["field"], "$.password") << number;
  }
  EXPECT_EQ(ErrorBodyOf(R"({"items":[{"x":1},{"n":1e400}]})")["field"], "$.items[1].n");
  // Small and ordinary numbers still parse.
  EXPECT_TRUE(ParseJsonObject(R"({"a":1e-400,"b":-12.5e3,"c":18446744073709551615})").ok());
}

TEST(JsonInputTest, DepthIsBoundedBeforeParsing) {
  std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto error = ErrorBodyOf(deep);
  EXPECT_EQ(error["code"], "invalid_field");
  EXPECT_EQ(error["field"].get<std::string>().rfind("$.a[0]", 0), 0u);
  std::string fine = "{\"a\":" + std::string(60, '[') + std::string(60, ']') + "}";
  EXPECT_TRUE(ParseJsonObject(fine).ok());
}

TEST(JsonInputTest, NulAndDuplicateKeysAreRefused) {
  auto nul = ErrorBodyOf(R"({"email":"a\u0000b"})");
  EXPECT_EQ(nul["code"], "invalid_field");
  EXPECT_EQ(nul["field"], "$.email");
  EXPECT_TRUE(ParseJsonObject(R"({"email":"a\\u0000b"})").ok());  // backslash, then "u0000"
  auto duplicate = ErrorBodyOf(R"({"email":"a","email":"b"})");
  EXPECT_EQ(duplicate["field"], "$.email");
  EXPECT_EQ(ErrorBodyOf(R"({"email":"a","\u0065mail":"b"})")["field"], "$.email");
  EXPECT_TRUE(ParseJsonObject(R"({"a":{"x":1},"b":{"x":2}})").ok());
}

TEST(JsonInputTest, LoneSurrogateAndBadUtf8AreInvalidJsonNamingTheField) {
  auto surrogate = ErrorBodyOf(R"({"name":"\ud800"})");
  EXPECT_EQ(surrogate["code"], "invalid_json");
  EXPECT_EQ(surrogate["field"], "$.name");
  auto utf8 = ErrorBodyOf("{\"name\":\"\xff\xfe\"}");
  EXPECT_EQ(utf8["code"], "invalid_json");
  EXPECT_EQ(utf8["field"], "$.name");
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
