// Builds the page view models (view_models.h) from the registry's types: the
// only place where the web pages meet the registry's domain structs.
// Pure functions; thread-safe.
#ifndef IOTMARK_WEB_REGISTRY_VIEWS_H_
#define IOTMARK_WEB_REGISTRY_VIEWS_H_

#include <optional>
#include <string_view>

#include "catalog/catalog.h"
#include "registry/types.h"
#include "web/view_models.h"

namespace iotmark::web {

// The public page of `label`. `organization` gives the contact and the
// disclosure policy (may be null); `checklist_json` is the issuing
// application's checklist ({"results":[{"criterion","verdict",…}]}), whose
// criteria are looked up in `catalog` (may be null) for titles and the
// crosswalk.
LabelPageModel BuildLabelPageModel(const registry::Label& label,
                                   const registry::SecurityInformation& security,
                                   const registry::Organization* organization,
                                   std::string_view checklist_json,
                                   const catalog::Catalog* catalog);

// The per-criterion results of a checklist (criteria without an id skipped).
std::vector<CriterionResultView> CriterionResultsFromChecklist(std::string_view checklist_json,
                                                               const catalog::Catalog* catalog);

SearchHitView BuildSearchHit(const registry::Label& label);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_REGISTRY_VIEWS_H_
