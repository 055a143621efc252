// Catalog::Crosswalk and Catalog::CoverageOf: queries over cross-references.
#include <algorithm>

#include "catalog/catalog.h"

namespace iotmark::catalog {
namespace {

void AddUnique(std::vector<std::string>* list, std::string value) {
  if (std::find(list->begin(), list->end(), value) == list->end())
    list->push_back(std::move(value));
}

}  // namespace

std::vector<CrosswalkHit> Catalog::Crosswalk(std::string_view scheme, std::string_view ref) const {
  std::vector<CrosswalkHit> hits;
  for (const Pack& pack : packs_) {
    for (const Requirement& requirement : pack.requirements) {
      for (const CrossReference& reference : requirement.cross_references) {
        if (reference.scheme == scheme && reference.ref == ref) {
          hits.push_back({&requirement, &reference});
        }
      }
    }
  }
  return hits;
}

Result<Coverage> Catalog::CoverageOf(std::string_view pack_id, std::string_view against) const {
  const Pack* pack = FindPack(pack_id);
  if (pack == nullptr) return Status::NotFound("unknown pack \"" + std::string(pack_id) + "\"");
  const Pack* other = FindPack(against);
  if (other == nullptr) return Status::NotFound("unknown pack \"" + std::string(against) + "\"");
  Coverage coverage;
  coverage.pack = pack->id;
  coverage.against = other->id;
  for (const Requirement& provision : other->requirements) {
    Coverage::Entry entry;
    entry.provision = provision.id;
    entry.title = provision.title_ja.empty() || provision.title_en.empty()
                      ? provision.title_ja + provision.title_en
                      : provision.title_ja + " / " + provision.title_en;
    for (const Requirement& requirement : pack->requirements) {
      for (const CrossReference& reference : requirement.cross_references) {
        if (reference.scheme == other->id && reference.ref == provision.id) {
          AddUnique(&entry.covered_by, requirement.id);
        }
      }
    }
    // Equivalences the other scheme states itself (UK PSTI §1 ≙ ETSI 5.1-1,
    // 5.1-2): requirements of the pack that reference such an equivalent.
    for (const CrossReference& equivalent : provision.cross_references) {
      if (equivalent.scheme == pack->id) {
        AddUnique(&entry.related_by, equivalent.ref + " (" + pack->id + ")");
        continue;
      }
      for (const Requirement& requirement : pack->requirements) {
        for (const CrossReference& reference : requirement.cross_references) {
          if (reference.scheme == equivalent.scheme && reference.ref == equivalent.ref) {
            AddUnique(&entry.related_by,
                      requirement.id + " (" + equivalent.scheme + " " + equivalent.ref + ")");
          }
        }
      }
    }
    if (!entry.covered_by.empty()) ++coverage.covered_count;
    coverage.entries.push_back(std::move(entry));
  }
  return coverage;
}

}  // namespace iotmark::catalog
