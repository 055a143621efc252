// SHA-256 digests (OpenSSL EVP), as lowercase hex.
#ifndef IOTMARK_COMMON_SHA256_H_
#define IOTMARK_COMMON_SHA256_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark {

std::string Sha256Hex(std::string_view data);
// Streams the file in chunks; memory stays bounded for any size.
Result<std::string> Sha256File(const std::filesystem::path& path);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_SHA256_H_
