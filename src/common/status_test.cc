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

}  // namespace
}  // namespace iotmark
