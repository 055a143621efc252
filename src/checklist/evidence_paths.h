// Evidence file paths: what a checklist may name, and how it is found.
//
// An evidence path is relative to the folder of the checklist, written with
// '/', and never leaves that folder: no absolute path, no "..", no "." or
// empty segment, no backslash or control character, and no symbolic link that
// resolves outside the folder. These rules keep a checklist portable (the
// folder can be zipped and sent) and keep a server that validates an
// uploaded checklist from reading files it should not.
#ifndef IOTMARK_CHECKLIST_EVIDENCE_PATHS_H_
#define IOTMARK_CHECKLIST_EVIDENCE_PATHS_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::checklist {

// OK when `path` has the allowed form; otherwise kInvalidArgument saying why.
Status CheckEvidencePathForm(std::string_view path);

// The file an evidence path names inside `base_directory`. kNotFound when it
// does not exist or is not a regular file; kInvalidArgument when the path is
// malformed or resolves (through links) outside the folder.
Result<std::filesystem::path> ResolveEvidencePath(const std::filesystem::path& base_directory,
                                                  std::string_view path);

// The evidence path for `file` (absolute, or relative to the current
// directory) as seen from `base_directory`; kInvalidArgument when the file is
// not inside that folder.
Result<std::string> MakeEvidencePath(const std::filesystem::path& base_directory,
                                     const std::filesystem::path& file);

// True for 64 lowercase hex digits.
bool IsSha256Hex(std::string_view text);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_EVIDENCE_PATHS_H_
