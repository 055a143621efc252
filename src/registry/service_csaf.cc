// RegistryService: which labels have published security information (the
// CSAF provider lists their documents; src/csaf builds them).
#include "registry/service_internal.h"

namespace iotmark::registry {

Result<std::vector<std::string>> RegistryService::ListLabelsWithVulnerabilities() {
  std::vector<std::string> numbers;
  Status status = impl_->store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT l.registration_number FROM labels l WHERE EXISTS "
        "(SELECT 1 FROM vulnerabilities v WHERE v.product_id = l.product_id) ORDER BY l.id",
        {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) numbers.push_back(row.Text(0));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return numbers;
}

}  // namespace iotmark::registry
