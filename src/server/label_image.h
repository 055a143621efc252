// The label image a vendor prints on the product or package: a JC-STAR-like
// label with the ★ level, the registration number, the validity end and a QR
// code (libqrencode) holding the public page URL `<public-url>/labels/{regno}`.
// The SVG draws the QR modules as <rect>s; the PNG is the same layout
// rasterised (5×7 bitmap font) and encoded by png_writer. Both renderers are
// pure functions of LabelImageContent.
#ifndef IOTMARK_SERVER_LABEL_IMAGE_H_
#define IOTMARK_SERVER_LABEL_IMAGE_H_

#include <string>

#include "common/status.h"
#include "server/png_writer.h"

namespace iotmark::server {

struct LabelImageContent {
  std::string registration_number;  // drawn as text, ASCII
  int level = 1;                    // the ★ level
  std::string public_url;           // what the QR code holds
  std::string valid_until;          // "2028-11-23", may be empty
};

// Where the QR code sits in the label (pixels), so tests can find it.
struct LabelQrPlacement {
  int left = 0;
  int top = 0;
  int module_pixels = 0;
  int modules = 0;  // modules per side, without the quiet zone
};

inline constexpr int kLabelWidth = 400;
inline constexpr int kLabelHeight = 560;

Result<std::string> RenderLabelSvg(const LabelImageContent& content);
Result<std::string> RenderLabelPng(const LabelImageContent& content);

// The raster behind RenderLabelPng, and where its QR code is.
Result<GrayImage> RasteriseLabel(const LabelImageContent& content, LabelQrPlacement* placement);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_LABEL_IMAGE_H_
