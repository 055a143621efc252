#include "web/page_renderer.h"

#include <kainjow/mustache.hpp>

#include "web/embedded_assets.h"

namespace iotmark::web {
namespace {

namespace mustache = kainjow::mustache;

// JSON → mustache data. Booleans stay booleans so {{#flag}} sections work; an
// empty string becomes false, so {{#text}}…{{/text}} shows only when there is
// text (a false value renders as nothing); numbers become their decimal text.
mustache::data ToMustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) object.set(key, ToMustache(item));
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) list.push_back(ToMustache(item));
      return list;
    }
    case nlohmann::json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (text.empty()) return mustache::data(mustache::data::type::bool_false);
      return mustache::data(text);
    }
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? mustache::data(mustache::data::type::bool_true)
                               : mustache::data(mustache::data::type::bool_false);
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mustache::data(value.dump());
    default:
      return mustache::data(mustache::data::type::bool_false);
  }
}

}  // namespace

Result<PageRenderer> PageRenderer::Create() {
  PageRenderer renderer;
  for (const EmbeddedAsset& asset : EmbeddedAssets()) {
    const std::string name(asset.name);
    if (name == "messages.json") {
      nlohmann::json messages;
      try {
        messages = nlohmann::json::parse(asset.content);
      } catch (const nlohmann::json::exception& error) {
        return Status::ParseError("src/web/templates/messages.json: " + std::string(error.what()));
      }
      if (!messages.is_object()) {
        return Status::ParseError("src/web/templates/messages.json: expected an object");
      }
      renderer.messages_japanese_ = nlohmann::json::object();
      renderer.messages_english_ = nlohmann::json::object();
      for (const auto& [key, entry] : messages.items()) {
        if (!entry.is_object() || !entry.contains("ja") || !entry.contains("en") ||
            !entry["ja"].is_string() || !entry["en"].is_string()) {
          return Status::ParseError("src/web/templates/messages.json: field \"" + key +
                                    "\" needs string members \"ja\" and \"en\"");
        }
        renderer.messages_japanese_[key] = entry["ja"];
        renderer.messages_english_[key] = entry["en"];
      }
    } else if (name.ends_with(".css")) {
      renderer.stylesheet_ = std::string(asset.content);
    } else {
      mustache::mustache parsed{std::string(asset.content)};
      if (!parsed.is_valid()) {
        return Status::ParseError("src/web/templates/" + name + ": " + parsed.error_message());
      }
      renderer.templates_.emplace(name, std::string(asset.content));
    }
  }
  if (renderer.messages_japanese_.is_null()) {
    return Status::NotFound("src/web/templates/messages.json is not embedded");
  }
  if (!renderer.templates_.contains("layout.html")) {
    return Status::NotFound("src/web/templates/layout.html is not embedded");
  }
  return renderer;
}

Result<std::string> PageRenderer::RenderFragment(std::string_view template_name,
                                                 const nlohmann::json& view,
                                                 Language language) const {
  const auto found = templates_.find(template_name);
  if (found == templates_.end()) {
    return Status::NotFound("no template named " + std::string(template_name));
  }
  if (!view.is_object()) {
    return Status::InvalidArgument("the view of " + std::string(template_name) +
                                   " must be a JSON object");
  }
  nlohmann::json full = view;
  full["t"] = language == Language::kEnglish ? messages_english_ : messages_japanese_;
  full["lang"] = std::string(LanguageCode(language));
  full["lang_is_en"] = language == Language::kEnglish;
  mustache::mustache parsed{found->second};
  std::string out = parsed.render(ToMustache(full));
  if (!parsed.is_valid()) {
    return Status::Internal("rendering " + std::string(template_name) + ": " +
                            parsed.error_message());
  }
  return out;
}

Result<std::string> PageRenderer::RenderPage(std::string_view template_name,
                                             const nlohmann::json& view, Language language,
                                             const nlohmann::json& page) const {
  Result<std::string> body = RenderFragment(template_name, view, language);
  if (!body.ok()) return body.status();
  nlohmann::json layout = page.is_object() ? page : nlohmann::json::object();
  layout["body"] = std::move(body).value();
  return RenderFragment("layout.html", layout, language);
}

std::string PageRenderer::Text(std::string_view key, Language language) const {
  const nlohmann::json& messages =
      language == Language::kEnglish ? messages_english_ : messages_japanese_;
  const auto found = messages.find(key);
  if (found == messages.end()) return std::string(key);
  return found->get<std::string>();
}

}  // namespace iotmark::web
