// FindingsRepository: storage of the vulnerability-monitoring aggregate
// (registry/findings.h): the SBOM kept per firmware version with its
// components, the services identified from device-test reports, and the
// findings with their triage. See registry/repositories.h for the contract
// every repository keeps.
//
// Findings are returned as stored: `triage_overdue` and `public_state`
// depend on the time of reading, so the service computes them.
#ifndef IOTMARK_REGISTRY_FINDINGS_REPOSITORY_H_
#define IOTMARK_REGISTRY_FINDINGS_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "registry/findings.h"
#include "registry/sbom.h"
#include "store/store.h"

namespace iotmark::registry {

// An SBOM to keep for one firmware version of a product.
struct SbomRecord {
  std::int64_t firmware_version_id = 0;
  std::int64_t product_id = 0;
  std::string format;        // "cyclonedx" | "spdx"
  std::string spec_version;  // "1.5" | "SPDX-2.3"
  std::string document;      // as attached
  std::string document_sha256;
  std::int64_t total_components = 0;
  std::vector<SbomComponent> components;  // the kept ones (with purl and/or CPE)
  TimePoint attached_at;
  std::int64_t attached_by = 0;  // user id
};

// A service identified from its banner in a device-test report.
struct ServiceIdentification {
  std::int64_t port = 0;
  std::string name;  // "tcp/21 vsftpd"
  std::string version;
  std::string cpe;
};

class FindingsRepository {
 public:
  virtual ~FindingsRepository() = default;

  // ------------------------------------------------------------ SBOMs, services
  // Keeps `sbom` (with its components) for its firmware version, replacing
  // the version's earlier SBOM and components; yields its id.
  virtual Result<std::int64_t> ReplaceSbom(store::Transaction& transaction,
                                           const SbomRecord& sbom) = 0;
  // The product's SBOMs by ascending id.
  virtual Result<std::vector<SbomSummary>> ListSboms(store::Transaction& transaction,
                                                     std::int64_t product_id) = 0;
  // The document kept for the firmware version; nullopt when none is.
  virtual Result<std::optional<std::string>> FindSbomDocument(store::Transaction& transaction,
                                                              std::int64_t firmware_version_id) = 0;
  // Replaces the firmware version's service identifications with
  // `services`, recorded at `at`.
  virtual Status ReplaceServiceIdentifications(store::Transaction& transaction,
                                               std::int64_t firmware_version_id,
                                               const std::vector<ServiceIdentification>& services,
                                               TimePoint at) = 0;
  // Every kept SBOM component (source "sbom", by ascending component id),
  // then every service identification (source "device-test", no purl, by
  // ascending id).
  virtual Result<std::vector<MonitoredComponent>> ListMonitoredComponents(
      store::Transaction& transaction) = 0;
  // Every firmware version of the product (ascending id) with whether, and
  // when, an SBOM was kept for it.
  virtual Result<std::vector<PublicFirmwareMonitoring>> ListFirmwareSbomState(
      store::Transaction& transaction, std::int64_t product_id) = 0;

  // ------------------------------------------------------------ findings
  // True when a finding of the firmware version about `cve_id` matched
  // through `component_ref` is stored.
  virtual Result<bool> FindingExists(store::Transaction& transaction,
                                     std::int64_t firmware_version_id, std::string_view cve_id,
                                     std::string_view component_ref) = 0;
  // Stores a new finding (id, firmware_version, triage fields and derived
  // fields ignored; status kept); yields its id.
  virtual Result<std::int64_t> InsertFinding(store::Transaction& transaction,
                                             const Finding& finding) = 0;
  virtual Result<std::optional<Finding>> FindFinding(store::Transaction& transaction,
                                                     std::int64_t id) = 0;
  // Findings by ascending id: of one product, of one organisation, or all.
  virtual Result<std::vector<Finding>> ListFindingsOfProduct(store::Transaction& transaction,
                                                             std::int64_t product_id) = 0;
  virtual Result<std::vector<Finding>> ListFindingsOfOrganization(store::Transaction& transaction,
                                                                  std::int64_t organization_id) = 0;
  virtual Result<std::vector<Finding>> ListAllFindings(store::Transaction& transaction) = 0;
  // Findings still "new" whose acknowledgement deadline is at or before
  // `due_by`, earliest deadline first (then id); with `unrecorded_only`,
  // only those whose overdue change was not recorded yet.
  virtual Result<std::vector<Finding>> ListUntriagedDue(store::Transaction& transaction,
                                                        TimePoint due_by, bool unrecorded_only) = 0;
  // Stores the vendor's triage of finding `id`, made at `at` by user `by`.
  virtual Status UpdateTriage(store::Transaction& transaction, std::int64_t id,
                              const FindingTriage& triage, TimePoint at, std::int64_t by) = 0;
  // Notes that the overdue change of finding `id` was recorded at `at`.
  virtual Status MarkOverdueRecorded(store::Transaction& transaction, std::int64_t id,
                                     TimePoint at) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_FINDINGS_REPOSITORY_H_
