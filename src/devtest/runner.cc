#include "devtest/runner.h"

#include "common/files.h"
#include "devtest/cases.h"
#include "devtest/plan.h"

namespace iotmark::devtest {
namespace {

// Every case, marked ERROR, when the device does not answer at all.
std::vector<CaseResult> UnreachableCases(DeviceSession& session, const std::string& why) {
  std::vector<CaseResult> results;
  for (const CaseInfo& entry : AllCases()) {
    CaseRun run(session, entry.id, entry.criterion, entry.role, entry.id);
    run.log().Line(why);
    results.push_back(run.Finish(Verdict::kError, "機器に接続できません: " + why,
                                 "Cannot reach the device: " + why));
  }
  return results;
}

}  // namespace

Result<Report> RunDeviceTest(const Target& target, const std::filesystem::path& out_dir,
                             const Clock& clock, std::ostream& progress) {
  std::error_code error;
  std::filesystem::create_directories(out_dir / "logs", error);
  if (error) {
    return Status::IoError(out_dir.string() +
                           ": cannot create the output folder: " + error.message());
  }
  Report report;
  report.target_file = target.file.string();
  report.host = target.host;
  report.model_number = target.model_number;
  report.started_at = FormatIso8601(clock.Now());
  DeviceSession session(target, out_dir, clock, progress);
  auto add = [&report](CaseResult result) { report.cases.push_back(std::move(result)); };

  Exchange hello = session.Request("GET", "/", "", false, nullptr, 3000);
  if (target.web && !hello.answered) {
    for (auto& result : UnreachableCases(session, target.web->base_url + ": " + hello.error)) {
      add(std::move(result));
    }
  } else {
    add(RunTlsCase(session));
    add(RunModelNumberCase(session));
    for (auto& result : RunPortCases(session)) add(std::move(result));
    add(RunDefaultPasswordCase(session));
    add(RunEmptyPasswordCase(session));
    add(RunFirmwareUpdateCase(session));
    add(RunTamperedFirmwareCase(session));
    add(RunPersistenceCase(session));
    add(RunFactoryResetCase(session));
    add(RunBruteForceCase(session));
  }
  report.ended_at = FormatIso8601(clock.Now());
  Status written = WriteFileAtomic(out_dir / "report.json", ReportToJson(report).dump(2) + "\n");
  if (!written.ok()) return written;
  return report;
}

}  // namespace iotmark::devtest
