// The JSON API of SBOMs, device-test service identifications and findings
// (registry/findings.h; docs/api.md "Monitoring"):
//   PUT  /api/v1/products/{id}/firmware-versions/{version}/sbom            (vendor/operator)
//   GET  /api/v1/products/{id}/firmware-versions/{version}/sbom            (private document)
//   GET  /api/v1/products/{id}/sboms                                       (summaries)
//   PUT  /api/v1/products/{id}/firmware-versions/{version}/devtest-report  (report.json)
//   GET  /api/v1/findings[?product_id=N]                                   (vendor inbox /
//   operator) GET  /api/v1/findings/overdue                                          (operator,
//   auditor) POST /api/v1/findings/{id}/triage (vendor/operator) GET
//   /api/v1/labels/{regno}/monitoring                                 (public)
#ifndef IOTMARK_SERVER_API_MONITORING_ROUTES_H_
#define IOTMARK_SERVER_API_MONITORING_ROUTES_H_

#include <nlohmann/json.hpp>

#include "registry/findings.h"
#include "server/api_support.h"
#include "server/router.h"

namespace iotmark::server {

void AddMonitoringRoutes(Router& router, ApiContext& context, registry::FindingsService& findings);

// A finding as the vendor and operator see it.
nlohmann::json FindingToJson(const registry::Finding& finding);
// What the public sees of a finding (only call for findings with a
// non-empty public_state).
nlohmann::json PublicFindingToJson(const registry::Finding& finding);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_API_MONITORING_ROUTES_H_
