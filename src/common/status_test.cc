#include "common/status.h"

#include <gtest/gtest.h>

namespace iotmark {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return Status::InvalidArgument("odd: " + std::to_string(value));
  return value / 2;
}

Status Chain(int value) {
  IOTMARK_RETURN_IF_ERROR(Half(value).status());
  return Status::Ok();
}

TEST(StatusTest, ResultCarriesValueOrError) {
  EXPECT_EQ(*Half(4), 2);
  Result<int> odd = Half(3);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(odd.status().ToString(), "invalid argument: odd: 3");
}

TEST(StatusTest, ReturnIfErrorPropagates) {
  EXPECT_TRUE(Chain(2).ok());
  EXPECT_EQ(Chain(5).message(), "odd: 5");
  EXPECT_EQ(Chain(5).WithPrefix("file.json").message(), "file.json: odd: 5");
}

TEST(StatusTest, DetailIsDataBesideTheMessage) {
  Status status = Status::InvalidArgument("expected an integer")
                      .WithField("$.items[2].level")
                      .WithRetryAfter(std::chrono::seconds(7));
  EXPECT_EQ(status.message(), "expected an integer");
  EXPECT_EQ(status.field(), "$.items[2].level");
  EXPECT_EQ(status.retry_after(), std::chrono::seconds(7));
  EXPECT_EQ(status.MessageWithField(), "$.items[2].level: expected an integer");
  EXPECT_EQ(status.ToString(), "invalid argument: $.items[2].level: expected an integer");
  // A prefix adds context to the message and keeps the detail.
  Status prefixed = status.WithPrefix("POST /api/v1/products");
  EXPECT_EQ(prefixed.message(), "POST /api/v1/products: expected an integer");
  EXPECT_EQ(prefixed.field(), "$.items[2].level");
  EXPECT_EQ(prefixed.retry_after(), std::chrono::seconds(7));
  // No detail unless set; OK stays OK.
  EXPECT_TRUE(Status::NotFound("x").field().empty());
  EXPECT_FALSE(Status::NotFound("x").retry_after().has_value());
  EXPECT_TRUE(Status::Ok().WithField("$.a").ok());
  EXPECT_TRUE(Status::Ok().WithField("$.a").field().empty());
}

}  // namespace
}  // namespace iotmark
