#include "checklist/encoder.h"

#include <yaml-cpp/yaml.h>

namespace iotmark::checklist {
namespace {

using Json = nlohmann::ordered_json;

// Strings a YAML reader would take for null or a boolean are quoted, and so
// is the empty string, so they read back as strings.
bool NeedsQuotes(const std::string& value) {
  static constexpr std::string_view kSpecial[] = {"",      "~",    "null", "Null",  "NULL",
                                                  "true",  "True", "TRUE", "false", "False",
                                                  "FALSE", "yes",  "no",   "on",    "off"};
  for (std::string_view special : kSpecial) {
    if (value == special) return true;
  }
  return false;
}

void EmitYaml(YAML::Emitter& out, const Json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, item] : value.items()) {
      out << YAML::Key << key << YAML::Value;
      EmitYaml(out, item);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    if (value.empty()) {
      out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
      return;
    }
    out << YAML::BeginSeq;
    for (const auto& item : value) EmitYaml(out, item);
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (NeedsQuotes(text)) out << YAML::DoubleQuoted;
    out << text;
  } else if (value.is_boolean()) {
    out << value.get<bool>();
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    out << value.dump();
  }
}

}  // namespace

Json EncodeChecklist(const Checklist& checklist) {
  Json out;
  out["scheme"] = checklist.scheme;
  if (!checklist.level.empty()) out["level"] = checklist.level;
  const BasicInfo& info = checklist.basic_info;
  Json basic;
  basic["vendor"] = info.vendor;
  basic["product_name"] = info.product_name;
  basic["model_number"] = info.model_number;
  basic["firmware_version"] = info.firmware_version;
  basic["product_type"] = info.product_type;
  basic["giteki_number"] = info.giteki_number;
  basic["contact"] = info.contact;
  basic["vulnerability_policy_url"] = info.vulnerability_policy_url;
  basic["support_end"] = info.support_end;
  out["basic_info"] = std::move(basic);
  Json results = Json::array();
  for (const CriterionResult& result : checklist.results) {
    Json item;
    item["criterion"] = result.criterion;
    item["verdict"] = std::string(VerdictName(result.verdict));
    item["na_reason"] = result.na_reason;
    item["method"] = std::string(MethodName(result.method));
    Json evidence = Json::array();
    for (const Evidence& entry : result.evidence) {
      Json file;
      file["path"] = entry.path;
      file["sha256"] = entry.sha256;
      if (!entry.description.empty()) file["description"] = entry.description;
      evidence.push_back(std::move(file));
    }
    item["evidence"] = std::move(evidence);
    item["note"] = result.note;
    results.push_back(std::move(item));
  }
  out["results"] = std::move(results);
  return out;
}

std::string ChecklistToText(const Checklist& checklist, Format format) {
  Json tree = EncodeChecklist(checklist);
  if (format == Format::kJson) return tree.dump(2) + "\n";
  YAML::Emitter out;
  out.SetIndent(2);
  EmitYaml(out, tree);
  return std::string(out.c_str()) + "\n";
}

}  // namespace iotmark::checklist
