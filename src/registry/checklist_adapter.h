// The checklist component's validator behind the registry's
// ChecklistValidator seam: the same validation as `iotmark checklist
// validate`, with evidence files not looked up (the vendor keeps the evidence;
// the registry receives no files) and conformity required (an application
// needs every criterion conform or NA), against the effective criteria of the
// application's level.
#ifndef IOTMARK_REGISTRY_CHECKLIST_ADAPTER_H_
#define IOTMARK_REGISTRY_CHECKLIST_ADAPTER_H_

#include "catalog/catalog.h"
#include "registry/checklist_validation.h"

namespace iotmark::registry {

class CatalogChecklistValidator final : public ChecklistValidator {
 public:
  // `catalog` must outlive the validator.
  explicit CatalogChecklistValidator(const catalog::Catalog& catalog) : catalog_(catalog) {}
  std::vector<FieldError> Validate(std::string_view checklist_json,
                                   std::string_view level) const override;

 private:
  const catalog::Catalog& catalog_;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_CHECKLIST_ADAPTER_H_
