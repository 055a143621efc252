// RegistryService: which labels have published security information, from
// the vendor's records or the monitoring's published findings (the CSAF
// provider lists their documents; src/csaf builds them).
#include "registry/service_internal.h"

namespace iotmark::registry {

Result<std::vector<std::string>> RegistryService::ListLabelsWithVulnerabilities() {
  std::vector<std::string> numbers;
  const TimePoint now = impl_->clock.Now();
  Status status = impl_->store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT l.registration_number FROM labels l WHERE EXISTS "
        "(SELECT 1 FROM vulnerabilities v WHERE v.product_id = l.product_id) OR EXISTS "
        "(SELECT 1 FROM findings f WHERE f.product_id = l.product_id AND "
        "(f.status <> 'new' OR f.acknowledge_due <= ?)) ORDER BY l.id",
        {internal::Seconds(now)});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) numbers.push_back(row.Text(0));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return numbers;
}

}  // namespace iotmark::registry
