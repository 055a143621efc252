// A QR code as a square matrix of modules, made with libqrencode
// (error correction level M, byte mode). Immutable once built.
#ifndef IOTMARK_SERVER_QR_CODE_H_
#define IOTMARK_SERVER_QR_CODE_H_

#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::server {

class QrCode {
 public:
  // Encodes `text` (UTF-8 bytes); fails on empty or over-long text.
  static Result<QrCode> Encode(std::string_view text);

  // Modules per side (21 for version 1, +4 per version).
  int size() const { return size_; }
  // True for a dark module; (0,0) is the top-left corner.
  bool IsDark(int x, int y) const { return dark_[static_cast<size_t>(y * size_ + x)]; }

 private:
  int size_ = 0;
  std::vector<bool> dark_;
};

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_QR_CODE_H_
