// `iotmark evidence add CHECKLIST PATH --criterion ID [--method M]`: hashes an
// evidence file (証跡), records it in the checklist with its path relative to
// the checklist's folder, and writes the checklist back atomically in its own
// format (JSON or YAML). The file must lie inside the checklist's folder.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "checklist/checklist_file.h"
#include "checklist/device_test_result.h"
#include "checklist/evidence_paths.h"
#include "checklist/validator.h"
#include "cli/command.h"
#include "common/sha256.h"

namespace iotmark::cli {
namespace {

struct EvidenceOptions {
  std::string checklist_file;
  std::string evidence_file;
  std::string criterion;
  std::string method;
  std::string description;
  bool json = false;
};

int Fail(const Status& status) {
  std::cerr << "iotmark evidence add: " << status.MessageWithField() << "\n";
  return kExitUsage;
}

// A criterion not yet in the file must belong to its scheme.
Status CheckCriterionKnown(const Context& context, const checklist::Checklist& list,
                           const std::string& criterion) {
  if (list.FindResult(criterion) != nullptr) return Status::Ok();
  Result<catalog::Catalog> catalog = catalog::Catalog::Load(SchemesDirectory(context));
  if (!catalog.ok()) return catalog.status().WithPrefix("cannot load the scheme catalog");
  const catalog::Pack* pack = catalog->FindPack(list.scheme);
  if (pack == nullptr || pack->FindRequirement(criterion) == nullptr) {
    return Status::NotFound("未知の適合基準です / unknown criterion \"" + criterion +
                            "\" for scheme \"" + list.scheme + "\"");
  }
  return Status::Ok();
}

int RunAdd(const Context& context, const EvidenceOptions& options) {
  std::optional<checklist::Method> method;
  if (!options.method.empty()) {
    method = checklist::ParseMethod(options.method);
    if (!method || *method == checklist::Method::kDeemed) {
      return Fail(Status::InvalidArgument(
          "--method は document か device-test / --method must be document or device-test"));
    }
  }
  Result<checklist::ChecklistFile> file = checklist::LoadChecklistFile(options.checklist_file);
  if (!file.ok()) return Fail(file.status());
  Status known = CheckCriterionKnown(context, file->checklist, options.criterion);
  if (!known.ok()) return Fail(known);
  std::filesystem::path folder = checklist::EvidenceFolderOf(options.checklist_file);
  Result<std::string> relative = checklist::MakeEvidencePath(folder, options.evidence_file);
  if (!relative.ok()) return Fail(relative.status());
  Result<std::string> digest = Sha256File(folder / *relative);
  if (!digest.ok()) return Fail(digest.status());
  checklist::Evidence evidence{*relative, *digest, options.description};
  Status added = checklist::AddEvidence(file->checklist, options.criterion, evidence);
  if (!added.ok()) return Fail(added);
  if (method) file->checklist.FindResult(options.criterion)->method = *method;
  Status saved = checklist::SaveChecklistFile(*file);
  if (!saved.ok()) return Fail(saved);
  if (options.json) {
    nlohmann::ordered_json out;
    out["checklist"] = options.checklist_file;
    out["criterion"] = options.criterion;
    out["path"] = *relative;
    out["sha256"] = *digest;
    out["method"] =
        std::string(checklist::MethodName(file->checklist.FindResult(options.criterion)->method));
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << options.criterion << ": 証跡を記録しました / evidence recorded: " << *relative
              << " (sha256 " << digest->substr(0, 16) << "…)\n";
  }
  return kExitOk;
}

void SetupEvidence(CLI::App& root, Context& context) {
  auto* command = root.add_subcommand("evidence", "証跡 / Evidence files of a checklist");
  command->require_subcommand(1);
  auto options = std::make_shared<EvidenceOptions>();
  auto* add = command->add_subcommand(
      "add",
      "ファイルをハッシュしてチェックリストに記録 / Hash a file and record it in the checklist");
  add->add_option("checklist", options->checklist_file, "Checklist file (.json/.yaml)")->required();
  add->add_option("path", options->evidence_file, "Evidence file, inside the checklist's folder")
      ->required();
  add->add_option("--criterion", options->criterion, "Criterion id, e.g. S1.1-04")->required();
  add->add_option("--method", options->method,
                  "Also set the result's method: device-test or document");
  add->add_option("--description", options->description, "What the file shows");
  add->add_flag("--json", options->json, "Print the result as JSON");
  add->callback([&context, options] { context.exit_code = RunAdd(context, *options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(evidence, SetupEvidence);

}  // namespace iotmark::cli
