#include "simdevice/firmware_image.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace iotmark::simdevice {
namespace {

class FirmwareImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("iotmark-fw-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::filesystem::path directory_;
};

TEST_F(FirmwareImageTest, SignedImageVerifiesAndTamperedDoesNot) {
  Result<VendorKey> key = EnsureVendorKey(directory_);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  Result<VendorKey> again = EnsureVendorKey(directory_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key, key->public_key) << "the key pair is created once and kept";

  Result<std::string> signed_image = MakeFirmwareImage(*key, "ABC-100", "1.1.0", false);
  ASSERT_TRUE(signed_image.ok());
  FirmwareCheck check = CheckFirmwareImage(key->public_key, *signed_image);
  EXPECT_TRUE(check.parsed);
  EXPECT_TRUE(check.verified) << check.problem;
  EXPECT_EQ(check.version, "1.1.0");

  Result<std::string> tampered = MakeFirmwareImage(*key, "ABC-100", "1.1.0", true);
  ASSERT_TRUE(tampered.ok());
  check = CheckFirmwareImage(key->public_key, *tampered);
  EXPECT_TRUE(check.parsed);
  EXPECT_FALSE(check.verified);
  EXPECT_EQ(check.version, "1.1.0");
}

TEST_F(FirmwareImageTest, GarbageIsNotParsed) {
  Result<VendorKey> key = EnsureVendorKey(directory_);
  ASSERT_TRUE(key.ok());
  for (const char* body : {"", "not json", "[1,2]", "{\"format\":\"other\"}",
                           "{\"format\":\"iotmark-sim-firmware-1\",\"version\":\"2\"}"}) {
    FirmwareCheck check = CheckFirmwareImage(key->public_key, body);
    EXPECT_FALSE(check.parsed) << body;
    EXPECT_FALSE(check.verified) << body;
  }
}

}  // namespace
}  // namespace iotmark::simdevice
