#include "catalog/level_criteria.h"

#include <optional>
#include <set>
#include <utility>

namespace iotmark::catalog {
namespace {

Status Invalid(const std::string& where, const std::string& message) {
  return Status::InvalidArgument(where + ": " + message);
}

// Depth-first over (pack, level), so a level's target is resolved before it.
class Resolver {
 public:
  Resolver(const LevelLocations& where, std::vector<Pack>* packs) : where_(where), packs_(*packs) {}

  Status Run() {
    for (std::size_t p = 0; p < packs_.size(); ++p) {
      for (std::size_t l = 0; l < packs_[p].levels.size(); ++l) {
        IOTMARK_RETURN_IF_ERROR(Resolve(p, l));
      }
    }
    return Status::Ok();
  }

 private:
  using Key = std::pair<std::size_t, std::size_t>;  // pack index, level index

  const LevelLocation& Where(Key key) const {
    return where_.at(packs_[key.first].id).at(key.second);
  }

  std::string Name(Key key) const {
    return packs_[key.first].id + ":" + packs_[key.first].levels[key.second].id;
  }

  std::optional<std::size_t> PackIndex(std::string_view id) const {
    for (std::size_t p = 0; p < packs_.size(); ++p) {
      if (packs_[p].id == id) return p;
    }
    return std::nullopt;
  }

  static std::optional<std::size_t> LevelIndex(const Pack& pack, std::string_view id) {
    for (std::size_t l = 0; l < pack.levels.size(); ++l) {
      if (pack.levels[l].id == id) return l;
    }
    return std::nullopt;
  }

  // The criteria `extends` names, seen from a level of pack `from`.
  Result<std::vector<Requirement>> Target(Key from, const std::string& extends) {
    const Pack& pack = packs_[from.first];
    std::optional<Key> level;
    if (auto colon = extends.find(':'); colon != std::string::npos) {
      if (auto p = PackIndex(extends.substr(0, colon))) {
        if (auto l = LevelIndex(packs_[*p], extends.substr(colon + 1))) level = Key{*p, *l};
      }
    } else if (auto l = LevelIndex(pack, extends)) {
      level = Key{from.first, *l};
    } else if (auto p = PackIndex(extends)) {
      if (packs_[*p].kind != "criteria") {
        return Invalid(Where(from).extends, "\"" + extends +
                                                "\" is a reference pack; a level extends the "
                                                "criteria of a criteria pack or a level");
      }
      return packs_[*p].requirements;
    }
    if (!level) {
      std::string levels;
      for (const Level& other : pack.levels) levels += (levels.empty() ? "" : ", ") + other.id;
      return Invalid(Where(from).extends,
                     "no level or criteria pack \"" + extends + "\" to extend (levels of \"" +
                         pack.id + "\": " + levels + "; or a pack id, or \"pack:level\")");
    }
    IOTMARK_RETURN_IF_ERROR(Resolve(level->first, level->second));
    return packs_[level->first].levels[level->second].effective_criteria;
  }

  Status Resolve(std::size_t p, std::size_t l) {
    Key key{p, l};
    if (done_.contains(key)) return Status::Ok();
    for (std::size_t i = 0; i < chain_.size(); ++i) {
      if (chain_[i] != key) continue;
      std::string cycle;
      for (std::size_t j = i; j < chain_.size(); ++j) cycle += Name(chain_[j]) + " → ";
      return Invalid(Where(key).extends, "extends cycle: " + cycle + Name(key));
    }
    chain_.push_back(key);
    Pack& pack = packs_[p];
    const LevelLocation& where = Where(key);
    std::vector<Requirement> criteria;
    // Copy what the level needs: Target may resolve other levels of this pack.
    const std::string extends = pack.levels[l].extends;
    if (!extends.empty()) {
      Result<std::vector<Requirement>> target = Target(key, extends);
      if (!target.ok()) return target.status();
      criteria = std::move(target).value();
    } else if (pack.levels[l].requirements.empty() && pack.levels[l].available) {
      if (pack.levels[l].criteria == "product-type") {
        return Invalid(where.where,
                       "level \"" + pack.levels[l].id +
                           "\" has criteria: product-type and available: true but neither "
                           "extends: nor requirements: (give its criteria, or available: false)");
      }
      criteria = pack.requirements;  // a common-criteria level: the pack's own
    }
    Level& level = pack.levels[l];
    std::set<std::string> ids;
    for (const Requirement& requirement : criteria) ids.insert(requirement.id);
    for (std::size_t i = 0; i < level.requirements.size(); ++i) {
      const Requirement& own = level.requirements[i];
      if (!ids.insert(own.id).second) {
        return Invalid(where.requirements.at(i) + ".id",
                       "criterion id \"" + own.id + "\" is already among the criteria level \"" +
                           level.id + "\" extends (" + extends + ")");
      }
      criteria.push_back(own);
    }
    level.effective_criteria = std::move(criteria);
    chain_.pop_back();
    done_.insert(key);
    return Status::Ok();
  }

  const LevelLocations& where_;
  std::vector<Pack>& packs_;
  std::vector<Key> chain_;
  std::set<Key> done_;
};

}  // namespace

Status ResolveLevelCriteria(const LevelLocations& where, std::vector<Pack>* packs) {
  return Resolver(where, packs).Run();
}

}  // namespace iotmark::catalog
