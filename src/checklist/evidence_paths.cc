#include "checklist/evidence_paths.h"

#include <system_error>

namespace iotmark::checklist {
namespace {

namespace fs = std::filesystem;

// True when `inner` is `outer` or lies below it (both canonical).
bool IsWithin(const fs::path& outer, const fs::path& inner) {
  auto outer_it = outer.begin();
  auto inner_it = inner.begin();
  for (; outer_it != outer.end(); ++outer_it, ++inner_it) {
    if (inner_it == inner.end() || *outer_it != *inner_it) return false;
  }
  return true;
}

}  // namespace

Status CheckEvidencePathForm(std::string_view path) {
  if (path.empty()) return Status::InvalidArgument("パスが空です / the path is empty");
  if (path.front() == '/') {
    return Status::InvalidArgument(
        "絶対パスは使えません: チェックリストのフォルダからの相対パスにしてください / absolute "
        "paths "
        "are not allowed: use a path relative to the checklist's folder");
  }
  if (path.size() >= 2 && path[1] == ':') {
    return Status::InvalidArgument("ドライブ名は使えません / drive letters are not allowed");
  }
  for (char c : path) {
    if (c == '\\') {
      return Status::InvalidArgument(
          "区切りは / を使ってください / use '/' as the separator, not '\\'");
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument("制御文字は使えません / control characters are not allowed");
    }
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      return Status::InvalidArgument(
          "\"..\" は使えません: チェックリストのフォルダの外は指せません / \"..\" is not allowed: "
          "evidence must stay inside the checklist's folder");
    }
    if (segment.empty() || segment == ".") {
      return Status::InvalidArgument(
          "空の要素や \".\" は使えません / empty or \".\" path segments are not allowed");
    }
    start = end + 1;
  }
  return Status::Ok();
}

Result<fs::path> ResolveEvidencePath(const fs::path& base_directory, std::string_view path) {
  IOTMARK_RETURN_IF_ERROR(CheckEvidencePathForm(path));
  std::error_code error;
  fs::path base = fs::canonical(base_directory.empty() ? fs::path(".") : base_directory, error);
  if (error) {
    return Status::NotFound("フォルダがありません / folder not found: " + base_directory.string());
  }
  fs::path candidate = base / fs::path(std::string(path));
  fs::file_status status = fs::status(candidate, error);
  if (error || !fs::exists(status)) {
    return Status::NotFound("ファイルがありません / file not found: " + candidate.string());
  }
  fs::path resolved = fs::canonical(candidate, error);
  if (error)
    return Status::NotFound("ファイルを開けません / cannot resolve: " + candidate.string());
  if (!IsWithin(base, resolved)) {
    return Status::InvalidArgument(
        "リンク先がチェックリストのフォルダの外です / the path resolves outside the checklist's "
        "folder");
  }
  if (!fs::is_regular_file(status)) {
    return Status::NotFound("通常のファイルではありません / not a regular file: " +
                            candidate.string());
  }
  return resolved;
}

Result<std::string> MakeEvidencePath(const fs::path& base_directory, const fs::path& file) {
  std::error_code error;
  fs::path base = fs::canonical(base_directory.empty() ? fs::path(".") : base_directory, error);
  if (error) {
    return Status::NotFound("フォルダがありません / folder not found: " + base_directory.string());
  }
  fs::path resolved = fs::canonical(file, error);
  if (error) return Status::NotFound(file.string() + ": ファイルがありません / file not found");
  if (!fs::is_regular_file(resolved, error)) {
    return Status::InvalidArgument(file.string() +
                                   ": 通常のファイルではありません / not a regular file");
  }
  if (!IsWithin(base, resolved)) {
    return Status::InvalidArgument(
        file.string() +
        ": 証跡はチェックリストと同じフォルダ (またはその下) に置いてください / evidence must be "
        "inside the checklist's folder " +
        base.string());
  }
  std::string relative = resolved.lexically_relative(base).generic_string();
  IOTMARK_RETURN_IF_ERROR(CheckEvidencePathForm(relative).WithPrefix(file.string()));
  return relative;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace iotmark::checklist
