// Catalog::FeeFor: the fee rule whose date window contains the filing date.
#include <chrono>

#include "catalog/catalog.h"

namespace iotmark::catalog {

Result<FeeRule> Catalog::FeeFor(std::string_view pack_id, std::string_view level,
                                std::string_view application_kind, TimePoint date) const {
  const Pack* pack = FindPack(pack_id);
  if (pack == nullptr) return Status::NotFound("unknown pack \"" + std::string(pack_id) + "\"");
  if (pack->FindLevel(level) == nullptr) {
    return Status::NotFound("pack \"" + pack->id + "\" has no level \"" + std::string(level) +
                            "\"");
  }
  // Applications are received in Japan: the filing day is the JST calendar day.
  const std::string day = FormatDate(date + std::chrono::hours(9));
  const FeeRule* best = nullptr;
  for (const FeeRule& fee : pack->fees) {
    if (fee.level != level) continue;
    if (fee.application_kind != application_kind && fee.application_kind != "*") continue;
    if (!fee.valid_from.empty() && day < fee.valid_from) continue;
    if (!fee.valid_until.empty() && day > fee.valid_until) continue;
    if (best == nullptr || best->application_kind == "*") best = &fee;
  }
  if (best == nullptr) {
    return Status::NotFound("no fee is known for " + pack->id + " level " + std::string(level) +
                            ", application kind \"" + std::string(application_kind) +
                            "\", filed on " + day + " (JST); 手数料情報なし");
  }
  return *best;
}

}  // namespace iotmark::catalog
