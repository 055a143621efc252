// `iotmark checklist`: init, validate, set and export self-assessment
// checklists (JSON or YAML; docs/checklist-format.md).
//
//   iotmark checklist init --scheme jcstar-star1 [--level star3] -o FILE [--force]
//   iotmark checklist validate FILE [--json] [--evidence-files require|if-present|skip]
//                                   [--for-application]
//   iotmark checklist set FILE --criterion ID --verdict V [--method M] [--na-reason R] [--note N]
//   iotmark checklist export FILE --format xlsx|md|json -o OUT
//
// Exit codes: 0 ok; 1 the checklist has problems (validate); 2 usage error,
// unreadable or unparsable file, broken catalog, a level whose criteria the
// catalog does not hold (available: false).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "catalog/catalog.h"
#include "checklist/checklist_file.h"
#include "checklist/encoder.h"
#include "checklist/export_markdown.h"
#include "checklist/export_xlsx.h"
#include "checklist/report_fields.h"
#include "checklist/set_result.h"
#include "checklist/template.h"
#include "checklist/validator.h"
#include "cli/command.h"
#include "common/files.h"

namespace iotmark::cli {
namespace {

namespace fs = std::filesystem;
using checklist::Format;

struct ChecklistOptions {
  std::string scheme;
  std::string level;
  std::string file;
  std::string output;
  std::string format;
  std::string criterion;
  std::string verdict;
  std::string method;
  std::string na_reason;
  std::string note;
  std::string evidence_files = "require";
  // set-info: only the fields given are changed.
  std::map<std::string, std::optional<std::string>> info;
  bool json = false;
  bool force = false;
  bool for_application = false;
};

Result<catalog::Catalog> LoadCatalog(const Context& context) {
  Result<catalog::Catalog> loaded = catalog::Catalog::Load(SchemesDirectory(context));
  if (!loaded.ok()) {
    return loaded.status().WithPrefix(
        "スキームカタログを読めません / cannot load the scheme catalog");
  }
  return loaded;
}

int Fail(std::string_view command, const Status& status) {
  std::cerr << "iotmark checklist " << command << ": " << status.MessageWithField() << "\n";
  return kExitUsage;
}

int RunInit(const Context& context, const ChecklistOptions& options) {
  Result<Format> format = checklist::FormatFromPath(options.output);
  if (!format.ok()) return Fail("init", format.status());
  std::error_code error;
  if (!options.force && fs::exists(options.output, error)) {
    return Fail("init", Status::AlreadyExists(
                            options.output + ": 既に存在します (上書きは --force) / already exists "
                                             "(use --force to overwrite)"));
  }
  Result<catalog::Catalog> catalog = LoadCatalog(context);
  if (!catalog.ok()) return Fail("init", catalog.status());
  const catalog::Pack* pack = catalog->FindPack(options.scheme);
  if (pack == nullptr || pack->kind != "criteria") {
    return Fail("init", Status::NotFound("未知のスキームです / unknown scheme \"" + options.scheme +
                                         "\" (iotmark catalog list)"));
  }
  checklist::Checklist blank = checklist::MakeTemplate(*pack);
  if (!options.level.empty()) {
    Result<const std::vector<catalog::Requirement>*> criteria = pack->LevelCriteria(options.level);
    if (!criteria.ok()) return Fail("init", criteria.status());
    blank = checklist::MakeTemplate(*pack, options.level, **criteria);
  }
  fs::path parent = fs::path(options.output).parent_path();
  if (!parent.empty()) fs::create_directories(parent, error);
  Status saved = checklist::SaveChecklist(options.output, blank);
  if (!saved.ok()) return Fail("init", saved);
  if (options.json) {
    nlohmann::ordered_json out;
    out["file"] = options.output;
    out["scheme"] = pack->id;
    if (!options.level.empty()) out["level"] = options.level;
    out["format"] = std::string(checklist::FormatName(*format));
    out["criteria"] = blank.results.size();
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout
        << options.output << ": " << pack->name_ja << " のチェックリストを作成しました ("
        << blank.results.size() << " 項目) / created a checklist template with "
        << blank.results.size() << " criteria\n"
        << "基本情報と各項目の評価結果を記入し、iotmark checklist validate で確認してください / "
           "fill in basic_info and every verdict, then run iotmark checklist validate\n";
  }
  return kExitOk;
}

Result<checklist::EvidenceFileCheck> ParseEvidenceFileCheck(const std::string& text) {
  if (text == "require") return checklist::EvidenceFileCheck::kRequire;
  if (text == "if-present") return checklist::EvidenceFileCheck::kIfPresent;
  if (text == "skip") return checklist::EvidenceFileCheck::kSkip;
  return Status::InvalidArgument("--evidence-files must be require, if-present or skip");
}

nlohmann::ordered_json SummaryJson(const checklist::Checklist& list) {
  checklist::VerdictCounts counts = checklist::CountVerdicts(list);
  nlohmann::ordered_json out;
  out["conform"] = counts.conform;
  out["nonconform"] = counts.nonconform;
  out["na"] = counts.not_applicable;
  out["unset"] = counts.unset;
  return out;
}

int RunValidate(const Context& context, const ChecklistOptions& options) {
  Result<checklist::EvidenceFileCheck> evidence = ParseEvidenceFileCheck(options.evidence_files);
  if (!evidence.ok()) return Fail("validate", evidence.status());
  checklist::ValidationOptions validation;
  validation.evidence_files = *evidence;
  validation.require_conformity = options.for_application;
  validation.base_directory = checklist::EvidenceFolderOf(options.file);
  // Parse first: an unreadable file is reported even when the catalog is broken.
  Result<nlohmann::ordered_json> parsed = checklist::ParseChecklistFile(options.file);
  if (!parsed.ok()) {
    if (options.json) {
      nlohmann::ordered_json out;
      out["file"] = options.file;
      out["valid"] = false;
      out["error"] = {{"code", std::string(StatusCodeName(parsed.status().code()))},
                      {"message", parsed.status().MessageWithField()}};
      std::cout << out.dump(2) << "\n";
    }
    return Fail("validate", parsed.status());
  }
  Result<catalog::Catalog> catalog = LoadCatalog(context);
  if (!catalog.ok()) return Fail("validate", catalog.status());
  std::optional<checklist::ValidationReport> report =
      checklist::ValidateTree(*parsed, checklist::LookupIn(*catalog), validation);
  // A level whose criteria this catalog lacks cannot be checked at all: a tool
  // error (exit 2), not a list of problems with the checklist.
  const checklist::Checklist& checked = report->checklist;
  if (const catalog::Pack* pack = catalog->FindPack(checked.scheme);
      pack != nullptr && !checked.level.empty()) {
    Result<const std::vector<catalog::Requirement>*> criteria = pack->LevelCriteria(checked.level);
    if (!criteria.ok()) {
      if (options.json) {
        nlohmann::ordered_json out;
        out["file"] = options.file;
        out["valid"] = false;
        out["error"] = {{"code", std::string(StatusCodeName(criteria.status().code()))},
                        {"message", criteria.status().MessageWithField()}};
        std::cout << out.dump(2) << "\n";
      }
      return Fail("validate", criteria.status());
    }
  }
  if (options.json) {
    nlohmann::ordered_json out;
    out["file"] = options.file;
    out["valid"] = report->ok();
    out["scheme"] = report->checklist.scheme;
    if (!report->checklist.level.empty()) out["level"] = report->checklist.level;
    out["summary"] = SummaryJson(report->checklist);
    out["problems"] = nlohmann::ordered_json::array();
    for (const auto& problem : report->problems) {
      out["problems"].push_back(checklist::ProblemToJson(problem));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& problem : report->problems) {
      std::cout << checklist::FormatProblem(options.file, problem) << "\n";
    }
    std::string summary = checklist::VerdictSummary(checklist::CountVerdicts(report->checklist));
    if (report->ok()) {
      std::cout << options.file << ": 問題なし / valid — " << summary << "\n";
    } else {
      std::cout << options.file << ": " << report->problems.size() << " 件の問題 / "
                << report->problems.size() << " problems\n";
    }
  }
  return report->ok() ? kExitOk : kExitCheckFailed;
}

// Checks that `criterion` belongs to the checklist's scheme when the file
// does not list it yet (the catalog is only loaded then).
Status CheckCriterionKnown(const Context& context, const checklist::Checklist& list,
                           const std::string& criterion) {
  if (list.FindResult(criterion) != nullptr) return Status::Ok();
  Result<catalog::Catalog> catalog = LoadCatalog(context);
  if (!catalog.ok()) return catalog.status();
  const catalog::Pack* pack = catalog->FindPack(list.scheme);
  const std::vector<catalog::Requirement>* criteria = nullptr;
  if (pack != nullptr) {
    criteria = &pack->requirements;
    if (!list.level.empty()) {
      Result<const std::vector<catalog::Requirement>*> level = pack->LevelCriteria(list.level);
      if (!level.ok()) return level.status();
      criteria = *level;
    }
  }
  bool known = criteria != nullptr &&
               std::any_of(criteria->begin(), criteria->end(),
                           [&](const catalog::Requirement& r) { return r.id == criterion; });
  if (!known) {
    return Status::NotFound("未知の適合基準です / unknown criterion \"" + criterion +
                            "\" for scheme \"" + list.scheme + "\"" +
                            (list.level.empty() ? "" : " level \"" + list.level + "\""));
  }
  return Status::Ok();
}

int RunSet(const Context& context, const ChecklistOptions& options) {
  std::optional<checklist::Verdict> verdict = checklist::ParseVerdict(options.verdict);
  if (!verdict || *verdict == checklist::Verdict::kUnset) {
    return Fail("set", Status::InvalidArgument("--verdict は conform, nonconform, na のいずれか / "
                                               "--verdict must be conform, nonconform or na"));
  }
  checklist::ResultUpdate update;
  update.verdict = *verdict;
  if (!options.method.empty()) {
    std::optional<checklist::Method> method = checklist::ParseMethod(options.method);
    if (!method) {
      return Fail("set",
                  Status::InvalidArgument("--method は document, device-test, deemed のいずれか "
                                          "/ --method must be document, device-test or deemed"));
    }
    update.method = *method;
  }
  if (!options.na_reason.empty()) update.na_reason = options.na_reason;
  if (!options.note.empty()) update.note = options.note;
  Result<checklist::ChecklistFile> file = checklist::LoadChecklistFile(options.file);
  if (!file.ok()) return Fail("set", file.status());
  Status known = CheckCriterionKnown(context, file->checklist, options.criterion);
  if (!known.ok()) return Fail("set", known);
  Status applied = checklist::SetResult(file->checklist, options.criterion, update);
  if (!applied.ok()) return Fail("set", applied);
  Status saved = checklist::SaveChecklistFile(*file);
  if (!saved.ok()) return Fail("set", saved);
  const checklist::CriterionResult& result = *file->checklist.FindResult(options.criterion);
  if (options.json) {
    nlohmann::ordered_json out;
    out["file"] = options.file;
    out["criterion"] = options.criterion;
    out["verdict"] = std::string(checklist::VerdictName(result.verdict));
    out["method"] = std::string(checklist::MethodName(result.method));
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << options.file << ": " << options.criterion << " = "
              << checklist::VerdictLabel(result.verdict);
    if (result.method != checklist::Method::kUnset) {
      std::cout << " (" << checklist::MethodLabel(result.method) << ")";
    }
    std::cout << "\n";
  }
  return kExitOk;
}

// The basic_info fields `set-info` can change, with their option names.
struct InfoField {
  const char* option;
  const char* key;
  std::string checklist::BasicInfo::*member;
};
constexpr InfoField kInfoFields[] = {
    {"--vendor", "vendor", &checklist::BasicInfo::vendor},
    {"--product-name", "product_name", &checklist::BasicInfo::product_name},
    {"--model-number", "model_number", &checklist::BasicInfo::model_number},
    {"--firmware-version", "firmware_version", &checklist::BasicInfo::firmware_version},
    {"--product-type", "product_type", &checklist::BasicInfo::product_type},
    {"--giteki-number", "giteki_number", &checklist::BasicInfo::giteki_number},
    {"--contact", "contact", &checklist::BasicInfo::contact},
    {"--vulnerability-policy-url", "vulnerability_policy_url",
     &checklist::BasicInfo::vulnerability_policy_url},
    {"--support-end", "support_end", &checklist::BasicInfo::support_end},
};

int RunSetInfo(const ChecklistOptions& options) {
  Result<checklist::ChecklistFile> file = checklist::LoadChecklistFile(options.file);
  if (!file.ok()) return Fail("set-info", file.status());
  int changed = 0;
  for (const InfoField& field : kInfoFields) {
    auto it = options.info.find(field.key);
    if (it == options.info.end() || !it->second) continue;
    file->checklist.basic_info.*field.member = *it->second;
    ++changed;
  }
  if (changed == 0) {
    return Fail("set-info", Status::InvalidArgument("変更する項目がありません / give at least one "
                                                    "field option, e.g. --vendor"));
  }
  Status saved = checklist::SaveChecklistFile(*file);
  if (!saved.ok()) return Fail("set-info", saved);
  if (options.json) {
    nlohmann::ordered_json out;
    out["file"] = options.file;
    out["changed"] = changed;
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << options.file << ": 基本情報を " << changed << " 項目更新しました / updated "
              << changed << " basic_info fields\n";
  }
  return kExitOk;
}

int RunExport(const Context& context, const ChecklistOptions& options) {
  if (options.format != "xlsx" && options.format != "md" && options.format != "json") {
    return Fail("export", Status::InvalidArgument("--format must be xlsx, md or json"));
  }
  checklist::ValidationOptions validation;
  validation.base_directory = checklist::EvidenceFolderOf(options.file);
  Result<nlohmann::ordered_json> parsed = checklist::ParseChecklistFile(options.file);
  if (!parsed.ok()) return Fail("export", parsed.status());
  Result<catalog::Catalog> catalog = LoadCatalog(context);
  if (!catalog.ok()) return Fail("export", catalog.status());
  std::optional<checklist::ValidationReport> report =
      checklist::ValidateTree(*parsed, checklist::LookupIn(*catalog), validation);
  const catalog::Pack* pack = catalog->FindPack(report->checklist.scheme);
  Status written;
  if (options.format == "xlsx") {
    written = checklist::ExportXlsx(report->checklist, pack, report->problems, options.output);
  } else if (options.format == "md") {
    written = WriteFileAtomic(options.output,
                              checklist::ExportMarkdown(report->checklist, pack, report->problems));
  } else {
    written = WriteFileAtomic(options.output,
                              checklist::ChecklistToText(report->checklist, Format::kJson));
  }
  if (!written.ok()) return Fail("export", written);
  if (!report->ok()) {
    std::cerr << options.file << ": 注意: " << report->problems.size()
              << " 件の問題があります (出力に記載) / warning: " << report->problems.size()
              << " problems (listed in the export; see iotmark checklist validate)\n";
  }
  if (options.json) {
    nlohmann::ordered_json out;
    out["file"] = options.file;
    out["output"] = options.output;
    out["format"] = options.format;
    out["problems"] = report->problems.size();
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << options.output << ": 出力しました / written (" << options.format << ")\n";
  }
  return kExitOk;
}

void SetupChecklist(CLI::App& root, Context& context) {
  auto* command = root.add_subcommand(
      "checklist",
      "自己適合宣言チェックリスト / Self-assessment checklists (init, validate, set, export)");
  command->require_subcommand(1);
  auto options = std::make_shared<ChecklistOptions>();

  auto* init =
      command->add_subcommand("init", "テンプレートを作成 / Write a template with every criterion");
  init->add_option("--scheme", options->scheme, "Scheme pack id, e.g. jcstar-star1")->required();
  init->add_option("--level", options->level,
                   "Level id, e.g. star3: its effective criteria (default: the pack's own, ★1)");
  init->add_option("-o,--output", options->output, "Output file (.json, .yaml or .yml)")
      ->required();
  init->add_flag("--force", options->force, "Overwrite an existing file");
  init->add_flag("--json", options->json, "Print the result as JSON");
  init->callback([&context, options] { context.exit_code = RunInit(context, *options); });

  auto* validate = command->add_subcommand(
      "validate", "検証 / Check a checklist: exit 0 valid, 1 problems, 2 unreadable");
  validate->add_option("file", options->file, "Checklist file (.json/.yaml)")->required();
  validate->add_flag("--json", options->json, "Print the problems as JSON");
  validate->add_option("--evidence-files", options->evidence_files,
                       "require (default): evidence files must exist and match; if-present: check "
                       "those that exist; skip: check paths and hashes only");
  validate->add_flag("--for-application", options->for_application,
                     "Also report nonconform verdicts (a label application needs conform or NA)");
  validate->callback([&context, options] { context.exit_code = RunValidate(context, *options); });

  auto* set = command->add_subcommand("set", "1 項目の評価結果を記入 / Fill in one result");
  set->add_option("file", options->file, "Checklist file")->required();
  set->add_option("--criterion", options->criterion, "Criterion id, e.g. S1.1-04")->required();
  set->add_option("--verdict", options->verdict, "conform, nonconform or na")->required();
  set->add_option("--method", options->method, "document, device-test or deemed");
  set->add_option("--na-reason", options->na_reason, "Why the criterion is NA (for --verdict na)");
  set->add_option("--note", options->note, "Free note");
  set->add_flag("--json", options->json, "Print the result as JSON");
  set->callback([&context, options] { context.exit_code = RunSet(context, *options); });

  auto* set_info = command->add_subcommand(
      "set-info", "基本情報を記入 / Fill in basic_info fields (only those given change)");
  set_info->add_option("file", options->file, "Checklist file")->required();
  for (const InfoField& field : kInfoFields) {
    std::optional<std::string>& target = options->info[field.key];
    set_info->add_option_function<std::string>(
        field.option, [&target](const std::string& value) { target = value; },
        std::string("basic_info.") + field.key);
  }
  set_info->add_flag("--json", options->json, "Print the result as JSON");
  set_info->callback([&context, options] { context.exit_code = RunSetInfo(*options); });

  auto* exporter = command->add_subcommand("export", "出力 / Export as xlsx, Markdown or JSON");
  exporter->add_option("file", options->file, "Checklist file")->required();
  exporter->add_option("--format", options->format, "xlsx, md or json")->required();
  exporter->add_option("-o,--output", options->output, "Output file")->required();
  exporter->add_flag("--json", options->json, "Print the result as JSON");
  exporter->callback([&context, options] { context.exit_code = RunExport(context, *options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(checklist, SetupChecklist);

}  // namespace iotmark::cli
