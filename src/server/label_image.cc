#include "server/label_image.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "common/xml_escape.h"
#include "server/bitmap_font.h"
#include "server/qr_code.h"

namespace iotmark::server {

namespace {

constexpr int kBorder = 8;
constexpr int kHeaderBottom = 88;
constexpr int kStarCenterX = 150;
constexpr int kStarCenterY = 160;
constexpr int kStarRadius = 50;
constexpr int kLevelX = 215;
constexpr int kLevelY = 118;
constexpr int kLevelScale = 12;
constexpr int kRegnoCaptionY = 226;
constexpr int kRegnoY = 248;
constexpr int kQrTop = 292;
constexpr int kQrBottom = 508;
constexpr int kValidY = 520;
constexpr int kQuietModules = 4;

// The ten corners of a five-pointed star, point up.
std::vector<std::pair<double, double>> StarPolygon(double center_x, double center_y,
                                                   double outer_radius) {
  std::vector<std::pair<double, double>> points;
  double inner_radius = outer_radius * 0.382;
  for (int i = 0; i < 10; ++i) {
    double angle = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
    double radius = i % 2 == 0 ? outer_radius : inner_radius;
    points.emplace_back(center_x + radius * std::cos(angle), center_y + radius * std::sin(angle));
  }
  return points;
}

bool InsidePolygon(const std::vector<std::pair<double, double>>& polygon, double x, double y) {
  bool inside = false;
  for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    auto [xi, yi] = polygon[i];
    auto [xj, yj] = polygon[j];
    if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Upper-case ASCII only, so the bitmap font and the SVG show the same text.
std::string PrintableAscii(std::string_view text) {
  std::string out;
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    out.push_back(byte >= 0x20 && byte < 0x7f ? c : '?');
  }
  return out;
}

LabelQrPlacement PlaceQr(int modules) {
  LabelQrPlacement placement;
  placement.modules = modules;
  int with_quiet = modules + 2 * kQuietModules;
  int available = std::min(kLabelWidth - 2 * kBorder - 16, kQrBottom - kQrTop);
  placement.module_pixels = std::max(1, available / with_quiet);
  int total = with_quiet * placement.module_pixels;
  placement.left = (kLabelWidth - total) / 2 + kQuietModules * placement.module_pixels;
  placement.top = kQrTop + kQuietModules * placement.module_pixels;
  return placement;
}

int RegnoScale(const std::string& regno) {
  return TextWidth(regno, 3) <= kLabelWidth - 2 * kBorder - 16 ? 3 : 2;
}

Status CheckContent(const LabelImageContent& content) {
  if (content.registration_number.empty()) {
    return Status::InvalidArgument("label image: registration number is empty");
  }
  if (content.public_url.empty())
    return Status::InvalidArgument("label image: public URL is empty");
  if (content.level < 1 || content.level > 9) {
    return Status::InvalidArgument("label image: level must be 1..9");
  }
  return Status::Ok();
}

}  // namespace

Result<GrayImage> RasteriseLabel(const LabelImageContent& content, LabelQrPlacement* placement) {
  IOTMARK_RETURN_IF_ERROR(CheckContent(content));
  auto qr = QrCode::Encode(content.public_url);
  if (!qr.ok()) return qr.status();
  GrayImage image(kLabelWidth, kLabelHeight, 255);
  // Frame and header band.
  image.FillRect(0, 0, kLabelWidth, kBorder, 0);
  image.FillRect(0, kLabelHeight - kBorder, kLabelWidth, kBorder, 0);
  image.FillRect(0, 0, kBorder, kLabelHeight, 0);
  image.FillRect(kLabelWidth - kBorder, 0, kBorder, kLabelHeight, 0);
  image.FillRect(0, 0, kLabelWidth, kHeaderBottom, 0);
  const std::string title = "JC-STAR";
  DrawText(image, (kLabelWidth - TextWidth(title, 6)) / 2,
           kBorder + (kHeaderBottom - kBorder - 42) / 2, title, 6, 255);
  // ★ and level.
  auto star = StarPolygon(kStarCenterX, kStarCenterY, kStarRadius);
  for (int y = kStarCenterY - kStarRadius; y <= kStarCenterY + kStarRadius; ++y) {
    for (int x = kStarCenterX - kStarRadius; x <= kStarCenterX + kStarRadius; ++x) {
      if (InsidePolygon(star, x + 0.5, y + 0.5)) image.Set(x, y, 0);
    }
  }
  DrawText(image, kLevelX, kLevelY, std::to_string(content.level), kLevelScale, 0);
  // Registration number.
  const std::string caption = "REG. NO.";
  DrawText(image, (kLabelWidth - TextWidth(caption, 2)) / 2, kRegnoCaptionY, caption, 2, 0);
  std::string regno = PrintableAscii(content.registration_number);
  int scale = RegnoScale(regno);
  DrawText(image, (kLabelWidth - TextWidth(regno, scale)) / 2, kRegnoY, regno, scale, 0);
  // QR code.
  LabelQrPlacement where = PlaceQr(qr->size());
  for (int y = 0; y < qr->size(); ++y) {
    for (int x = 0; x < qr->size(); ++x) {
      if (qr->IsDark(x, y)) {
        image.FillRect(where.left + x * where.module_pixels, where.top + y * where.module_pixels,
                       where.module_pixels, where.module_pixels, 0);
      }
    }
  }
  if (!content.valid_until.empty()) {
    std::string valid = "VALID TO " + PrintableAscii(content.valid_until);
    DrawText(image, (kLabelWidth - TextWidth(valid, 2)) / 2, kValidY, valid, 2, 0);
  }
  if (placement != nullptr) *placement = where;
  return image;
}

Result<std::string> RenderLabelPng(const LabelImageContent& content) {
  auto image = RasteriseLabel(content, nullptr);
  if (!image.ok()) return image.status();
  return EncodePng(*image);
}

Result<std::string> RenderLabelSvg(const LabelImageContent& content) {
  IOTMARK_RETURN_IF_ERROR(CheckContent(content));
  auto qr = QrCode::Encode(content.public_url);
  if (!qr.ok()) return qr.status();
  std::string regno = XmlEscape(PrintableAscii(content.registration_number));
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"JC-STAR ★{2} {3}\">\n"
      "<title>JC-STAR ★{2} 登録番号 / Registration No. {3}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n"
      "<rect x=\"{4}\" y=\"{4}\" width=\"{5}\" height=\"{6}\" fill=\"none\" stroke=\"#000\" "
      "stroke-width=\"{7}\"/>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{8}\" fill=\"#000\"/>\n"
      "<text x=\"{9}\" y=\"62\" font-family=\"sans-serif\" font-size=\"44\" font-weight=\"bold\" "
      "fill=\"#fff\" text-anchor=\"middle\">JC-STAR</text>\n",
      kLabelWidth, kLabelHeight, content.level, regno, kBorder / 2, kLabelWidth - kBorder,
      kLabelHeight - kBorder, kBorder, kHeaderBottom, kLabelWidth / 2);
  std::string star_points;
  for (auto [x, y] : StarPolygon(kStarCenterX, kStarCenterY, kStarRadius)) {
    star_points += fmt::format("{:.1f},{:.1f} ", x, y);
  }
  star_points.pop_back();
  svg += fmt::format("<polygon points=\"{}\" fill=\"#000\"/>\n", star_points);
  svg += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"96\" "
      "font-weight=\"bold\">{}</text>\n",
      kLevelX, kLevelY + 84, content.level);
  svg += fmt::format(
      "<text x=\"{0}\" y=\"{1}\" font-family=\"sans-serif\" font-size=\"14\" "
      "text-anchor=\"middle\">登録番号 / REG. NO.</text>\n"
      "<text x=\"{0}\" y=\"{2}\" font-family=\"monospace\" font-size=\"22\" "
      "text-anchor=\"middle\">{3}</text>\n",
      kLabelWidth / 2, kRegnoCaptionY + 12, kRegnoY + 20, regno);
  LabelQrPlacement where = PlaceQr(qr->size());
  svg += fmt::format("<g fill=\"#000\" shape-rendering=\"crispEdges\" data-qr-modules=\"{}\">\n",
                     qr->size());
  // One rect per horizontal run of dark modules.
  for (int y = 0; y < qr->size(); ++y) {
    int x = 0;
    while (x < qr->size()) {
      if (!qr->IsDark(x, y)) {
        ++x;
        continue;
      }
      int run_start = x;
      while (x < qr->size() && qr->IsDark(x, y)) ++x;
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                         where.left + run_start * where.module_pixels,
                         where.top + y * where.module_pixels, (x - run_start) * where.module_pixels,
                         where.module_pixels);
    }
  }
  svg += "</g>\n";
  if (!content.valid_until.empty()) {
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"14\" "
        "text-anchor=\"middle\">有効期限 / VALID TO {}</text>\n",
        kLabelWidth / 2, kValidY + 14, XmlEscape(PrintableAscii(content.valid_until)));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace iotmark::server
