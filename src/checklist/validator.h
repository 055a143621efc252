// Checklist validation, the one entry point for the CLI and the registry.
//
// Validation reads whatever it can and returns every problem, each located by
// a JSON path, with a stable code and a message (Japanese first, English
// beside). Only input that cannot be parsed at all comes back as a non-OK
// Status (kParseError with "<source>:<line>:<column>: ...", or
// kInvalidArgument for oversized input); everything else is a problem list.
//
//   auto report = ValidateText(body, Format::kJson, "upload.json", LookupIn(catalog),
//                              {.evidence_files = EvidenceFileCheck::kSkip});
//   for (const Problem& p : report->problems) ...  // p.path, p.code, p.message
#ifndef IOTMARK_CHECKLIST_VALIDATOR_H_
#define IOTMARK_CHECKLIST_VALIDATOR_H_

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "checklist/checklist.h"
#include "checklist/document.h"
#include "checklist/problem.h"
#include "checklist/rules.h"
#include "common/status.h"

namespace iotmark::checklist {

// Finds the catalog pack a checklist names; nullptr when unknown.
using PackLookup = std::function<const catalog::Pack*(std::string_view scheme)>;
PackLookup LookupIn(const catalog::Catalog& catalog);

struct ValidationReport {
  Checklist checklist;  // what could be read (fields with problems left empty)
  std::vector<Problem> problems;
  bool ok() const { return problems.empty(); }
};

// Structure first, then the rules, on an already parsed tree.
ValidationReport ValidateTree(const nlohmann::ordered_json& tree, const PackLookup& packs,
                              const ValidationOptions& options);

// Parses `text` (a request body, say) and validates it. `source_name` prefixes
// parse-error messages.
Result<ValidationReport> ValidateText(std::string_view text, Format format,
                                      std::string_view source_name, const PackLookup& packs,
                                      const ValidationOptions& options);

// Reads and parses a checklist file (format from its extension) without
// validating it, so a caller can report an unreadable file before loading
// the catalog. kIoError / kInvalidArgument / kParseError.
Result<nlohmann::ordered_json> ParseChecklistFile(const std::filesystem::path& path);

// The folder evidence paths of `checklist_file` are relative to.
std::filesystem::path EvidenceFolderOf(const std::filesystem::path& checklist_file);

// Reads and validates a file; the format comes from its extension and, when
// options.base_directory is empty, evidence is looked up beside the file.
// kIoError / kInvalidArgument / kParseError when it cannot be read or parsed.
Result<ValidationReport> ValidateFile(const std::filesystem::path& path, const PackLookup& packs,
                                      ValidationOptions options);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_VALIDATOR_H_
