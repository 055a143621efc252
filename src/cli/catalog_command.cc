// `iotmark catalog`: browse and check the scheme catalog (schemes/).
//
//   iotmark catalog list [--scheme S] [--json]
//   iotmark catalog show ID [--json]            (a requirement id, "pack:id", or a pack id)
//   iotmark catalog crosswalk --scheme S --ref R [--json]
//   iotmark catalog coverage --scheme P --against S [--json]
//   iotmark catalog validate [DIR]
//
// Exit codes: 0 ok; 2 unknown id, usage error, or a catalog that does not load.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "catalog/catalog_json.h"
#include "cli/command.h"

namespace iotmark::cli {
namespace {

using catalog::Catalog;
using catalog::Pack;
using catalog::Requirement;

struct CatalogOptions {
  std::string scheme;
  std::string id;
  std::string ref;
  std::string against;
  std::string directory;
  bool json = false;
};

Result<Catalog> LoadCatalog(const Context& context) {
  return Catalog::Load(SchemesDirectory(context));
}

int Fail(std::string_view message) {
  std::cerr << "iotmark catalog: " << message << "\n";
  return kExitUsage;
}

void PrintJson(const nlohmann::ordered_json& value) { std::cout << value.dump(2) << "\n"; }

// "1" → "①" (the seed's numbering), anything else unchanged.
std::string Circled(const std::string& number) {
  static const char* const kCircled[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"};
  if (number.size() <= 2 && !number.empty() &&
      number.find_first_not_of("0123456789") == std::string::npos) {
    int value = std::stoi(number);
    if (value >= 1 && value <= 10) return kCircled[value - 1];
  }
  return "(" + number + ")";
}

std::string CircledList(const std::vector<std::string>& numbers) {
  std::string text;
  for (const std::string& number : numbers) text += Circled(number);
  return text;
}

// Indents every line after the first by `indent`.
std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

std::string MethodName(const std::string& kind) {
  if (kind == "document") return "ドキュメント評価 / Document review";
  if (kind == "device-test") return "実機テスト / Device test";
  return kind;
}

std::string SourceKindName(const std::string& kind) {
  if (kind == "seed") return "シード文書 / seed document";
  if (kind == "public") return "公開情報 / public material";
  if (kind == "seed+public") return "シード文書＋公開情報 / seed and public material";
  return kind;
}

std::string RequirementTitle(const Requirement& r) {
  if (!r.title_ja.empty() && !r.title_en.empty() && r.title_ja != r.title_en) {
    return r.title_ja + " / " + r.title_en;
  }
  if (!r.title_ja.empty()) return r.title_ja;
  if (!r.title_en.empty()) return r.title_en;
  return "（題名不明 / title not known）";
}

void PrintPackLine(const Pack& pack) {
  std::cout << pack.id << "  " << pack.name_ja << " / " << pack.name_en << "\n    "
            << (pack.kind == "criteria" ? "評価基準 / criteria" : "参照 / reference") << ", "
            << pack.requirements.size() << " 件 / requirements, "
            << SourceKindName(pack.source_kind) << "\n";
}

int RunList(const CatalogOptions& options, const Context& context) {
  Result<Catalog> loaded = LoadCatalog(context);
  if (!loaded.ok()) return Fail(loaded.status().MessageWithField());
  if (options.scheme.empty()) {
    if (options.json) {
      nlohmann::ordered_json packs = nlohmann::ordered_json::array();
      for (const Pack& pack : loaded->packs()) packs.push_back(catalog::ToJson(pack, false));
      PrintJson({{"packs", packs}});
      return kExitOk;
    }
    std::cout << "スキーム一覧 / Scheme packs (" << loaded->packs().size() << ")\n";
    for (const Pack& pack : loaded->packs()) PrintPackLine(pack);
    std::cout << "要件の一覧 / Requirements: iotmark catalog list --scheme <pack id>\n";
    return kExitOk;
  }
  const Pack* pack = loaded->FindPack(options.scheme);
  if (pack == nullptr) {
    return Fail("unknown scheme \"" + options.scheme +
                "\" (不明なスキーム; see `iotmark catalog list`)");
  }
  if (options.json) {
    PrintJson(catalog::ToJson(*pack, true));
    return kExitOk;
  }
  PrintPackLine(*pack);
  for (const Requirement& r : pack->requirements) {
    std::cout << "  " << r.id << "  " << RequirementTitle(r);
    if (pack->kind == "criteria") {
      std::cout << "\n      ";
      std::string separator;
      for (const auto& method : r.evaluation_methods) {
        std::cout << separator << MethodName(method.kind);
        separator = ", ";
      }
      std::cout << " | NA " << (r.na_allowed ? "可 / allowed" : "不可 / not allowed");
      if (r.giteki_deeming) std::cout << " | 技適みなし / giteki deeming";
    } else if (!r.full_text_available) {
      std::cout << "  [本文なし / no full text]";
    }
    std::cout << "\n";
  }
  return kExitOk;
}

void PrintRequirement(const Catalog& loaded, const Requirement& r) {
  auto field = [](const char* label, const std::string& value) {
    if (!value.empty()) std::cout << label << ": " << Indented(value, "    ") << "\n";
  };
  std::cout << r.id << " — " << RequirementTitle(r) << "\n";
  const Pack* pack = loaded.FindPack(r.pack);
  std::cout << "パック / Pack: " << r.pack;
  if (pack != nullptr) std::cout << " (" << pack->name_ja << ")";
  std::cout << "\n";
  field("要件分類 / Category", r.category_ja);
  field("セキュリティ要件 / Security requirement", r.requirement_ja);
  if (!r.sub_items.empty()) {
    std::string head = r.criterion_ja.substr(0, r.criterion_ja.find('\n'));
    field("適合基準 / Criterion", head);
    std::cout << "  細目 / Sub-items ("
              << (r.sub_items_rule == "all" ? "すべて満たす / all required"
                                            : "いずれかを満たす / any one suffices")
              << "):\n";
    for (const auto& item : r.sub_items) {
      std::cout << "  " << Circled(item.number) << " " << Indented(item.text_ja, "     ") << "\n";
    }
  } else {
    field("適合基準 / Criterion", r.criterion_ja);
  }
  field("概要 / Summary (en)", r.summary_en);
  if (pack != nullptr && pack->kind == "criteria") {
    std::cout << "対象外(NA) / Not applicable: "
              << (r.na_allowed ? "可 / allowed" : "不可 / not allowed") << "\n";
    field("  NAの条件 / NA conditions", r.na_conditions_ja);
    field("  NA理由に示すこと / NA reason must show", r.na_reason_must_show_ja);
  }
  for (const auto& definition : r.definitions) {
    std::cout << "用語定義 / Definition 「" << definition.term_ja
              << "」: " << Indented(definition.text_ja, "    ") << "\n";
  }
  if (!r.evaluation_methods.empty()) {
    std::cout << "評価方法 / Evaluation methods:\n";
    for (const auto& method : r.evaluation_methods) {
      std::cout << "  " << MethodName(method.kind);
      if (!method.sub_items.empty()) std::cout << " " << CircledList(method.sub_items);
      std::cout << ": " << Indented(method.description_ja, "    ") << "\n";
      if (!method.note_ja.empty()) std::cout << "    " << Indented(method.note_ja, "    ") << "\n";
    }
  }
  if (pack != nullptr && pack->kind == "criteria") {
    std::cout << "技適みなし / Giteki deeming: " << (r.giteki_deeming ? "あり / yes" : "なし / no")
              << "\n";
    field("  " /* indent */ "内容 / Rule", r.giteki_note_ja);
    field("  基本情報シートに記入 / Basic-info field", r.giteki_basic_info_field_ja);
  }
  if (!r.cross_references.empty()) {
    std::cout << "関連する他制度 / Cross-references:\n";
    for (const auto& reference : r.cross_references) {
      std::cout << "  " << reference.scheme << " " << reference.ref;
      if (!reference.note.empty()) std::cout << "  (" << reference.note << ")";
      if (const Requirement* target = loaded.FindRequirement(reference.scheme, reference.ref)) {
        if (!target->title_ja.empty() || !target->title_en.empty()) {
          std::cout << " — " << RequirementTitle(*target);
        }
      }
      std::cout << "\n";
    }
  }
  if (!r.full_text_available) {
    std::cout << "本文 / Full text: 出典に本文なし / not available in the sources\n";
  }
  field("備考 / Note", r.note_ja);
  std::cout << "出典 / Source: " << r.source << " [" << SourceKindName(r.source_kind) << "]\n";
}

int RunShow(const CatalogOptions& options, const Context& context) {
  Result<Catalog> loaded = LoadCatalog(context);
  if (!loaded.ok()) return Fail(loaded.status().MessageWithField());
  if (const Requirement* r = loaded->FindRequirement(options.id)) {
    if (options.json) {
      PrintJson(catalog::ToJson(*r));
    } else {
      PrintRequirement(*loaded, *r);
    }
    return kExitOk;
  }
  if (const Pack* pack = loaded->FindPack(options.id)) {
    if (options.json) {
      PrintJson(catalog::ToJson(*pack, true));
      return kExitOk;
    }
    PrintPackLine(*pack);
    std::cout << "版 / Version: " << pack->version << "\n出典 / Source: " << pack->source << "\n";
    if (!pack->description_ja.empty()) {
      std::cout << "説明 / Description: " << Indented(pack->description_ja, "    ") << "\n";
    }
    for (const auto& level : pack->levels) {
      std::cout << "レベル / Level " << level.name_ja << " (" << level.id << "): "
                << (level.assessment == "self-declaration" ? "自己適合宣言 / self-declaration"
                                                           : "第三者認証 / third-party")
                << ", "
                << (level.criteria == "common" ? "製品類型共通 / common"
                                               : "製品類型別 / per product type")
                << ", 有効期間 最長 / validity at most " << level.max_validity_months
                << " か月 / months"
                << (level.available ? "" : ", 基準未収録 / criteria not in catalog") << "\n";
      if (!level.validity_rules_ja.empty()) {
        std::cout << "    有効期間の規則 / Validity rules: "
                  << Indented(level.validity_rules_ja, "      ") << "\n";
      }
    }
    for (const auto& status : pack->statuses) {
      std::cout << "ステータス / Status " << status.name_ja << " / " << status.name_en << " ("
                << status.id << ")\n";
    }
    for (const auto& fee : pack->fees) {
      std::cout << "手数料 / Fee " << fee.level << " " << fee.application_kind << ": "
                << fee.amount_jpy << " 円 / JPY" << (fee.tax_included ? " (税込 / incl. tax)" : "")
                << ", " << (fee.valid_from.empty() ? "…" : fee.valid_from) << " 〜 "
                << (fee.valid_until.empty() ? "…" : fee.valid_until) << " ["
                << SourceKindName(fee.source_kind) << "]\n";
    }
    std::cout << "要件の一覧 / Requirements: iotmark catalog list --scheme " << pack->id << "\n";
    return kExitOk;
  }
  return Fail("unknown id \"" + options.id +
              "\" (不明なID; a requirement such as S1.1-04, \"pack:id\" such as "
              "etsi-en-303-645:5.1-5, or a pack id)");
}

int RunCrosswalk(const CatalogOptions& options, const Context& context) {
  Result<Catalog> loaded = LoadCatalog(context);
  if (!loaded.ok()) return Fail(loaded.status().MessageWithField());
  const Pack* scheme = loaded->FindPack(options.scheme);
  if (scheme == nullptr) {
    return Fail("unknown scheme \"" + options.scheme + "\" (不明なスキーム)");
  }
  const Requirement* provision = scheme->FindRequirement(options.ref);
  if (provision == nullptr) {
    return Fail("\"" + options.ref + "\" is not a provision listed in " + scheme->id +
                " (不明な条項; see `iotmark catalog list --scheme " + scheme->id + "`)");
  }
  std::vector<catalog::CrosswalkHit> hits = loaded->Crosswalk(options.scheme, options.ref);
  if (options.json) {
    nlohmann::ordered_json out = {{"scheme", scheme->id},
                                  {"ref", provision->id},
                                  {"title", RequirementTitle(*provision)},
                                  {"hits", nlohmann::ordered_json::array()}};
    for (const auto& hit : hits) out["hits"].push_back(catalog::ToJson(hit));
    PrintJson(out);
    return kExitOk;
  }
  std::cout << scheme->id << " " << provision->id << " — " << RequirementTitle(*provision) << "\n";
  if (hits.empty()) {
    std::cout << "  参照する要件なし / no requirement references it\n";
    return kExitOk;
  }
  std::cout << "参照している要件 / Referenced by (" << hits.size() << "):\n";
  for (const auto& hit : hits) {
    std::cout << "  → " << hit.requirement->id << " [" << hit.requirement->pack << "] "
              << RequirementTitle(*hit.requirement);
    if (!hit.reference->note.empty()) std::cout << "  (" << hit.reference->note << ")";
    std::cout << "\n";
  }
  return kExitOk;
}

int RunCoverage(const CatalogOptions& options, const Context& context) {
  Result<Catalog> loaded = LoadCatalog(context);
  if (!loaded.ok()) return Fail(loaded.status().MessageWithField());
  Result<catalog::Coverage> coverage = loaded->CoverageOf(options.scheme, options.against);
  if (!coverage.ok()) return Fail(coverage.status().MessageWithField() + " (不明なスキーム)");
  if (options.json) {
    PrintJson(catalog::ToJson(*coverage));
    return kExitOk;
  }
  std::cout << coverage->pack << " → " << coverage->against << ": " << coverage->covered_count
            << " / " << coverage->entries.size()
            << " 条項を直接参照 / provisions referenced directly\n";
  for (const auto& entry : coverage->entries) {
    std::cout << (entry.covered_by.empty() ? (entry.related_by.empty() ? "  [ ] " : "  [~] ")
                                           : "  [x] ")
              << entry.provision;
    if (!entry.title.empty()) std::cout << " — " << entry.title;
    std::cout << "\n";
    if (!entry.covered_by.empty()) {
      std::cout << "        参照元 / covered by:";
      for (const auto& id : entry.covered_by) std::cout << " " << id;
      std::cout << "\n";
    }
    if (!entry.related_by.empty()) {
      std::cout << "        同等条項経由 / via an equivalent provision:";
      for (const auto& id : entry.related_by) std::cout << " " << id;
      std::cout << "\n";
    }
  }
  std::cout << "[x] 直接参照 / referenced  [~] 同等条項経由のみ / only via an equivalent  "
               "[ ] 参照なし / not referenced\n";
  return kExitOk;
}

int RunValidate(const CatalogOptions& options, const Context& context) {
  std::string directory = options.directory.empty() ? SchemesDirectory(context) : options.directory;
  Result<Catalog> loaded = Catalog::Load(directory);
  if (!loaded.ok()) {
    if (options.json) {
      PrintJson({{"valid", false}, {"directory", directory}, {"error", loaded.status().MessageWithField()}});
    } else {
      std::cerr << "iotmark catalog validate: 不正 / INVALID: " << loaded.status().MessageWithField()
                << "\n";
    }
    return kExitUsage;
  }
  std::size_t requirements = 0;
  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  for (const Pack& pack : loaded->packs()) {
    requirements += pack.requirements.size();
    for (const catalog::Level& level : pack.levels) {
      requirements += level.requirements.size();
      levels.push_back({{"pack", pack.id},
                        {"level", level.id},
                        {"available", level.available},
                        {"criteria", level.available ? level.effective_criteria.size() : 0}});
    }
  }
  if (options.json) {
    PrintJson({{"valid", true},
               {"directory", directory},
               {"packs", loaded->packs().size()},
               {"requirements", requirements},
               {"levels", levels}});
  } else {
    std::cout << "有効 / OK: " << directory << ": " << loaded->packs().size() << " パック / packs, "
              << requirements << " 要件 / requirements\n";
    for (const auto& level : levels) {
      std::cout << "  " << level["pack"].get<std::string>() << " "
                << level["level"].get<std::string>() << ": ";
      if (level["available"].get<bool>()) {
        std::cout << level["criteria"].get<std::size_t>() << " 適合基準 / criteria\n";
      } else {
        std::cout << "適合基準なし / criteria not in this catalog (available: false)\n";
      }
    }
  }
  return kExitOk;
}

void SetupCatalog(CLI::App& root, Context& context) {
  auto options = std::make_shared<CatalogOptions>();
  CLI::App* command = root.add_subcommand(
      "catalog", "スキームの基準を閲覧 / Browse scheme criteria, crosswalks and coverage");
  command->require_subcommand(1);

  CLI::App* list =
      command->add_subcommand("list", "パック・要件の一覧 / List packs or requirements");
  list->add_option("--scheme", options->scheme, "Pack id, e.g. jcstar-star1");
  list->add_flag("--json", options->json, "JSON output");
  list->callback([options, &context] { context.exit_code = RunList(*options, context); });

  CLI::App* show = command->add_subcommand("show", "要件の詳細 / Show one requirement or pack");
  show->add_option("id", options->id, "S1.1-04, etsi-en-303-645:5.1-5, or a pack id")->required();
  show->add_flag("--json", options->json, "JSON output");
  show->callback([options, &context] { context.exit_code = RunShow(*options, context); });

  CLI::App* crosswalk = command->add_subcommand(
      "crosswalk", "他制度の条項を参照する要件 / Requirements referencing a provision");
  crosswalk->add_option("--scheme", options->scheme, "e.g. etsi-en-303-645")->required();
  crosswalk->add_option("--ref", options->ref, "e.g. 5.1-5")->required();
  crosswalk->add_flag("--json", options->json, "JSON output");
  crosswalk->callback([options, &context] { context.exit_code = RunCrosswalk(*options, context); });

  CLI::App* coverage = command->add_subcommand(
      "coverage", "他制度の条項の網羅状況 / Which provisions of another scheme a pack covers");
  coverage->add_option("--scheme", options->scheme, "The covering pack, e.g. jcstar-star1")
      ->required();
  coverage->add_option("--against", options->against, "The other scheme, e.g. uk-psti")->required();
  coverage->add_flag("--json", options->json, "JSON output");
  coverage->callback([options, &context] { context.exit_code = RunCoverage(*options, context); });

  CLI::App* validate =
      command->add_subcommand("validate", "カタログの検証 / Load and check a schemes folder");
  validate->add_option("directory", options->directory, "Folder (default: the schemes folder)");
  validate->add_flag("--json", options->json, "JSON output");
  validate->callback([options, &context] { context.exit_code = RunValidate(*options, context); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(catalog, SetupCatalog);

}  // namespace iotmark::cli
