#include "server/png_writer.h"

#include <gtest/gtest.h>

#include "server/png_test_decoder.h"

namespace iotmark::server {
namespace {

TEST(PngWriterTest, RoundTripsThroughZlibAndCrc) {
  GrayImage image(37, 11, 255);
  image.FillRect(3, 2, 10, 5, 0);
  image.Set(36, 10, 128);
  auto png = EncodePng(image);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  GrayImage decoded;
  std::string error;
  ASSERT_TRUE(testing::DecodeGrayPng(*png, decoded, error)) << error;
  EXPECT_EQ(decoded.width, 37);
  EXPECT_EQ(decoded.height, 11);
  EXPECT_EQ(decoded.pixels, image.pixels);
}

TEST(PngWriterTest, CorruptedByteIsDetectedByCrc) {
  GrayImage image(8, 8, 0);
  auto png = EncodePng(image);
  ASSERT_TRUE(png.ok());
  std::string corrupted = *png;
  corrupted[20] ^= 0x01;  // inside IHDR data
  GrayImage decoded;
  std::string error;
  EXPECT_FALSE(testing::DecodeGrayPng(corrupted, decoded, error));
  EXPECT_NE(error.find("CRC"), std::string::npos);
}

TEST(PngWriterTest, RefusesInconsistentImage) {
  GrayImage image;
  image.width = 4;
  image.height = 4;
  EXPECT_FALSE(EncodePng(image).ok());
}

}  // namespace
}  // namespace iotmark::server
