#include "monitoring/matcher.h"

#include <set>
#include <utility>

namespace iotmark::monitoring {

Result<MatchResult> MatchComponents(const std::vector<registry::MonitoredComponent>& components,
                                    const vulndb::VulnDatabase& database,
                                    const vulndb::VendorAliases& aliases, const PurlMap& purls) {
  MatchResult result;
  for (const registry::MonitoredComponent& component : components) {
    ++result.components;
    // (cpe to query, reference recorded on the finding)
    std::vector<std::pair<vulndb::Cpe, std::string>> queries;
    bool versionless = false;
    if (!component.cpe.empty()) {
      auto cpe = vulndb::ParseCpe(component.cpe);
      if (cpe.ok()) {
        if (cpe->version == "*" || cpe->version == "-" || cpe->version.empty()) {
          cpe->version = component.version.empty() ? "*" : component.version;
        }
        if (cpe->version == "*") {
          versionless = true;
        } else {
          queries.emplace_back(*cpe, component.cpe);
        }
      }
    }
    if (queries.empty() && !versionless && !component.purl.empty()) {
      auto purl = ParsePurl(component.purl);
      if (purl.ok()) {
        if (auto product = purls.Lookup(*purl)) {
          std::string version = UpstreamVersion(*purl);
          if (version.empty()) version = component.version;
          if (version.empty()) {
            versionless = true;
          } else {
            vulndb::Cpe cpe{"a", product->vendor, product->product, version, "*"};
            queries.emplace_back(cpe, component.purl);
          }
        }
      }
    }
    if (queries.empty()) {
      if (versionless) {
        ++result.without_version;
      } else {
        ++result.unmatched;
      }
      continue;
    }
    ++result.queried;
    std::set<std::string> seen;
    for (const auto& [cpe, reference] : queries) {
      auto found = database.Query(cpe, aliases);
      if (!found.ok()) return found.status();
      for (const vulndb::VulnerabilityMatch& match : *found) {
        if (!match.version_known || !seen.insert(match.cve_id).second) continue;
        registry::NewFinding finding;
        finding.component = component;
        finding.component_ref = reference;
        finding.cve_id = match.cve_id;
        finding.base_score = match.base_score;
        finding.severity = match.severity;
        finding.matched_criteria = match.matched_criteria;
        finding.version_range = match.version_range;
        finding.description = match.description;
        result.matches.push_back(std::move(finding));
      }
    }
  }
  return result;
}

}  // namespace iotmark::monitoring
