// The seam between the registry and the checklist validator: applications
// carry a checklist JSON that must validate before submission. The registry
// depends on this interface only; the checklist component's validator is
// plugged in through an adapter (registry/checklist_adapter.h once
// src/checklist exists), and StructuralChecklistValidator is the built-in
// minimum (well-formed JSON object with criteria results).
#ifndef IOTMARK_REGISTRY_CHECKLIST_VALIDATION_H_
#define IOTMARK_REGISTRY_CHECKLIST_VALIDATION_H_

#include <string_view>
#include <vector>

#include "registry/types.h"

namespace iotmark::registry {

class ChecklistValidator {
 public:
  virtual ~ChecklistValidator() = default;
  // Field-by-field errors; empty when the checklist is valid. Never throws.
  // `level` is the application's level (its effective criteria must be
  // answered; a checklist naming another level is refused), or empty for a
  // checklist checked on its own.
  virtual std::vector<FieldError> Validate(std::string_view checklist_json,
                                           std::string_view level) const = 0;
};

// Checks that the text is a JSON object (parse errors name line and column).
class StructuralChecklistValidator final : public ChecklistValidator {
 public:
  std::vector<FieldError> Validate(std::string_view checklist_json,
                                   std::string_view level) const override;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_CHECKLIST_VALIDATION_H_
