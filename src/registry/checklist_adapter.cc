// Adapter from checklist::ValidateText to the registry's FieldErrors.
#include "registry/checklist_adapter.h"

#include "checklist/validator.h"

namespace iotmark::registry {

std::vector<FieldError> CatalogChecklistValidator::Validate(std::string_view checklist_json,
                                                            std::string_view level) const {
  std::vector<FieldError> errors;
  if (checklist_json.empty()) {
    errors.push_back({"$", "checklist is missing / チェックリストがありません"});
    return errors;
  }
  checklist::ValidationOptions options;
  options.evidence_files = checklist::EvidenceFileCheck::kSkip;
  options.require_conformity = true;
  options.level = std::string(level);
  auto report = checklist::ValidateText(checklist_json, checklist::Format::kJson, "checklist",
                                        checklist::LookupIn(catalog_), options);
  if (!report.ok()) {
    errors.push_back({"$", report.status().message()});
    return errors;
  }
  for (const checklist::Problem& problem : report->problems) {
    errors.push_back({problem.path, problem.message + " [" + problem.code + "]"});
  }
  return errors;
}

}  // namespace iotmark::registry
