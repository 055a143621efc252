// The schema of SBOMs, service identifications, findings and the mail outbox
// (issue 16; registry/findings.h, registry/mail_outbox.h). Portable SQL:
// standard types, BIGINT seconds, no backend-only syntax, so a PostgreSQL
// list can reuse the text as it is.
#ifndef IOTMARK_STORE_MIGRATIONS_MONITORING_H_
#define IOTMARK_STORE_MIGRATIONS_MONITORING_H_

#include <string_view>

namespace iotmark::store {

extern const std::string_view kMonitoringSchema;
extern const std::string_view kFindingRemediation;

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_MIGRATIONS_MONITORING_H_
