// A minimal PNG encoder for 8-bit grayscale images: signature, IHDR, one
// zlib-compressed IDAT (filter type 0 on every row) and IEND, each chunk with
// its CRC-32. Enough for the label image; no palette, no alpha.
#ifndef IOTMARK_SERVER_PNG_WRITER_H_
#define IOTMARK_SERVER_PNG_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::server {

// A grayscale raster, row-major, 0 = black, 255 = white.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height bytes

  GrayImage() = default;
  GrayImage(int image_width, int image_height, uint8_t fill)
      : width(image_width),
        height(image_height),
        pixels(static_cast<size_t>(image_width) * static_cast<size_t>(image_height), fill) {}
  uint8_t At(int x, int y) const { return pixels[static_cast<size_t>(y * width + x)]; }
  // Sets one pixel; coordinates outside the image are ignored.
  void Set(int x, int y, uint8_t value) {
    if (x >= 0 && y >= 0 && x < width && y < height)
      pixels[static_cast<size_t>(y * width + x)] = value;
  }
  void FillRect(int x, int y, int rect_width, int rect_height, uint8_t value);
};

// The PNG file bytes for `image`.
Result<std::string> EncodePng(const GrayImage& image);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_PNG_WRITER_H_
