#include "server/png_writer.h"

#include <zlib.h>

#include <string_view>

namespace iotmark::server {

namespace {

void AppendBigEndian32(std::string& out, uint32_t value) {
  out.push_back(static_cast<char>((value >> 24) & 0xff));
  out.push_back(static_cast<char>((value >> 16) & 0xff));
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

void AppendChunk(std::string& out, std::string_view type, std::string_view data) {
  AppendBigEndian32(out, static_cast<uint32_t>(data.size()));
  std::string type_and_data(type);
  type_and_data.append(data);
  out.append(type_and_data);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(type_and_data.data()),
              static_cast<uInt>(type_and_data.size()));
  AppendBigEndian32(out, static_cast<uint32_t>(crc));
}

}  // namespace

void GrayImage::FillRect(int x, int y, int rect_width, int rect_height, uint8_t value) {
  for (int row = y; row < y + rect_height; ++row) {
    for (int column = x; column < x + rect_width; ++column) Set(column, row, value);
  }
}

Result<std::string> EncodePng(const GrayImage& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height)) {
    return Status::InvalidArgument("PNG: image size does not match its pixels");
  }
  std::string raw;
  raw.reserve(static_cast<size_t>(image.height) * (static_cast<size_t>(image.width) + 1));
  for (int y = 0; y < image.height; ++y) {
    raw.push_back(0);  // filter type: None
    raw.append(reinterpret_cast<const char*>(&image.pixels[static_cast<size_t>(y * image.width)]),
               static_cast<size_t>(image.width));
  }
  uLongf compressed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(compressed_size, '\0');
  int result = compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                         reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                         Z_BEST_COMPRESSION);
  if (result != Z_OK)
    return Status::Internal("PNG: zlib compress2 failed with " + std::to_string(result));
  compressed.resize(compressed_size);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  AppendBigEndian32(header, static_cast<uint32_t>(image.width));
  AppendBigEndian32(header, static_cast<uint32_t>(image.height));
  header.push_back(8);  // bit depth
  header.push_back(0);  // colour type: grayscale
  header.push_back(0);  // compression: deflate
  header.push_back(0);  // filter method
  header.push_back(0);  // no interlace
  AppendChunk(png, "IHDR", header);
  AppendChunk(png, "IDAT", compressed);
  AppendChunk(png, "IEND", "");
  return png;
}

}  // namespace iotmark::server
