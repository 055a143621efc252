// Matches the registry's monitored components (SBOM components and
// banner-identified services, registry/findings.h) against the local
// vulnerability DB through vulndb's public query API: a component's own CPE
// first, else its purl mapped to an NVD vendor:product (purl_map.h); version
// ranges and vendor aliases as VulnDatabase::Query applies them.
//
// A component without a version is not matched (every CVE of the product
// would "match"); it is counted as `without_version`. A purl with no mapping
// and no CPE is counted as `unmatched`. Neither is ever reported as free of
// vulnerabilities.
#ifndef IOTMARK_MONITORING_MATCHER_H_
#define IOTMARK_MONITORING_MATCHER_H_

#include <vector>

#include "common/status.h"
#include "monitoring/purl_map.h"
#include "registry/findings.h"
#include "vulndb/database.h"
#include "vulndb/vendor_aliases.h"

namespace iotmark::monitoring {

struct MatchResult {
  std::size_t components = 0;       // examined
  std::size_t queried = 0;          // with a usable CPE (own or mapped) and a version
  std::size_t without_version = 0;  // not matched: no version
  std::size_t unmatched = 0;        // not matched: no CPE and the purl is not in the map
  std::vector<registry::NewFinding> matches;
};

Result<MatchResult> MatchComponents(const std::vector<registry::MonitoredComponent>& components,
                                    const vulndb::VulnDatabase& database,
                                    const vulndb::VendorAliases& aliases, const PurlMap& purls);

}  // namespace iotmark::monitoring

#endif  // IOTMARK_MONITORING_MATCHER_H_
