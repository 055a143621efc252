// A 5×7 pixel font for the PNG label: digits, Latin capitals (lower case is
// drawn as upper case) and - . : / and space. Other characters are drawn as
// a blank cell. Glyphs are scaled by an integer factor.
#ifndef IOTMARK_SERVER_BITMAP_FONT_H_
#define IOTMARK_SERVER_BITMAP_FONT_H_

#include <cstdint>
#include <string_view>

#include "server/png_writer.h"

namespace iotmark::server {

inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;

// Width in pixels of `text` drawn at `scale` (one blank column between glyphs).
int TextWidth(std::string_view text, int scale);

// Draws `text` with its top-left corner at (x, y).
void DrawText(GrayImage& image, int x, int y, std::string_view text, int scale, uint8_t value);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_BITMAP_FONT_H_
