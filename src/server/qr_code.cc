#include "server/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace iotmark::server {

Result<QrCode> QrCode::Encode(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("QR code: nothing to encode");
  std::string copy(text);
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(
      QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) {
    return Status::InvalidArgument(std::string("QR code: cannot encode ") +
                                   std::to_string(text.size()) + " bytes: " + std::strerror(errno));
  }
  QrCode result;
  result.size_ = code->width;
  result.dark_.resize(static_cast<size_t>(code->width) * static_cast<size_t>(code->width));
  for (size_t i = 0; i < result.dark_.size(); ++i) result.dark_[i] = (code->data[i] & 1) != 0;
  return result;
}

}  // namespace iotmark::server
