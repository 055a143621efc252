// The public search page /search: one box over vendor, product name and model
// number, filters for level, status and product type, and paging links.
#ifndef IOTMARK_WEB_SEARCH_PAGE_H_
#define IOTMARK_WEB_SEARCH_PAGE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "web/language.h"
#include "web/page_renderer.h"
#include "web/view_models.h"

namespace iotmark::web {

// The view JSON (exposed for tests).
nlohmann::json SearchPageView(const PageRenderer& renderer, const SearchPageModel& model,
                              Language language);

Result<std::string> RenderSearchPage(const PageRenderer& renderer, const SearchPageModel& model,
                                     Language language);

// The /search URL for `model` at `page` (keeps query, filters and language).
std::string SearchUrl(const SearchPageModel& model, int page, Language language);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_SEARCH_PAGE_H_
