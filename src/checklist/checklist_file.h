// Loading and saving checklist files in their own format (JSON or YAML, by
// extension), for commands that edit a checklist in place.
//
// Loading for editing refuses a file with structural problems (wrong types,
// unknown fields, bad enum values): writing it back would silently drop what
// could not be read. Rule problems (a missing verdict, say) are fine: editing
// is how they get fixed. Saving is atomic (temporary file + rename).
#ifndef IOTMARK_CHECKLIST_CHECKLIST_FILE_H_
#define IOTMARK_CHECKLIST_CHECKLIST_FILE_H_

#include <filesystem>

#include "checklist/checklist.h"
#include "checklist/document.h"
#include "common/status.h"

namespace iotmark::checklist {

struct ChecklistFile {
  std::filesystem::path path;
  Format format = Format::kJson;
  Checklist checklist;
};

// kIoError / kParseError / kInvalidArgument (structural problems, listed).
Result<ChecklistFile> LoadChecklistFile(const std::filesystem::path& path);
// Writes file.checklist to file.path in file.format.
Status SaveChecklistFile(const ChecklistFile& file);
// Writes `checklist` to `path` in the format its extension names.
Status SaveChecklist(const std::filesystem::path& path, const Checklist& checklist);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_CHECKLIST_FILE_H_
