// Catalog::Load: reads every pack file, merges extensions into their packs and
// checks what needs the whole catalog (unique ids, cross-references, fees).
#include "catalog/catalog.h"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

#include "catalog/level_criteria.h"
#include "catalog/pack_parser.h"
#include "catalog/workflow_parser.h"
#include "catalog/yaml_document.h"

namespace iotmark::catalog {
namespace {

Status Invalid(const std::string& where, const std::string& message) {
  return Status::InvalidArgument(where + ": " + message);
}

Result<std::vector<std::filesystem::path>> FindPackFiles(const std::filesystem::path& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return Status::IoError(directory.string() + ": not a folder of scheme packs (does not exist " +
                           "or is not a directory)");
  }
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(
      directory, std::filesystem::directory_options::skip_permission_denied, error);
  if (error) return Status::IoError(directory.string() + ": cannot list: " + error.message());
  for (; it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (error) return Status::IoError(directory.string() + ": cannot list: " + error.message());
    const std::filesystem::path& path = it->path();
    std::string extension = path.extension().string();
    if (extension != ".yaml" && extension != ".yml") continue;
    if (!it->is_regular_file(error)) continue;
    files.push_back(path);
    if (files.size() > static_cast<std::size_t>(Catalog::kMaxFiles)) {
      return Status::InvalidArgument(directory.string() + ": more than " +
                                     std::to_string(Catalog::kMaxFiles) + " YAML files");
    }
  }
  if (error) return Status::IoError(directory.string() + ": cannot list: " + error.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    return Status::NotFound(directory.string() + ": no scheme pack files (*.yaml) found");
  }
  return files;
}

// Where each merged item came from, for errors found after merging.
struct Locations {
  std::map<std::string, std::string> pack;                       // pack id → where
  std::map<std::string, std::vector<std::string>> requirements;  // pack id → per requirement
  std::map<std::string, std::vector<std::vector<std::string>>> cross_references;
  std::map<std::string, std::vector<std::string>> fees, statuses;
  LevelLocations levels;
};

// Adds a level to its pack; a level from a later folder (layer) replaces the
// one of the same id from an earlier folder.
void AddLevel(ParsedLevel level, int layer, Pack* pack, std::vector<LevelLocation>* where) {
  LevelLocation location;
  location.where = level.where;
  location.extends = level.extends_where;
  location.layer = layer;
  for (ParsedRequirement& requirement : level.requirements) {
    level.value.requirements.push_back(std::move(requirement.value));
    location.requirements.push_back(requirement.where);
    location.cross_references.push_back(requirement.cross_reference_where);
  }
  for (std::size_t i = 0; i < pack->levels.size(); ++i) {
    if (pack->levels[i].id == level.value.id && (*where)[i].layer < layer) {
      pack->levels[i] = std::move(level.value);
      (*where)[i] = std::move(location);
      return;
    }
  }
  pack->levels.push_back(std::move(level.value));
  where->push_back(std::move(location));
}

Status Merge(std::vector<PackFile> files, std::vector<Pack>* packs, Locations* where) {
  std::map<std::string, std::size_t> index;
  for (PackFile& file : files) {
    if (!file.extends.empty()) continue;
    const std::string id = file.header.id;
    if (index.count(id) != 0) {
      return Invalid(file.where + ".id",
                     "pack id \"" + id + "\" is already defined at " + where->pack[id]);
    }
    index[id] = packs->size();
    where->pack[id] = file.where;
    Pack pack = std::move(file.header);
    file.header.id = id;  // still needed below to attach levels, fees and statuses
    pack.files.push_back(file.file_name);
    for (ParsedRequirement& requirement : file.requirements) {
      pack.requirements.push_back(std::move(requirement.value));
      where->requirements[id].push_back(requirement.where);
      where->cross_references[id].push_back(requirement.cross_reference_where);
    }
    packs->push_back(std::move(pack));
  }
  for (PackFile& file : files) {
    std::string id = file.extends.empty() ? file.header.id : file.extends;
    auto found = index.find(id);
    if (found == index.end()) {
      return Invalid(file.where + ".extends", "no pack with id \"" + id + "\" to extend");
    }
    Pack& pack = (*packs)[found->second];
    if (!file.extends.empty()) pack.files.push_back(file.file_name);
    for (ParsedLevel& level : file.levels) {
      AddLevel(std::move(level), file.layer, &pack, &where->levels[id]);
    }
    for (auto& fee : file.fees) {
      pack.fees.push_back(std::move(fee.value));
      where->fees[id].push_back(fee.where);
    }
    for (auto& status : file.statuses) {
      pack.label_statuses.push_back(status.value.id);
      pack.statuses.push_back(std::move(status.value));
      where->statuses[id].push_back(status.where);
    }
    if (file.workflow) {
      if (pack.workflow) {
        return Invalid(file.workflow->where, "pack \"" + id + "\" already has a workflow (" +
                                                 pack.workflow->where + ")");
      }
      pack.workflow = std::move(file.workflow);
    }
  }
  return Status::Ok();
}

template <typename Item, typename IdOf>
Status CheckUnique(const std::vector<Item>& items, const std::vector<std::string>& locations,
                   IdOf id_of, const char* what) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto [it, inserted] = seen.emplace(id_of(items[i]), i);
    if (!inserted) {
      return Invalid(locations[i] + ".id", std::string("duplicate ") + what + " id \"" + it->first +
                                               "\" (first at " + locations[it->second] + ")");
    }
  }
  return Status::Ok();
}

Status CheckFees(const Pack& pack, const std::vector<std::string>& locations) {
  for (std::size_t i = 0; i < pack.fees.size(); ++i) {
    const FeeRule& fee = pack.fees[i];
    if (pack.FindLevel(fee.level) == nullptr) {
      return Invalid(locations[i] + ".level",
                     "\"" + fee.level + "\" is not a level of pack \"" + pack.id + "\"");
    }
    for (std::size_t j = 0; j < i; ++j) {
      const FeeRule& other = pack.fees[j];
      if (other.level != fee.level || other.application_kind != fee.application_kind) continue;
      std::string from_a = fee.valid_from.empty() ? "0000-00-00" : fee.valid_from;
      std::string until_a = fee.valid_until.empty() ? "9999-99-99" : fee.valid_until;
      std::string from_b = other.valid_from.empty() ? "0000-00-00" : other.valid_from;
      std::string until_b = other.valid_until.empty() ? "9999-99-99" : other.valid_until;
      if (from_a <= until_b && from_b <= until_a) {
        return Invalid(locations[i], "date window overlaps the fee rule at " + locations[j]);
      }
    }
  }
  return Status::Ok();
}

// A known pack, and a provision that pack lists, for every cross-reference.
Status CheckCrossReferences(const std::vector<Pack>& packs, const Locations& where,
                            const std::vector<Requirement>& requirements,
                            const std::vector<std::vector<std::string>>& reference_where) {
  for (std::size_t i = 0; i < requirements.size(); ++i) {
    const Requirement& requirement = requirements[i];
    for (std::size_t j = 0; j < requirement.cross_references.size(); ++j) {
      const CrossReference& reference = requirement.cross_references[j];
      const std::string& at = reference_where[i][j];
      auto target = std::find_if(packs.begin(), packs.end(),
                                 [&](const Pack& p) { return p.id == reference.scheme; });
      if (target == packs.end()) {
        std::string known;
        for (const Pack& p : packs) known += (known.empty() ? "" : ", ") + p.id;
        return Invalid(at + ".scheme", "unknown scheme \"" + reference.scheme +
                                           "\" (known pack ids: " + known + ")");
      }
      if (target->FindRequirement(reference.ref) == nullptr) {
        return Invalid(at + ".ref",
                       "\"" + reference.ref + "\" is not a provision listed in pack \"" +
                           reference.scheme + "\" (" + where.pack.at(target->id) + ")");
      }
    }
  }
  return Status::Ok();
}

Status Validate(const std::vector<Pack>& packs, const Locations& where) {
  std::map<std::string, std::string> criteria_ids;  // id → where, across criteria packs
  for (const Pack& pack : packs) {
    const auto& requirement_where = where.requirements.at(pack.id);
    IOTMARK_RETURN_IF_ERROR(CheckUnique(
        pack.requirements, requirement_where, [](const Requirement& r) { return r.id; },
        "requirement"));
    auto add_criteria_ids = [&](const std::vector<Requirement>& requirements,
                                const std::vector<std::string>& at) -> Status {
      for (std::size_t i = 0; i < requirements.size(); ++i) {
        auto [it, inserted] = criteria_ids.emplace(requirements[i].id, at[i]);
        if (!inserted) {
          return Invalid(at[i] + ".id", "duplicate requirement id \"" + it->first +
                                            "\" (first at " + it->second + ")");
        }
      }
      return Status::Ok();
    };
    if (pack.kind == "criteria") {
      IOTMARK_RETURN_IF_ERROR(add_criteria_ids(pack.requirements, requirement_where));
    }
    static const std::vector<std::string> kNone;
    auto locations = [](const auto& map, const std::string& id) -> const std::vector<std::string>& {
      auto found = map.find(id);
      return found == map.end() ? kNone : found->second;
    };
    std::vector<std::string> level_where;
    for (std::size_t i = 0; i < pack.levels.size(); ++i) {
      const LevelLocation& at = where.levels.at(pack.id)[i];
      level_where.push_back(at.where);
      if (pack.levels[i].requirements.empty()) continue;
      if (pack.kind != "criteria") {
        return Invalid(at.where + ".requirements",
                       "only the levels of a criteria pack list requirements");
      }
      IOTMARK_RETURN_IF_ERROR(add_criteria_ids(pack.levels[i].requirements, at.requirements));
    }
    IOTMARK_RETURN_IF_ERROR(CheckUnique(
        pack.levels, level_where, [](const Level& l) { return l.id; }, "level"));
    IOTMARK_RETURN_IF_ERROR(CheckUnique(
        pack.statuses, locations(where.statuses, pack.id),
        [](const LabelStatus& s) { return s.id; }, "label status"));
    IOTMARK_RETURN_IF_ERROR(CheckFees(pack, locations(where.fees, pack.id)));
  }
  for (const Pack& pack : packs) {
    IOTMARK_RETURN_IF_ERROR(
        CheckCrossReferences(packs, where, pack.requirements, where.cross_references.at(pack.id)));
    for (std::size_t i = 0; i < pack.levels.size(); ++i) {
      IOTMARK_RETURN_IF_ERROR(CheckCrossReferences(packs, where, pack.levels[i].requirements,
                                                   where.levels.at(pack.id)[i].cross_references));
    }
  }
  return Status::Ok();
}

}  // namespace

bool Requirement::RequiresDeviceTest() const { return FindMethod("device-test") != nullptr; }

bool Requirement::HasDocumentReview() const { return FindMethod("document") != nullptr; }

const EvaluationMethod* Requirement::FindMethod(std::string_view kind) const {
  for (const EvaluationMethod& method : evaluation_methods) {
    if (method.kind == kind) return &method;
  }
  return nullptr;
}

const Requirement* Pack::FindRequirement(std::string_view requirement_id) const {
  for (const Requirement& requirement : requirements) {
    if (requirement.id == requirement_id) return &requirement;
  }
  for (const Level& level : levels) {
    for (const Requirement& requirement : level.requirements) {
      if (requirement.id == requirement_id) return &requirement;
    }
  }
  return nullptr;
}

const LabelStatus* Pack::FindStatus(std::string_view status_id) const {
  for (const LabelStatus& status : statuses) {
    if (status.id == status_id) return &status;
  }
  return nullptr;
}

const Level* Pack::FindLevel(std::string_view level_id) const {
  for (const Level& level : levels) {
    if (level.id == level_id) return &level;
  }
  return nullptr;
}

Result<Catalog> Catalog::Load(const std::filesystem::path& directory) {
  std::error_code error;
  const std::string text = directory.string();
  if (text.find(':') == std::string::npos || std::filesystem::is_directory(directory, error)) {
    return LoadLayers({directory});
  }
  std::vector<std::filesystem::path> layers;
  for (std::size_t start = 0;;) {
    std::size_t colon = text.find(':', start);
    std::string part = text.substr(start, colon - start);
    if (part.empty()) {
      return Status::InvalidArgument(text + ": an empty folder in the list of scheme folders");
    }
    layers.emplace_back(part);
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return LoadLayers(layers);
}

Result<Catalog> Catalog::LoadLayers(const std::vector<std::filesystem::path>& directories) {
  if (directories.empty()) return Status::InvalidArgument("no scheme folder given");
  std::vector<PackFile> files;
  for (std::size_t layer = 0; layer < directories.size(); ++layer) {
    Result<std::vector<std::filesystem::path>> paths = FindPackFiles(directories[layer]);
    if (!paths.ok()) return paths.status();
    if (files.size() + paths->size() > static_cast<std::size_t>(kMaxFiles)) {
      return Status::InvalidArgument("more than " + std::to_string(kMaxFiles) +
                                     " YAML files in the scheme folders");
    }
    for (const std::filesystem::path& path : *paths) {
      Result<YAML::Node> document = LoadYamlDocument(path, kMaxFileBytes);
      if (!document.ok()) return document.status();
      auto parse = [&]() -> Result<PackFile> {
        try {
          return ParsePackFile(*document, path.string());
        } catch (const std::exception& error) {  // yaml-cpp throws on misuse; never let it escape
          return Status::ParseError(path.string() + ": cannot read pack: " + error.what());
        }
      };
      Result<PackFile> file = parse();
      if (!file.ok()) return file.status();
      file->layer = static_cast<int>(layer);
      files.push_back(std::move(file).value());
    }
  }
  Catalog catalog;
  Locations where;
  IOTMARK_RETURN_IF_ERROR(Merge(std::move(files), &catalog.packs_, &where));
  IOTMARK_RETURN_IF_ERROR(Validate(catalog.packs_, where));
  IOTMARK_RETURN_IF_ERROR(ResolveLevelCriteria(where.levels, &catalog.packs_));
  for (Pack& pack : catalog.packs_) IOTMARK_RETURN_IF_ERROR(CheckWorkflow(&pack));
  std::stable_sort(catalog.packs_.begin(), catalog.packs_.end(), [](const Pack& a, const Pack& b) {
    if (a.kind != b.kind) return a.kind == "criteria";
    return a.id < b.id;
  });
  return catalog;
}

Result<const std::vector<Requirement>*> Pack::LevelCriteria(std::string_view level_id) const {
  const Level* level = FindLevel(level_id);
  if (level == nullptr) {
    std::string known;
    for (const Level& other : levels) known += (known.empty() ? "" : ", ") + other.id;
    return Status::NotFound("\"" + std::string(level_id) + "\" is not a level of scheme \"" + id +
                            "\" (levels: " + (known.empty() ? "none" : known) +
                            ") / 制度のレベルではありません")
        .WithField("level");
  }
  if (!level->available) {
    return Status::FailedPrecondition(
               "the criteria of " + level->name_en + " (" + level->id + ", " + level->name_ja +
               ") are not in this catalog; only levels with available: true can be assessed / " +
               level->name_ja + " の適合基準はこのカタログにありません")
        .WithField("level");
  }
  return &level->effective_criteria;
}

Result<const std::vector<Requirement>*> Catalog::LevelCriteria(std::string_view scheme,
                                                               std::string_view level) const {
  const Pack* pack = FindPack(scheme);
  if (pack == nullptr) {
    return Status::NotFound("unknown scheme \"" + std::string(scheme) + "\" / 未知の制度です")
        .WithField("scheme");
  }
  return pack->LevelCriteria(level);
}

const Pack* Catalog::FindPack(std::string_view id) const {
  for (const Pack& pack : packs_) {
    if (pack.id == id) return &pack;
  }
  return nullptr;
}

const Requirement* Catalog::FindRequirement(std::string_view id) const {
  for (const Pack& pack : packs_) {
    if (pack.kind != "criteria") continue;
    if (const Requirement* found = pack.FindRequirement(id)) return found;
  }
  if (auto colon = id.find(':'); colon != std::string_view::npos) {
    if (const Requirement* found = FindRequirement(id.substr(0, colon), id.substr(colon + 1))) {
      return found;
    }
  }
  for (const Pack& pack : packs_) {
    if (pack.kind == "criteria") continue;
    if (const Requirement* found = pack.FindRequirement(id)) return found;
  }
  return nullptr;
}

const Requirement* Catalog::FindRequirement(std::string_view pack, std::string_view id) const {
  const Pack* found = FindPack(pack);
  return found == nullptr ? nullptr : found->FindRequirement(id);
}

}  // namespace iotmark::catalog
