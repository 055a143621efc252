#include "checklist/template.h"

namespace iotmark::checklist {

Checklist MakeTemplate(const catalog::Pack& pack) {
  Checklist checklist;
  checklist.scheme = pack.id;
  for (const catalog::Requirement& requirement : pack.requirements) {
    checklist.results.push_back(CriterionResult{.criterion = requirement.id});
  }
  return checklist;
}

}  // namespace iotmark::checklist
