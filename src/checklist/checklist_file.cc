#include "checklist/checklist_file.h"

#include "checklist/decoder.h"
#include "checklist/encoder.h"
#include "common/files.h"

namespace iotmark::checklist {

Result<ChecklistFile> LoadChecklistFile(const std::filesystem::path& path) {
  Result<Format> format = FormatFromPath(path);
  if (!format.ok()) return format.status();
  Result<std::string> text = ReadFile(path, kMaxDocumentBytes);
  if (!text.ok()) return text.status();
  Result<nlohmann::ordered_json> tree = ParseDocument(*text, *format, path.string());
  if (!tree.ok()) return tree.status();
  DecodedChecklist decoded = DecodeChecklist(*tree);
  if (!decoded.problems.empty()) {
    std::string message =
        "構造の問題を先に直してください / fix these structural problems first (iotmark checklist "
        "validate lists them all):";
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < decoded.problems.size() && i < kShown; ++i) {
      message += "\n  " + FormatProblem(path.string(), decoded.problems[i]);
    }
    if (decoded.problems.size() > kShown) {
      message += "\n  … (" + std::to_string(decoded.problems.size() - kShown) + " more)";
    }
    return Status::InvalidArgument(message);
  }
  return ChecklistFile{path, *format, std::move(decoded.checklist)};
}

Status SaveChecklistFile(const ChecklistFile& file) {
  return WriteFileAtomic(file.path, ChecklistToText(file.checklist, file.format));
}

Status SaveChecklist(const std::filesystem::path& path, const Checklist& checklist) {
  Result<Format> format = FormatFromPath(path);
  if (!format.ok()) return format.status();
  return SaveChecklistFile(ChecklistFile{path, *format, checklist});
}

}  // namespace iotmark::checklist
