// Turns one parsed YAML pack file into catalog structures, checking each
// field's presence and type. Checks that need the whole catalog (unique ids,
// cross-references to other packs, fee levels) happen in Catalog::Load, so
// every parsed item keeps `where`: "<file>:<line>:<column>: <field path>".
#ifndef IOTMARK_CATALOG_PACK_PARSER_H_
#define IOTMARK_CATALOG_PACK_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"

namespace iotmark::catalog {

template <typename T>
struct Located {
  T value;
  std::string where;  // "<file>:<line>:<column>: <path>"
};

struct ParsedRequirement {
  Requirement value;
  std::string where;
  std::vector<std::string> cross_reference_where;  // one per value.cross_references
};

// A level with where its parts were read.
struct ParsedLevel {
  Level value;
  std::string where;
  std::string extends_where;                    // location of `extends`, or `where`
  std::vector<ParsedRequirement> requirements;  // moved into value.requirements at merge
};

// One YAML file: either a pack (`id:` at the top) or an extension of a pack
// defined elsewhere (`extends: <pack id>`), which may add requirements,
// levels, fees and label statuses.
struct PackFile {
  std::string file_name;
  int layer = 0;        // index of the folder it came from (Catalog::LoadLayers)
  std::string where;    // location of the top-level mapping
  std::string extends;  // non-empty for an extension
  Pack header;          // id, kind, names, version, source (empty for an extension)
  std::vector<ParsedRequirement> requirements;
  std::vector<ParsedLevel> levels;
  std::vector<Located<FeeRule>> fees;
  std::vector<Located<LabelStatus>> statuses;
  std::optional<Workflow> workflow;  // carries its own locations
};

Result<PackFile> ParsePackFile(const YAML::Node& root, const std::string& file_name);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_PACK_PARSER_H_
