// The web pages of vulnerability monitoring (monitoring_routes.cc): the
// vendor's inbox (/portal/monitoring), the operator's overdue triage
// (/console/findings), and the product page's monitoring section.
#ifndef IOTMARK_WEB_MONITORING_PAGES_H_
#define IOTMARK_WEB_MONITORING_PAGES_H_

#include <cstdint>
#include <nlohmann/json.hpp>

#include "server/router.h"

namespace iotmark::web {

class WebSite;

void AddMonitoringPages(server::Router& router, WebSite& site);

// {"firmware":[{"version","sbom_kept"}], "findings":[{"cve_id","firmware_version",
// "component","state","overdue"}], "has_…"}: only what the public may see
// (whether an SBOM is kept; triaged or overdue findings). Empty object when
// monitoring is not configured.
nlohmann::json MonitoringSectionView(WebSite& site, std::int64_t product_id);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_MONITORING_PAGES_H_
