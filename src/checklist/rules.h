// The rules a checklist must meet, beyond its structure: the scheme's
// criteria each answered once, NA and 技適 deeming only where the catalog
// allows them, device-test evidence where the evaluation needs a device test,
// evidence files present with matching hashes, basic information complete.
#ifndef IOTMARK_CHECKLIST_RULES_H_
#define IOTMARK_CHECKLIST_RULES_H_

#include <filesystem>
#include <vector>

#include "catalog/catalog.h"
#include "checklist/decoder.h"
#include "checklist/problem.h"

namespace iotmark::checklist {

// How evidence files are checked.
enum class EvidenceFileCheck {
  kRequire,    // every file must exist and its sha256 match (the CLI default)
  kIfPresent,  // hash the files that exist, accept missing ones (an upload without files)
  kSkip,       // check only the form of paths and hashes
};

struct ValidationOptions {
  // Folder evidence paths are relative to. Empty: the checklist file's folder
  // (ValidateFile) or the current directory.
  std::filesystem::path base_directory{};
  EvidenceFileCheck evidence_files = EvidenceFileCheck::kRequire;
  // When true a "nonconform" verdict is a problem (a label application needs
  // every criterion conform or NA); a draft may hold nonconform results.
  bool require_conformity = false;
  // The level the checklist must be for (a label application's level), or
  // empty. A checklist without `level` is then taken as this level's; one
  // naming another level is a problem.
  std::string level{};
};

// Applies the rules to what DecodeChecklist read; `pack` is the catalog pack
// named by checklist.scheme, or nullptr when the catalog has none (reported).
std::vector<Problem> CheckRules(const DecodedChecklist& decoded, const catalog::Pack* pack,
                                const ValidationOptions& options);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_RULES_H_
