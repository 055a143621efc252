// The scheme catalog: every scheme pack under schemes/ (JC-STAR ★1, BMSec,
// CCDS, and reference packs for external schemes such as ETSI EN 303 645 or
// UK PSTI), loaded from YAML and validated at load.
//
// Invariants after a successful Load: pack ids are unique; requirement ids are
// unique within their pack and, for packs of kind "criteria", across the whole
// catalog (reference packs such as ETSI EN 303 645 and Singapore CLS share
// provision numbers like "5.1-3", so theirs are qualified by the pack id);
// every cross-reference names a known scheme id and a provision listed in that
// pack; every required field is non-empty. A Catalog is immutable after load
// and safe to share between threads. The YAML format is docs/catalog-format.md.
#ifndef IOTMARK_CATALOG_CATALOG_H_
#define IOTMARK_CATALOG_CATALOG_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "catalog/workflow.h"
#include "common/status.h"

namespace iotmark::catalog {

// A pointer from a requirement to a provision of another scheme.
struct CrossReference {
  std::string scheme;  // a pack id, e.g. "etsi-en-303-645", "uk-psti", "ccds"
  std::string ref;     // the provision id in that scheme, e.g. "5.1-5"
  std::string note;    // free text from the source, may be empty
};

// A numbered sub-item of a criterion (①, ②, … in the seed).
struct SubItem {
  std::string number;  // "1", "2", …
  std::string text_ja;
};

// How a criterion (or some of its sub-items) is evaluated.
struct EvaluationMethod {
  std::string kind;  // "document" (ドキュメント評価) or "device-test" (実機テスト)
  std::vector<std::string> sub_items;  // which SubItem numbers it covers; empty = all
  std::string description_ja;
  std::string note_ja;  // e.g. when this method falls away (S1.1-13 ①), may be empty
};

// A term the criterion defines (【用語定義】 in the seed).
struct Definition {
  std::string term_ja;
  std::string text_ja;
};

// One requirement of a pack: a ★1 criterion (S1.1-04), a BMSec requirement
// (IA-2), a CCDS item, or a provision of an external reference scheme.
struct Requirement {
  std::string id;
  std::string pack;            // the id of the pack it belongs to
  std::string category_ja;     // 要件分類 / requirement category
  std::string requirement_ja;  // セキュリティ要件
  std::string criterion_ja;    // 適合基準 (whole text)
  std::vector<SubItem> sub_items;
  std::string title_en;    // short English title
  std::string summary_en;  // English summary in our own words
  bool na_allowed = false;
  std::string na_conditions_ja;        // when NA may be declared
  std::string na_reason_must_show_ja;  // what an NA reason must show
  std::vector<EvaluationMethod> evaluation_methods;
  bool giteki_deeming = false;  // 技適 number deems this criterion met
  std::string giteki_note_ja;
  std::vector<CrossReference> cross_references;
  bool full_text_available = true;  // false when the sources give only an id/title
  std::string source;               // where the text comes from (seed file, public material)

  // Added beyond the agreed API:
  std::string title_ja;     // short Japanese title (reference provisions)
  std::string source_kind;  // "seed", "public" or "seed+public"
  std::string sub_items_rule;  // "all" (①～③のすべて) / "any" (いずれか) / "" (no sub-items)
  std::string giteki_basic_info_field_ja;  // what the 基本情報 sheet must carry when deemed
  std::vector<Definition> definitions;
  std::string note_ja;  // remarks on the data itself (gaps in the source, etc.)

  bool RequiresDeviceTest() const;
  bool HasDocumentReview() const;
  // The evaluation method of `kind`, or nullptr.
  const EvaluationMethod* FindMethod(std::string_view kind) const;
};

// A level of a scheme (★1 … ★4). Its criteria (LevelCriteria) are those of
// `extends` first (a level of the same pack, "pack:level", or a criteria
// pack's own requirements), then its own `requirements`; a level with
// neither has the pack's requirements (★1, criteria "common").
struct Level {
  std::string id;  // "star1" … "star4"
  int stars = 0;
  std::string name_ja;     // "★1"
  std::string assessment;  // "self-declaration" or "third-party"
  std::string criteria;    // "common" (製品類型共通) or "product-type" (製品類型別)
  int max_validity_months = 24;
  std::string description_ja;
  // Added beyond the agreed API:
  std::string name_en;  // "Level 1"
  std::string description_en;
  bool available = true;          // false while this catalog holds no criteria for the level
  std::string validity_rules_ja;  // validity, extension and loss rules (seed 004 1.4)
  std::string source;
  std::string extends;                    // "" / "star1" / "jcstar-star1" / "pack:level"
  std::vector<Requirement> requirements;  // the level's own criteria (product-type ones)
  // Filled at load: the extended criteria, then `requirements`, ids unique.
  std::vector<Requirement> effective_criteria;
};

// A status a label can be in (表2 適合ラベル情報でのステータス表示).
struct LabelStatus {
  std::string id;       // "active", "expired", "withdrawn", "revoked", "under-surveillance"
  std::string name_ja;  // "有効", "失効(有効期限切れ)", …
  std::string name_en;  // "Active", "Expired", …
  bool label_effective = false;  // whether the label still has effect in this status
  std::string description_ja;
};

// A fee rule: the amount due for one level and application kind in a date window.
struct FeeRule {
  std::string level;             // level id
  std::string application_kind;  // "new", "extension", "change", or "*"
  std::int64_t amount_jpy = 0;
  bool tax_included = true;
  std::string valid_from;   // "YYYY-MM-DD", inclusive, empty = open
  std::string valid_until;  // "YYYY-MM-DD", inclusive, empty = open
  std::string source;
  // Added beyond the agreed API:
  std::string source_kind;  // "seed" or "public"
  std::string note_ja;
};

struct Pack {
  std::string id;    // "jcstar-star1", "bmsec", "ccds", "etsi-en-303-645", …
  std::string kind;  // "criteria" (iotmark assesses against it) or "reference"
  std::string name_ja;
  std::string name_en;
  std::string version;  // the data's version, e.g. "2025.1"
  std::string source;
  std::vector<Requirement> requirements;
  std::vector<Level> levels;  // empty for most packs
  std::vector<FeeRule> fees;  // empty for most packs
  std::vector<std::string>
      label_statuses;  // e.g. active, expired, withdrawn, revoked, under-surveillance

  // Added beyond the agreed API:
  std::string source_kind;  // "seed", "public" or "seed+public"
  std::string description_ja;
  std::vector<LabelStatus> statuses;  // details of label_statuses, same order
  std::vector<std::string> files;     // the YAML files this pack was read from
  // The application and label workflow (catalog/workflow.h); packs without one
  // cannot be applied for in the registry.
  std::optional<Workflow> workflow;

  // Searches `requirements`, then the levels' own requirements.
  const Requirement* FindRequirement(std::string_view id) const;
  const LabelStatus* FindStatus(std::string_view id) const;
  const Level* FindLevel(std::string_view id) const;
  // The effective criteria of `level` (Level::effective_criteria).
  // kNotFound (field "level") for an unknown level; kFailedPrecondition
  // (field "level") when the level is `available: false`, i.e. this catalog
  // does not hold its criteria.
  Result<const std::vector<Requirement>*> LevelCriteria(std::string_view level) const;
};

// A hit of a crosswalk query.
struct CrosswalkHit {
  const Requirement* requirement;
  const CrossReference* reference;
};

// Coverage of another scheme's provisions by one pack.
struct Coverage {
  struct Entry {
    std::string provision;                // the other scheme's id
    std::string title;                    // its title, when known
    std::vector<std::string> covered_by;  // ids in the pack that reference it
    // Added: ids in the pack that reference an equivalent provision of a third
    // scheme (e.g. UK PSTI Schedule 1 §1 ≙ ETSI 5.1-2 ← S1.1-02), as "S1.1-02
    // (etsi-en-303-645 5.1-2)".
    std::vector<std::string> related_by;
  };
  std::string pack;
  std::string against;
  std::vector<Entry>
      entries;  // every provision the other scheme lists (plus referenced unknown ones)
  int covered_count = 0;
};

class Catalog {
 public:
  // Loads every *.yaml under `directory` (recursively). Errors name the file,
  // the line and the field. `directory` may also be a list of folders
  // separated by ':' (when it is not itself a folder): see LoadLayers.
  static Result<Catalog> Load(const std::filesystem::path& directory);
  // Loads the folders as one catalog, later folders overlaid on earlier ones:
  // their files are read together, and a level a later folder defines
  // replaces the level of the same id and pack from an earlier folder (how a
  // test pack makes ★2–★4 available). Any other repeated id is an error.
  static Result<Catalog> LoadLayers(const std::vector<std::filesystem::path>& directories);

  // Limits that keep a hostile file from exhausting memory or time.
  static constexpr std::uint64_t kMaxFileBytes = 2ull << 20;  // per YAML file
  static constexpr int kMaxFiles = 1000;

  const std::vector<Pack>& packs() const { return packs_; }
  const Pack* FindPack(std::string_view id) const;
  // Searches the criteria packs first (their ids are unique across the
  // catalog), then the reference packs in load order. Also accepts
  // "pack:id", e.g. "etsi-en-303-645:5.1-5".
  const Requirement* FindRequirement(std::string_view id) const;
  const Requirement* FindRequirement(std::string_view pack, std::string_view id) const;
  // Pack::LevelCriteria of pack `scheme`; kNotFound (field "scheme") when
  // there is no such pack.
  Result<const std::vector<Requirement>*> LevelCriteria(std::string_view scheme,
                                                        std::string_view level) const;

  // Requirements in every pack that reference `scheme`/`ref`.
  std::vector<CrosswalkHit> Crosswalk(std::string_view scheme, std::string_view ref) const;
  Result<Coverage> CoverageOf(std::string_view pack, std::string_view against) const;

  // The fee for an application filed on `date`. The date is taken as a
  // calendar day in Japan (UTC+9), where applications are received; window
  // bounds are inclusive. NotFound when no rule applies.
  Result<FeeRule> FeeFor(std::string_view pack, std::string_view level,
                         std::string_view application_kind, TimePoint date) const;

 private:
  std::vector<Pack> packs_;
};

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_CATALOG_H_
