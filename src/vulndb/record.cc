#include "vulndb/record.h"

#include <nlohmann/json.hpp>

#include "vulndb/cpe.h"

namespace iotmark::vulndb {
namespace {

using nlohmann::json;

std::string StringAt(const json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

// Picks the Primary metric of a cvssMetricV3x/V2 array, else the first.
const json* PickMetric(const json& metrics, const char* key) {
  auto found = metrics.find(key);
  if (found == metrics.end() || !found->is_array() || found->empty()) return nullptr;
  for (const json& metric : *found) {
    if (metric.is_object() && StringAt(metric, "type") == "Primary") return &metric;
  }
  return found->front().is_object() ? &found->front() : nullptr;
}

std::optional<CvssScore> ReadScore(const json& metrics) {
  // CVSS v4.0 first, then v3.1, v3.0, v2 (the order of preference).
  static const char* const kKeys[] = {"cvssMetricV40", "cvssMetricV31", "cvssMetricV30",
                                      "cvssMetricV2"};
  for (const char* key : kKeys) {
    const json* metric = PickMetric(metrics, key);
    if (metric == nullptr) continue;
    auto data = metric->find("cvssData");
    if (data == metric->end() || !data->is_object()) continue;
    auto score = data->find("baseScore");
    if (score == data->end() || !score->is_number()) continue;
    CvssScore result;
    result.version = StringAt(*data, "version");
    result.base_score = score->get<double>();
    result.severity = StringAt(*data, "baseSeverity");
    if (result.severity.empty()) result.severity = StringAt(*metric, "baseSeverity");  // v2
    result.vector = StringAt(*data, "vectorString");
    return result;
  }
  return std::nullopt;
}

void ReadNodes(const json& nodes, CveRecord& record) {
  if (!nodes.is_array()) return;
  for (const json& node : nodes) {
    if (!node.is_object()) continue;
    auto matches = node.find("cpeMatch");
    if (matches == node.end() || !matches->is_array()) continue;
    for (const json& match : *matches) {
      if (!match.is_object()) continue;
      CpeMatchCriterion criterion;
      criterion.criteria = StringAt(match, "criteria");
      auto parsed = ParseCpe(criterion.criteria);
      if (!parsed.ok()) continue;
      auto vulnerable = match.find("vulnerable");
      criterion.vulnerable =
          vulnerable == match.end() || !vulnerable->is_boolean() || vulnerable->get<bool>();
      criterion.part = parsed->part;
      criterion.vendor = parsed->vendor;
      criterion.product = parsed->product;
      criterion.version = parsed->version;
      // NVD splits "9.3p1" into version "9.3" and update "p1"; banners and
      // nmap keep it as one version string, so the exact version joins them.
      if (parsed->update != "*" && parsed->update != "-" && !parsed->update.empty() &&
          parsed->version != "*" && parsed->version != "-") {
        criterion.version += parsed->update;
      }
      criterion.version_start_including = StringAt(match, "versionStartIncluding");
      criterion.version_start_excluding = StringAt(match, "versionStartExcluding");
      criterion.version_end_including = StringAt(match, "versionEndIncluding");
      criterion.version_end_excluding = StringAt(match, "versionEndExcluding");
      record.matches.push_back(std::move(criterion));
    }
  }
}

}  // namespace

Result<CveRecord> ParseNvdItem(const json& item) {
  auto cve = item.find("cve");
  if (cve == item.end() || !cve->is_object()) {
    return Status::ParseError("missing object \"cve\"");
  }
  CveRecord record;
  record.id = StringAt(*cve, "id");
  if (record.id.empty()) return Status::ParseError("missing string \"cve.id\"");
  record.published = StringAt(*cve, "published");
  record.last_modified = StringAt(*cve, "lastModified");
  auto descriptions = cve->find("descriptions");
  if (descriptions != cve->end() && descriptions->is_array()) {
    for (const json& description : *descriptions) {
      if (description.is_object() && StringAt(description, "lang") == "en") {
        record.description = StringAt(description, "value");
        break;
      }
    }
  }
  auto metrics = cve->find("metrics");
  if (metrics != cve->end() && metrics->is_object()) {
    record.score = ReadScore(*metrics);
  }
  record.has_metrics = record.score.has_value();
  auto configurations = cve->find("configurations");
  if (configurations != cve->end()) {
    if (!configurations->is_array()) {
      return Status::ParseError("\"cve.configurations\" must be an array");
    }
    for (const json& configuration : *configurations) {
      if (!configuration.is_object()) continue;
      auto nodes = configuration.find("nodes");
      if (nodes != configuration.end()) ReadNodes(*nodes, record);
    }
  }
  record.has_configurations = !record.matches.empty();
  return record;
}

}  // namespace iotmark::vulndb
