// Test fixtures for the checklist tests: a small criteria pack built in code
// (so the rules can be tested without the scheme files) and a valid checklist
// for it, plus a scratch folder that removes itself.
#ifndef IOTMARK_CHECKLIST_TEST_PACK_H_
#define IOTMARK_CHECKLIST_TEST_PACK_H_

#include <filesystem>
#include <string>

#include "catalog/catalog.h"
#include "checklist/checklist.h"
#include "checklist/validator.h"

namespace iotmark::checklist::testing {

// Three criteria:
//   S1.1-01  device test + document, NA allowed, 技適 deeming applies
//   S1.1-02  document only, NA not allowed
//   S1.1-03  document only, NA allowed
catalog::Pack MakeTestPack();

// A checklist for MakeTestPack() that passes every rule (no evidence files
// needed: S1.1-01 is deemed).
Checklist MakeValidChecklist();

PackLookup LookupTestPack(const catalog::Pack& pack);

// A fresh, empty folder under the system temp folder, removed on destruction.
class ScratchFolder {
 public:
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `contents` to path()/relative (creating folders) and returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& contents) const;

 private:
  std::filesystem::path path_;
};

}  // namespace iotmark::checklist::testing

#endif  // IOTMARK_CHECKLIST_TEST_PACK_H_
