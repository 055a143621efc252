#include "common/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace iotmark {

Result<std::string> ReadFile(const std::filesystem::path& path, std::uint64_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::IoError(path.string() + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path.string() + ": cannot open: " + std::strerror(errno));
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return Status::InvalidArgument(path.string() + ": file is " + std::to_string(size) +
                                   " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError(path.string() + ": read failed");
  return buffer.str();
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(temporary.string() + ": cannot create: " + std::strerror(errno));
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      return Status::IoError(temporary.string() + ": write failed: " + std::strerror(saved));
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temporary.c_str());
    return Status::IoError(temporary.string() + ": fsync/close failed");
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temporary.c_str());
    return Status::IoError(path.string() + ": rename failed: " + std::strerror(saved));
  }
  return Status::Ok();
}

std::filesystem::path DefaultSchemesDirectory() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("IOTMARK_SCHEMES_DIR"); env && *env) return env;
  if (fs::is_directory("schemes/jcstar", ec)) return "schemes";
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = self.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      if (fs::is_directory(dir / "schemes" / "jcstar", ec)) return dir / "schemes";
    }
  }
#ifdef IOTMARK_SOURCE_SCHEMES_DIR
  return IOTMARK_SOURCE_SCHEMES_DIR;
#else
  return "schemes";
#endif
}

}  // namespace iotmark
