// The FindingsRepository (registry/findings_repository.h) for every backend:
// tables sboms, sbom_components, service_identifications and findings, read
// with their firmware_versions (store migrations), portable SQL only
// (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_FINDINGS_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_FINDINGS_REPOSITORY_H_

#include "registry/findings_repository.h"

namespace iotmark::persistence::portable {

class PortableFindingsRepository final : public registry::FindingsRepository {
 public:
  Result<std::int64_t> ReplaceSbom(store::Transaction& transaction,
                                   const registry::SbomRecord& sbom) override;
  Result<std::vector<registry::SbomSummary>> ListSboms(store::Transaction& transaction,
                                                       std::int64_t product_id) override;
  Result<std::optional<std::string>> FindSbomDocument(store::Transaction& transaction,
                                                      std::int64_t firmware_version_id) override;
  Status ReplaceServiceIdentifications(store::Transaction& transaction,
                                       std::int64_t firmware_version_id,
                                       const std::vector<registry::ServiceIdentification>& services,
                                       TimePoint at) override;
  Result<std::vector<registry::MonitoredComponent>> ListMonitoredComponents(
      store::Transaction& transaction) override;
  Result<std::vector<registry::PublicFirmwareMonitoring>> ListFirmwareSbomState(
      store::Transaction& transaction, std::int64_t product_id) override;

  Result<bool> FindingExists(store::Transaction& transaction, std::int64_t firmware_version_id,
                             std::string_view cve_id, std::string_view component_ref) override;
  Result<std::int64_t> InsertFinding(store::Transaction& transaction,
                                     const registry::Finding& finding) override;
  Result<std::optional<registry::Finding>> FindFinding(store::Transaction& transaction,
                                                       std::int64_t id) override;
  Result<std::vector<registry::Finding>> ListFindingsOfProduct(store::Transaction& transaction,
                                                               std::int64_t product_id) override;
  Result<std::vector<registry::Finding>> ListFindingsOfOrganization(
      store::Transaction& transaction, std::int64_t organization_id) override;
  Result<std::vector<registry::Finding>> ListAllFindings(store::Transaction& transaction) override;
  Result<std::vector<registry::Finding>> ListUntriagedDue(store::Transaction& transaction,
                                                          TimePoint due_by,
                                                          bool unrecorded_only) override;
  Status UpdateTriage(store::Transaction& transaction, std::int64_t id,
                      const registry::FindingTriage& triage, TimePoint at,
                      std::int64_t by) override;
  Status MarkOverdueRecorded(store::Transaction& transaction, std::int64_t id,
                             TimePoint at) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_FINDINGS_REPOSITORY_H_
