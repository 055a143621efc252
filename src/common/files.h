// Small file helpers that report failures as Status with the path named.
#ifndef IOTMARK_COMMON_FILES_H_
#define IOTMARK_COMMON_FILES_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "common/status.h"

namespace iotmark {

// Reads a whole file. Refuses files larger than `max_bytes` with kInvalidArgument.
Result<std::string> ReadFile(const std::filesystem::path& path,
                             std::uint64_t max_bytes = 256ull << 20);

// Writes `contents` to a temporary file beside `path`, fsyncs it and renames it
// over `path`, so a crash leaves either the old or the new file, never a torn one.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view contents);

// Finds the folder of the scheme packs: $IOTMARK_SCHEMES_DIR, else ./schemes,
// else <dir of the running binary>/../schemes, else the source tree's schemes/.
std::filesystem::path DefaultSchemesDirectory();

}  // namespace iotmark

#endif  // IOTMARK_COMMON_FILES_H_
