#include "server/label_image.h"

#include <gtest/gtest.h>

#include "server/png_test_decoder.h"
#include "server/qr_code.h"

namespace iotmark::server {
namespace {

LabelImageContent SampleContent() {
  LabelImageContent content;
  content.registration_number = "JCS1-2026-000001-7";
  content.level = 1;
  content.public_url = "http://127.0.0.1:8080/labels/JCS1-2026-000001-7";
  content.valid_until = "2028-11-23";
  return content;
}

TEST(LabelImageTest, PngDecodesAndCarriesTheQrModules) {
  LabelImageContent content = SampleContent();
  auto png = RenderLabelPng(content);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  GrayImage decoded;
  std::string error;
  ASSERT_TRUE(testing::DecodeGrayPng(*png, decoded, error)) << error;
  EXPECT_EQ(decoded.width, kLabelWidth);
  EXPECT_EQ(decoded.height, kLabelHeight);

  LabelQrPlacement where;
  ASSERT_TRUE(RasteriseLabel(content, &where).ok());
  auto qr = QrCode::Encode(content.public_url);
  ASSERT_TRUE(qr.ok());
  ASSERT_EQ(where.modules, qr->size());
  ASSERT_GE(where.module_pixels, 3);
  int dark = 0;
  for (int y = 0; y < qr->size(); ++y) {
    for (int x = 0; x < qr->size(); ++x) {
      // Sample the centre of each module in the decoded PNG.
      uint8_t pixel = decoded.At(where.left + x * where.module_pixels + where.module_pixels / 2,
                                 where.top + y * where.module_pixels + where.module_pixels / 2);
      ASSERT_EQ(pixel == 0, qr->IsDark(x, y)) << "module " << x << "," << y;
      dark += qr->IsDark(x, y) ? 1 : 0;
    }
  }
  EXPECT_GT(dark, qr->size() * qr->size() / 4);
  // The quiet zone around the code is white.
  for (int i = 1; i <= 4 * where.module_pixels; ++i) {
    EXPECT_EQ(decoded.At(where.left - i, where.top), 255);
  }
}

TEST(LabelImageTest, DifferentUrlsGiveDifferentImages) {
  LabelImageContent other = SampleContent();
  other.public_url = "http://127.0.0.1:8080/labels/JCS1-2026-000002-4";
  EXPECT_NE(*RenderLabelPng(SampleContent()), *RenderLabelPng(other));
}

TEST(LabelImageTest, SvgDrawsQrAsRectsAndNamesTheLabel) {
  auto svg = RenderLabelSvg(SampleContent());
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg->find("JCS1-2026-000001-7"), std::string::npos);
  EXPECT_NE(svg->find("★1"), std::string::npos);
  EXPECT_NE(svg->find("2028-11-23"), std::string::npos);
  auto qr = QrCode::Encode(SampleContent().public_url);
  ASSERT_TRUE(qr.ok());
  int runs = 0;
  for (int y = 0; y < qr->size(); ++y) {
    for (int x = 0; x < qr->size(); ++x) {
      if (qr->IsDark(x, y) && (x == 0 || !qr->IsDark(x - 1, y))) ++runs;
    }
  }
  size_t group = svg->find("data-qr-modules");
  ASSERT_NE(group, std::string::npos);
  int rects = 0;
  for (size_t at = svg->find("<rect ", group); at != std::string::npos;
       at = svg->find("<rect ", at + 1)) {
    ++rects;
  }
  EXPECT_EQ(rects, runs);
}

TEST(LabelImageTest, EscapesMarkupInText) {
  LabelImageContent content = SampleContent();
  content.registration_number = "<script>";
  auto svg = RenderLabelSvg(content);
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->find("<script>"), std::string::npos);
}

TEST(LabelImageTest, RefusesEmptyInput) {
  LabelImageContent content = SampleContent();
  content.public_url.clear();
  EXPECT_FALSE(RenderLabelPng(content).ok());
  EXPECT_FALSE(RenderLabelSvg(content).ok());
}

}  // namespace
}  // namespace iotmark::server
