#include "store/migrations_monitoring.h"

namespace iotmark::store {

// sboms: one current SBOM per firmware version (re-attaching replaces it and
//   its components). sbom_components: the components with purl and/or CPE.
// service_identifications: banner-identified services of a device-test
//   report, one row per CPE, per firmware version.
// findings: one per (firmware version, CVE, matched purl/CPE); status is the
//   vendor's VEX triage ('new' until triaged). overdue_recorded_at: when the
//   'finding-under-investigation' change was written (once).
// mail_outbox: mails to send (the server's mailer sends them over SMTP).
const std::string_view kMonitoringSchema = R"sql(
CREATE TABLE sboms (
  id INTEGER PRIMARY KEY,
  firmware_version_id BIGINT NOT NULL UNIQUE REFERENCES firmware_versions(id),
  product_id BIGINT NOT NULL REFERENCES products(id),
  format TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  document TEXT NOT NULL,
  document_sha256 TEXT NOT NULL,
  total_components BIGINT NOT NULL,
  kept_components BIGINT NOT NULL,
  attached_at BIGINT NOT NULL,
  attached_by BIGINT NOT NULL
);
CREATE INDEX sboms_product ON sboms(product_id);
CREATE TABLE sbom_components (
  id INTEGER PRIMARY KEY,
  sbom_id BIGINT NOT NULL REFERENCES sboms(id),
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  purl TEXT NOT NULL,
  cpe TEXT NOT NULL
);
CREATE INDEX sbom_components_sbom ON sbom_components(sbom_id);
CREATE TABLE service_identifications (
  id INTEGER PRIMARY KEY,
  firmware_version_id BIGINT NOT NULL REFERENCES firmware_versions(id),
  port BIGINT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  cpe TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX service_identifications_firmware ON service_identifications(firmware_version_id);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  product_id BIGINT NOT NULL REFERENCES products(id),
  firmware_version_id BIGINT NOT NULL REFERENCES firmware_versions(id),
  source TEXT NOT NULL,
  component TEXT NOT NULL,
  component_version TEXT NOT NULL,
  component_ref TEXT NOT NULL,
  cve_id TEXT NOT NULL,
  base_score DOUBLE PRECISION,
  severity TEXT NOT NULL,
  matched_criteria TEXT NOT NULL,
  version_range TEXT NOT NULL,
  description TEXT NOT NULL,
  found_at BIGINT NOT NULL,
  acknowledge_due BIGINT NOT NULL,
  status TEXT NOT NULL,
  justification TEXT NOT NULL DEFAULT '',
  fixed_in_version TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  triaged_at BIGINT,
  triaged_by BIGINT,
  overdue_recorded_at BIGINT,
  UNIQUE (firmware_version_id, cve_id, component_ref)
);
CREATE INDEX findings_organization ON findings(organization_id);
CREATE INDEX findings_product ON findings(product_id);
CREATE INDEX findings_status_due ON findings(status, acknowledge_due);
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);
)sql";

// findings.remediation: what the vendor offers for an affected firmware
//   version (CSAF remediation category: mitigation, workaround,
//   none_available, no_fix_planned; '' when not affected).
const std::string_view kFindingRemediation = R"sql(
ALTER TABLE findings ADD COLUMN remediation TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace iotmark::store
