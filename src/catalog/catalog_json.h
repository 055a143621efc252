// JSON views of catalog structures, shared by the CLI (--json) and the server.
// Field names follow the YAML pack format (docs/catalog-format.md).
#ifndef IOTMARK_CATALOG_CATALOG_JSON_H_
#define IOTMARK_CATALOG_CATALOG_JSON_H_

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"

namespace iotmark::catalog {

nlohmann::ordered_json ToJson(const CrossReference& reference);
nlohmann::ordered_json ToJson(const Requirement& requirement);
nlohmann::ordered_json ToJson(const Level& level);
nlohmann::ordered_json ToJson(const FeeRule& fee);
nlohmann::ordered_json ToJson(const LabelStatus& status);
// The pack's header, levels, fees and statuses; requirements only when asked.
nlohmann::ordered_json ToJson(const Pack& pack, bool with_requirements);
nlohmann::ordered_json ToJson(const Coverage& coverage);
nlohmann::ordered_json ToJson(const CrosswalkHit& hit);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_CATALOG_JSON_H_
