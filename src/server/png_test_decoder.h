// Test-only: decodes the PNGs png_writer produces (8-bit grayscale,
// non-interlaced, any filter type 0 rows), checking the signature, every
// chunk's CRC-32 and the zlib stream, so tests prove the bytes are a real PNG.
#ifndef IOTMARK_SERVER_PNG_TEST_DECODER_H_
#define IOTMARK_SERVER_PNG_TEST_DECODER_H_

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "server/png_writer.h"

namespace iotmark::server::testing {

inline uint32_t ReadBigEndian32(std::string_view bytes, size_t at) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(bytes[at])) << 24) |
         (static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 3]));
}

// Returns false and sets `error` when the bytes are not a PNG of that kind.
inline bool DecodeGrayPng(std::string_view png, GrayImage& image, std::string& error) {
  if (png.size() < 8 || png.substr(0, 8) != std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    error = "bad signature";
    return false;
  }
  size_t at = 8;
  std::string compressed;
  bool seen_end = false;
  while (at + 12 <= png.size()) {
    uint32_t length = ReadBigEndian32(png, at);
    if (at + 12 + length > png.size()) {
      error = "chunk overruns file";
      return false;
    }
    std::string_view type_and_data = png.substr(at + 4, 4 + length);
    uint32_t stored_crc = ReadBigEndian32(png, at + 8 + length);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(type_and_data.data()),
                static_cast<uInt>(type_and_data.size()));
    if (static_cast<uint32_t>(crc) != stored_crc) {
      error = "CRC mismatch in " + std::string(type_and_data.substr(0, 4));
      return false;
    }
    std::string_view type = type_and_data.substr(0, 4);
    std::string_view data = type_and_data.substr(4);
    if (type == "IHDR") {
      if (data.size() != 13 || data[8] != 8 || data[9] != 0 || data[12] != 0) {
        error = "unsupported IHDR";
        return false;
      }
      image.width = static_cast<int>(ReadBigEndian32(data, 0));
      image.height = static_cast<int>(ReadBigEndian32(data, 4));
    } else if (type == "IDAT") {
      compressed.append(data);
    } else if (type == "IEND") {
      seen_end = true;
      break;
    }
    at += 12 + length;
  }
  if (!seen_end || image.width <= 0 || image.height <= 0) {
    error = "missing IHDR or IEND";
    return false;
  }
  uLongf raw_size = static_cast<uLongf>(image.height) * (static_cast<uLongf>(image.width) + 1);
  std::string raw(raw_size, '\0');
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size,
                 reinterpret_cast<const Bytef*>(compressed.data()),
                 static_cast<uLong>(compressed.size())) != Z_OK ||
      raw_size != raw.size()) {
    error = "zlib stream does not inflate to height*(width+1) bytes";
    return false;
  }
  image.pixels.assign(static_cast<size_t>(image.width) * static_cast<size_t>(image.height), 0);
  for (int y = 0; y < image.height; ++y) {
    size_t row = static_cast<size_t>(y) * (static_cast<size_t>(image.width) + 1);
    if (raw[row] != 0) {
      error = "unexpected filter type";
      return false;
    }
    for (int x = 0; x < image.width; ++x) {
      image.pixels[static_cast<size_t>(y * image.width + x)] =
          static_cast<uint8_t>(raw[row + 1 + static_cast<size_t>(x)]);
    }
  }
  return true;
}

}  // namespace iotmark::server::testing

#endif  // IOTMARK_SERVER_PNG_TEST_DECODER_H_
