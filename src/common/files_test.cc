#include "common/files.h"

#include <gtest/gtest.h>

#include "common/sha256.h"

namespace iotmark {
namespace {

TEST(FilesTest, AtomicWriteThenReadAndHash) {
  auto path = std::filesystem::temp_directory_path() / ("iotmark_files_test_" + std::to_string(::getpid()));
  ASSERT_TRUE(WriteFileAtomic(path, "abc").ok());
  auto contents = ReadFile(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(*contents, "abc");
  EXPECT_EQ(*Sha256File(path), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abc"), *Sha256File(path));
  EXPECT_FALSE(ReadFile(path, 2).ok());
  std::filesystem::remove(path);
  auto missing = ReadFile(path);
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_NE(missing.status().message().find(path.string()), std::string::npos);
}

}  // namespace
}  // namespace iotmark
