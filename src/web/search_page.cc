#include "web/search_page.h"

#include "web/product_page.h"

namespace iotmark::web {
namespace {

constexpr const char* kStatuses[] = {"active", "expired", "withdrawn", "revoked",
                                     "under-surveillance"};

std::string StarsOf(std::string_view level) {
  int count = 0;
  if (level.size() == 5 && level.starts_with("star") && level[4] >= '1' && level[4] <= '4') {
    count = level[4] - '0';
  }
  if (count == 0) return std::string(level);
  std::string stars;
  for (int i = 0; i < count; ++i) stars += "★";
  return stars;
}

nlohmann::json Option(std::string value, std::string text, bool selected) {
  return {{"value", std::move(value)}, {"text", std::move(text)}, {"selected", selected}};
}

}  // namespace

std::string SearchUrl(const SearchPageModel& model, int page, Language language) {
  std::string url = "/search?q=" + PercentEncode(model.query);
  if (!model.level.empty()) url += "&level=" + PercentEncode(model.level);
  if (!model.status.empty()) url += "&status=" + PercentEncode(model.status);
  if (!model.product_type.empty()) url += "&type=" + PercentEncode(model.product_type);
  if (page > 1) url += "&page=" + std::to_string(page);
  if (language == Language::kEnglish) url += "&lang=en";
  return url;
}

nlohmann::json SearchPageView(const PageRenderer& renderer, const SearchPageModel& model,
                              Language language) {
  using nlohmann::json;
  json view;
  view["query"] = model.query;
  view["error"] = model.error;
  view["searched"] = model.searched;
  view["page"] = model.page;
  const std::string any = renderer.Text("filter_any", language);

  json levels = json::array({Option("", any, model.level.empty())});
  for (int stars = 1; stars <= 4; ++stars) {
    const std::string id = "star" + std::to_string(stars);
    levels.push_back(Option(id, StarsOf(id), model.level == id));
  }
  view["levels"] = levels;

  json statuses = json::array({Option("", any, model.status.empty())});
  for (const char* status : kStatuses) {
    statuses.push_back(
        Option(status, StatusWord(renderer, status, language), model.status == status));
  }
  view["statuses"] = statuses;

  json types = json::array({Option("", any, model.product_type.empty())});
  for (const std::string& type : model.product_types) {
    types.push_back(Option(type, type, model.product_type == type));
  }
  view["product_types"] = types;

  json hits = json::array();
  for (const SearchHitView& hit : model.hits) {
    hits.push_back({{"regno", hit.registration_number},
                    {"regno_path", PercentEncode(hit.registration_number)},
                    {"vendor_name", hit.vendor_name},
                    {"product_name", hit.product_name},
                    {"model_number", hit.model_number},
                    {"product_type", hit.product_type},
                    {"stars", StarsOf(hit.level)},
                    {"status", hit.status},
                    {"status_word", StatusWord(renderer, hit.status, language)},
                    {"valid_until", hit.valid_until}});
  }
  view["hits"] = hits;
  view["has_hits"] = !hits.empty();
  view["previous_url"] = model.page > 1 ? SearchUrl(model, model.page - 1, language) : "";
  view["next_url"] = model.has_next_page ? SearchUrl(model, model.page + 1, language) : "";
  return view;
}

Result<std::string> RenderSearchPage(const PageRenderer& renderer, const SearchPageModel& model,
                                     Language language) {
  nlohmann::json page = {
      {"title",
       renderer.Text("search_title", language) + " — " + renderer.Text("site_name", language)},
      {"alternate_url", language == Language::kEnglish
                            ? SearchUrl(model, model.page, Language::kJapanese) + "&lang=ja"
                            : SearchUrl(model, model.page, Language::kEnglish)}};
  return renderer.RenderPage("search.html", SearchPageView(renderer, model, language), language,
                             page);
}

}  // namespace iotmark::web
