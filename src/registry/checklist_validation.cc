// The built-in structural checklist validator.
#include "registry/checklist_validation.h"

#include <nlohmann/json.hpp>
#include <string>

namespace iotmark::registry {

std::vector<FieldError> StructuralChecklistValidator::Validate(std::string_view checklist_json,
                                                               std::string_view /*level*/) const {
  std::vector<FieldError> errors;
  if (checklist_json.empty()) {
    errors.push_back({"/", "checklist is missing / チェックリストがありません"});
    return errors;
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(checklist_json);
  } catch (const nlohmann::json::parse_error& error) {
    errors.push_back({"/", std::string("checklist is not valid JSON: ") + error.what() +
                               " / チェックリストのJSONが読めません"});
    return errors;
  }
  if (!document.is_object()) {
    errors.push_back({"/", "checklist must be a JSON object / オブジェクトである必要があります"});
  }
  return errors;
}

}  // namespace iotmark::registry
