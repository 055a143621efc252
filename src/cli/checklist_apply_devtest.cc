// `iotmark checklist apply-devtest CHECKLIST DIR [--json]`: records the
// device-test verdicts of DIR/report.json (from `iotmark devtest run`) and
// the hashes of its evidence in a checklist.
//
// Registered as a subcommand of `checklist` (found with get_subcommand at
// setup time; this registration sorts after "checklist"). Per criterion:
// any FAIL → nonconform; all deciding cases PASS (and no FAIL) → conform;
// otherwise (NA / INCONCLUSIVE / ERROR, or only supporting cases) the
// verdict is left as it is and only the evidence is added. Evidence files
// outside the checklist's folder are copied to <folder>/devtest/<DIR name>/.
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "checklist/checklist_file.h"
#include "checklist/device_test_result.h"
#include "checklist/evidence_paths.h"
#include "cli/command.h"
#include "common/sha256.h"
#include "devtest/report.h"

namespace iotmark::cli {
namespace {

namespace fs = std::filesystem;

struct ApplyOptions {
  std::string checklist;
  std::string directory;
  bool json = false;
};

// Where the evidence of `directory` is seen from the checklist folder:
// `directory` itself when inside it, else a copy under devtest/<name>/.
Result<fs::path> EvidenceRoot(const fs::path& checklist_folder, const fs::path& directory,
                              const devtest::Report& report) {
  fs::path folder = fs::weakly_canonical(checklist_folder);
  fs::path source = fs::weakly_canonical(directory);
  auto relative = source.lexically_relative(folder);
  if (!relative.empty() && *relative.begin() != "..") return source;
  fs::path copy = folder / "devtest" / source.filename();
  std::error_code error;
  fs::create_directories(copy / "logs", error);
  if (error) return Status::IoError(copy.string() + ": " + error.message());
  std::vector<std::string> files = {"report.json"};
  for (const auto& result : report.cases) {
    for (const auto& file : result.evidence) files.push_back(file.path);
  }
  for (const std::string& file : files) {
    fs::create_directories((copy / file).parent_path(), error);
    fs::copy_file(source / file, copy / file, fs::copy_options::overwrite_existing, error);
    if (error)
      return Status::IoError((source / file).string() + ": cannot copy: " + error.message());
  }
  return copy;
}

int RunApply(const ApplyOptions& options) {
  fs::path directory = options.directory;
  auto report = devtest::LoadReport(directory / "report.json");
  if (!report.ok()) {
    std::cerr << "iotmark checklist apply-devtest: " << report.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  // The logs must be the ones the report was written with.
  for (const auto& result : report->cases) {
    for (const auto& file : result.evidence) {
      auto digest = Sha256File(directory / file.path);
      if (!digest.ok() || *digest != file.sha256) {
        std::cerr << "iotmark checklist apply-devtest: " << (directory / file.path).string()
                  << ": missing or changed since the test (sha256 does not match report.json)\n";
        return kExitUsage;
      }
    }
  }
  auto file = checklist::LoadChecklistFile(options.checklist);
  if (!file.ok()) {
    std::cerr << "iotmark checklist apply-devtest: " << file.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  fs::path folder = fs::absolute(options.checklist).parent_path();
  auto root = EvidenceRoot(folder, directory, *report);
  if (!root.ok()) {
    std::cerr << "iotmark checklist apply-devtest: " << root.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  auto evidence_path = [&](const std::string& relative) {
    return checklist::MakeEvidencePath(folder, *root / relative);
  };
  auto report_path = evidence_path("report.json");
  auto report_hash = Sha256File(*root / "report.json");
  if (!report_path.ok() || !report_hash.ok()) {
    std::cerr << "iotmark checklist apply-devtest: cannot reference report.json\n";
    return kExitUsage;
  }
  std::map<std::string, std::vector<const devtest::CaseResult*>> by_criterion;
  for (const auto& result : report->cases) by_criterion[result.criterion].push_back(&result);

  nlohmann::json applied = nlohmann::json::array();
  for (const auto& [criterion, cases] : by_criterion) {
    std::vector<checklist::Evidence> evidence = {
        {*report_path, *report_hash, "実機テスト報告 / device test report (iotmark devtest)"}};
    bool any_fail = false, any_decides = false, all_decides_pass = true;
    std::string note = "実機テスト / Device test (iotmark devtest " + report->started_at + "):";
    for (const auto* result : cases) {
      note += " " + result->id + "=" + std::string(devtest::VerdictName(result->verdict)) + ";";
      if (result->verdict == devtest::Verdict::kFail) any_fail = true;
      if (result->role == devtest::CaseRole::kDecides) {
        any_decides = true;
        if (result->verdict != devtest::Verdict::kPass) all_decides_pass = false;
      }
      for (const auto& file : result->evidence) {
        auto path = evidence_path(file.path);
        if (!path.ok()) {
          std::cerr << "iotmark checklist apply-devtest: " << path.status().MessageWithField() << "\n";
          return kExitUsage;
        }
        evidence.push_back({*path, file.sha256, result->id + ": " + file.description});
      }
    }
    std::string recorded = "evidence-only";
    Status status;
    if (any_fail || (any_decides && all_decides_pass)) {
      checklist::Verdict verdict =
          any_fail ? checklist::Verdict::kNonconform : checklist::Verdict::kConform;
      recorded = std::string(checklist::VerdictName(verdict));
      status =
          checklist::ApplyDeviceTestResult(file->checklist, criterion, verdict, evidence, note);
    } else {
      for (const auto& entry : evidence) {
        status = checklist::AddEvidence(file->checklist, criterion, entry);
        if (!status.ok()) break;
      }
    }
    if (!status.ok()) {
      std::cerr << "iotmark checklist apply-devtest: " << criterion << ": " << status.MessageWithField()
                << "\n";
      return kExitUsage;
    }
    applied.push_back(
        {{"criterion", criterion}, {"recorded", recorded}, {"evidence_files", evidence.size()}});
    if (!options.json) {
      std::cout << "  " << criterion << ": "
                << (recorded == "evidence-only" ? "証跡のみ追加 / evidence only" : recorded) << " ("
                << evidence.size() << " 証跡 / evidence files)\n";
    }
  }
  Status saved = checklist::SaveChecklistFile(*file);
  if (!saved.ok()) {
    std::cerr << "iotmark checklist apply-devtest: " << saved.MessageWithField() << "\n";
    return kExitUsage;
  }
  if (options.json) {
    std::cout << nlohmann::json{{"checklist", options.checklist},
                                {"report", (directory / "report.json").string()},
                                {"criteria", applied}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << options.checklist
              << ": 実機テスト結果を記録しました / device test results recorded\n";
  }
  return kExitOk;
}

void SetupChecklistApplyDevtest(CLI::App& root, Context& context) {
  CLI::App* checklist_command = nullptr;
  try {
    checklist_command = root.get_subcommand("checklist");
  } catch (const CLI::OptionNotFound&) {
    checklist_command = root.add_subcommand("checklist", "自己適合宣言チェックリスト / Checklists");
  }
  auto options = std::make_shared<ApplyOptions>();
  auto* apply = checklist_command->add_subcommand(
      "apply-devtest",
      "実機テスト結果を記録 / Record `iotmark devtest run` verdicts and evidence hashes");
  apply->add_option("checklist", options->checklist, "Checklist file (.json/.yaml)")->required();
  apply->add_option("dir", options->directory, "Output folder of `iotmark devtest run`")
      ->required();
  apply->add_flag("--json", options->json, "Machine-readable output");
  apply->callback([options, &context] { context.exit_code = RunApply(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(checklist_apply_devtest, SetupChecklistApplyDevtest);

}  // namespace iotmark::cli
