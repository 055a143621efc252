#include "devtest/target_vex.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace iotmark::devtest {
namespace {

const std::set<std::string>& Statuses() {
  static const std::set<std::string> kStatuses = {"not_affected", "fixed", "affected",
                                                  "under_investigation"};
  return kStatuses;
}

const std::set<std::string>& Justifications() {
  static const std::set<std::string> kJustifications = {
      "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
      "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};
  return kJustifications;
}

std::string Join(const std::set<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

bool IsCveId(const std::string& id) {
  if (id.size() < 13 || id.compare(0, 4, "CVE-") != 0 || id[8] != '-') return false;
  for (std::size_t i = 4; i < id.size(); ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(id[i]))) return false;
  }
  return true;
}

}  // namespace

Status ParseVexSection(const YAML::Node& node, const std::string& source,
                       std::vector<VexStatement>& out) {
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  auto error = [&source](const YAML::Node& at, const std::string& field, const std::string& what) {
    int line = at.IsDefined() && at.Mark().line >= 0 ? at.Mark().line + 1 : 0;
    return Status::InvalidArgument(source + (line > 0 ? ":" + std::to_string(line) : "") + ": " +
                                   field + ": " + what);
  };
  if (!node.IsSequence()) return error(node, "vex", "must be a list of statements");
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    std::string field = "vex[" + std::to_string(i) + "]";
    if (!item.IsMap()) return error(item, field, "must be a mapping");
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      if (key != "cve" && key != "status" && key != "justification" && key != "detail") {
        return error(entry.first, field + "." + key, "unknown key");
      }
    }
    VexStatement statement;
    statement.line = item.Mark().line >= 0 ? item.Mark().line + 1 : 0;
    auto text = [&](const char* key, std::string& value) -> Status {
      YAML::Node child = item[key];
      if (!child.IsDefined() || child.IsNull()) return Status::Ok();
      if (!child.IsScalar()) return error(child, field + "." + key, "must be a string");
      value = child.Scalar();
      return Status::Ok();
    };
    IOTMARK_RETURN_IF_ERROR(text("cve", statement.cve));
    IOTMARK_RETURN_IF_ERROR(text("status", statement.status));
    IOTMARK_RETURN_IF_ERROR(text("justification", statement.justification));
    IOTMARK_RETURN_IF_ERROR(text("detail", statement.detail));
    std::transform(statement.cve.begin(), statement.cve.end(), statement.cve.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!IsCveId(statement.cve)) {
      return error(item["cve"].IsDefined() ? item["cve"] : item, field + ".cve",
                   "required, a CVE id like CVE-2023-38408");
    }
    if (!Statuses().count(statement.status)) {
      return error(item["status"].IsDefined() ? item["status"] : item, field + ".status",
                   "required, one of " + Join(Statuses()));
    }
    if (statement.status == "not_affected" && !Justifications().count(statement.justification)) {
      return error(item["justification"].IsDefined() ? item["justification"] : item,
                   field + ".justification",
                   "required with not_affected, one of " + Join(Justifications()));
    }
    for (const VexStatement& earlier : out) {
      if (earlier.cve == statement.cve) {
        return error(item, field + ".cve",
                     statement.cve + " is already stated at line " + std::to_string(earlier.line));
      }
    }
    out.push_back(std::move(statement));
  }
  return Status::Ok();
}

}  // namespace iotmark::devtest
