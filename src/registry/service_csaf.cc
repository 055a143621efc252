// RegistryService: which labels have published security information, from
// the vendor's records or the monitoring's published findings (the CSAF
// provider lists their documents; src/csaf builds them).
#include "registry/service_internal.h"

namespace iotmark::registry {

Result<std::vector<std::string>> RegistryService::ListLabelsWithVulnerabilities() {
  std::vector<std::string> numbers;
  const TimePoint now = impl_->clock.Now();
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto listed = impl_->repos().labels->ListNumbersWithSecurityInformation(transaction, now);
    if (!listed.ok()) return listed.status();
    numbers = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return numbers;
}

}  // namespace iotmark::registry
