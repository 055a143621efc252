// Renders the embedded mustache templates into HTML (or Atom XML).
//
// A view is a JSON object built from the view-model structs (view_models.h);
// the renderer adds "t" (every message of messages.json in the chosen
// language) and "lang". Values are HTML-escaped unless a template uses a
// triple mustache, which only layout.html does, for the already rendered body.
// Created once at start-up (every template is parsed then, so a broken template
// fails the start, not a request); immutable afterwards and safe to share
// between threads.
#ifndef IOTMARK_WEB_PAGE_RENDERER_H_
#define IOTMARK_WEB_PAGE_RENDERER_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"
#include "web/language.h"

namespace iotmark::web {

class PageRenderer {
 public:
  static Result<PageRenderer> Create();

  // Renders one template with `view` (a JSON object).
  Result<std::string> RenderFragment(std::string_view template_name, const nlohmann::json& view,
                                     Language language) const;

  // Renders `template_name` and places it inside layout.html. `page` holds
  // the layout's fields: "title" (required), and optionally "alternate_url"
  // (the same page in the other language) and "signed_in_as".
  Result<std::string> RenderPage(std::string_view template_name, const nlohmann::json& view,
                                 Language language, const nlohmann::json& page) const;

  // The message `key` in `language`; the key itself when it is unknown.
  std::string Text(std::string_view key, Language language) const;

  // The stylesheet served at /static/iotmark.css.
  std::string_view Stylesheet() const { return stylesheet_; }

 private:
  std::map<std::string, std::string, std::less<>> templates_;
  nlohmann::json messages_japanese_;
  nlohmann::json messages_english_;
  std::string stylesheet_;
};

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_PAGE_RENDERER_H_
