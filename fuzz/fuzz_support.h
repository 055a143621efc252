// Helpers shared by the libFuzzer targets of fuzz/ (see fuzz/README.md).
#ifndef IOTMARK_FUZZ_FUZZ_SUPPORT_H_
#define IOTMARK_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace iotmark::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// A scratch folder of this process, under /dev/shm when it exists (no disk
// writes per input), removed by the OS on reboot; one per fuzz process.
inline const std::filesystem::path& ScratchDirectory() {
  static const std::filesystem::path directory = [] {
    std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::filesystem::path path = base / ("iotmark-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(path);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(ScratchDirectory(), ignored);
    });
    return path;
  }();
  return directory;
}

// Writes `text` to a file named `name` in the scratch folder; returns its path.
inline std::filesystem::path WriteScratchFile(const std::string& name, std::string_view text) {
  std::filesystem::path path = ScratchDirectory() / name;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file) != text.size()) std::abort();
  std::fclose(file);
  return path;
}

}  // namespace iotmark::fuzz

#endif  // IOTMARK_FUZZ_FUZZ_SUPPORT_H_
