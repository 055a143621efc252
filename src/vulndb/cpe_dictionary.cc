#include "vulndb/cpe_dictionary.h"

#include <nlohmann/json.hpp>

namespace iotmark::vulndb {

Result<CpeDictionaryEntry> ParseCpeProduct(const nlohmann::json& item) {
  auto cpe = item.find("cpe");
  if (cpe == item.end() || !cpe->is_object()) return Status::ParseError("missing object \"cpe\"");
  auto name = cpe->find("cpeName");
  if (name == cpe->end() || !name->is_string()) {
    return Status::ParseError("missing string \"cpe.cpeName\"");
  }
  CpeDictionaryEntry entry;
  entry.name = name->get<std::string>();
  auto parsed = ParseCpe(entry.name);
  if (!parsed.ok()) return parsed.status().WithPrefix("cpe.cpeName");
  entry.cpe = *parsed;
  if (auto deprecated = cpe->find("deprecated"); deprecated != cpe->end()) {
    if (!deprecated->is_boolean())
      return Status::ParseError("\"cpe.deprecated\" must be a boolean");
    entry.deprecated = deprecated->get<bool>();
  }
  if (auto titles = cpe->find("titles"); titles != cpe->end()) {
    if (!titles->is_array()) return Status::ParseError("\"cpe.titles\" must be an array");
    for (const auto& title : *titles) {
      if (!title.is_object()) continue;
      auto lang = title.find("lang");
      auto text = title.find("title");
      if (text == title.end() || !text->is_string()) continue;
      bool english = lang != title.end() && lang->is_string() && lang->get<std::string>() == "en";
      if (english || entry.title.empty()) entry.title = text->get<std::string>();
      if (english) break;
    }
  }
  if (auto replaced = cpe->find("deprecatedBy"); replaced != cpe->end()) {
    if (!replaced->is_array()) return Status::ParseError("\"cpe.deprecatedBy\" must be an array");
    for (const auto& by : *replaced) {
      if (!by.is_object()) continue;
      auto by_name = by.find("cpeName");
      if (by_name != by.end() && by_name->is_string() &&
          ParseCpe(by_name->get<std::string>()).ok()) {
        entry.deprecated_by.push_back(by_name->get<std::string>());
      }
    }
  }
  return entry;
}

}  // namespace iotmark::vulndb
