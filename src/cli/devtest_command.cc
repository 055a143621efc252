// `iotmark devtest run --target TARGET.yaml --out DIR [--json]`: runs the
// device tests of ★1 against a device on loopback (docs/devtest.md).
#include <iostream>

#include "cli/command.h"
#include "common/clock.h"
#include "devtest/runner.h"
#include "devtest/target.h"

namespace iotmark::cli {
namespace {

struct DevtestOptions {
  std::string target;
  std::string out;
  bool json = false;
};

int RunDevtest(const DevtestOptions& options) {
  auto target = devtest::LoadTarget(options.target);
  if (!target.ok()) {
    std::cerr << "iotmark devtest run: " << target.status().message() << "\n";
    return kExitUsage;
  }
  auto report = devtest::RunDeviceTest(*target, options.out, SystemClock::Instance(), std::cerr);
  if (!report.ok()) {
    std::cerr << "iotmark devtest run: " << report.status().message() << "\n";
    return kExitUsage;
  }
  if (options.json) {
    std::cout << devtest::ReportToJson(*report).dump(2) << "\n";
  } else {
    std::cout << devtest::SummaryText(*report)
              << "報告 / Report: " << (std::filesystem::path(options.out) / "report.json").string()
              << "\n";
  }
  return report->ExitCode();
}

void SetupDevtest(CLI::App& root, Context& context) {
  auto options = std::make_shared<DevtestOptions>();
  auto* command = root.add_subcommand("devtest", "実機テスト / Device tests for ★1");
  command->require_subcommand(1);
  auto* run = command->add_subcommand(
      "run", "ターゲットに対して実機テストを実行 / Run every device test case against a target");
  run->add_option("--target", options->target, "Target file (docs/target-format.md)")->required();
  run->add_option("--out", options->out, "Output folder for report.json and logs")->required();
  run->add_flag("--json", options->json, "Print report.json on stdout instead of the summary");
  run->callback([options, &context] { context.exit_code = RunDevtest(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(devtest, SetupDevtest);

}  // namespace iotmark::cli
