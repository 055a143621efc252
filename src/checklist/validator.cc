#include "checklist/validator.h"

#include "checklist/decoder.h"
#include "common/files.h"

namespace iotmark::checklist {

PackLookup LookupIn(const catalog::Catalog& catalog) {
  return [&catalog](std::string_view scheme) { return catalog.FindPack(scheme); };
}

ValidationReport ValidateTree(const nlohmann::ordered_json& tree, const PackLookup& packs,
                              const ValidationOptions& options) {
  DecodedChecklist decoded = DecodeChecklist(tree);
  const catalog::Pack* pack = nullptr;
  if (!decoded.checklist.scheme.empty() && packs) pack = packs(decoded.checklist.scheme);
  std::vector<Problem> rule_problems = CheckRules(decoded, pack, options);
  ValidationReport report;
  report.problems = std::move(decoded.problems);
  report.problems.insert(report.problems.end(), std::make_move_iterator(rule_problems.begin()),
                         std::make_move_iterator(rule_problems.end()));
  report.checklist = std::move(decoded.checklist);
  return report;
}

Result<ValidationReport> ValidateText(std::string_view text, Format format,
                                      std::string_view source_name, const PackLookup& packs,
                                      const ValidationOptions& options) {
  Result<nlohmann::ordered_json> tree = ParseDocument(text, format, source_name);
  if (!tree.ok()) return tree.status();
  return ValidateTree(*tree, packs, options);
}

Result<nlohmann::ordered_json> ParseChecklistFile(const std::filesystem::path& path) {
  Result<Format> format = FormatFromPath(path);
  if (!format.ok()) return format.status();
  Result<std::string> text = ReadFile(path, kMaxDocumentBytes);
  if (!text.ok()) return text.status();
  return ParseDocument(*text, *format, path.string());
}

std::filesystem::path EvidenceFolderOf(const std::filesystem::path& checklist_file) {
  return checklist_file.parent_path().empty() ? std::filesystem::path(".")
                                              : checklist_file.parent_path();
}

Result<ValidationReport> ValidateFile(const std::filesystem::path& path, const PackLookup& packs,
                                      ValidationOptions options) {
  Result<nlohmann::ordered_json> tree = ParseChecklistFile(path);
  if (!tree.ok()) return tree.status();
  if (options.base_directory.empty()) options.base_directory = EvidenceFolderOf(path);
  return ValidateTree(*tree, packs, options);
}

}  // namespace iotmark::checklist
