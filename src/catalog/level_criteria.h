// Resolves each level's effective criteria at load (Catalog::Load): the
// criteria of its `extends` target first, then its own requirements. Refuses
// an unknown target, an extends cycle, a criterion id given twice, and an
// available product-type level with no criteria of its own. Internal to the
// catalog library.
#ifndef IOTMARK_CATALOG_LEVEL_CRITERIA_H_
#define IOTMARK_CATALOG_LEVEL_CRITERIA_H_

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"

namespace iotmark::catalog {

// Where a merged level and its parts were read ("<file>:<line>:<col>: <path>").
struct LevelLocation {
  std::string where;
  std::string extends;
  std::vector<std::string> requirements;                   // one per own requirement
  std::vector<std::vector<std::string>> cross_references;  // per own requirement
  int layer = 0;                                           // Catalog::LoadLayers folder
};

// pack id → one location per level, in the order of Pack::levels.
using LevelLocations = std::map<std::string, std::vector<LevelLocation>>;

// Fills Level::effective_criteria of every level of every pack.
Status ResolveLevelCriteria(const LevelLocations& where, std::vector<Pack>* packs);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_LEVEL_CRITERIA_H_
