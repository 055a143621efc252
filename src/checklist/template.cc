#include "checklist/template.h"

namespace iotmark::checklist {

Checklist MakeTemplate(const catalog::Pack& pack) {
  return MakeTemplate(pack, "", pack.requirements);
}

Checklist MakeTemplate(const catalog::Pack& pack, std::string_view level,
                       const std::vector<catalog::Requirement>& criteria) {
  Checklist checklist;
  checklist.scheme = pack.id;
  checklist.level = std::string(level);
  for (const catalog::Requirement& requirement : criteria) {
    checklist.results.push_back(CriterionResult{.criterion = requirement.id});
  }
  return checklist;
}

}  // namespace iotmark::checklist
