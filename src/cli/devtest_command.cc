// `iotmark devtest run --target TARGET.yaml --out DIR [--json] [--allow-public-target]`:
// runs the device tests of ★1 (docs/devtest.md);
// `iotmark devtest plan --target TARGET.yaml [--json]`: prints what a run would
// do without sending a packet or resolving a name (docs/target-format.md).
#include <iostream>

#include "cli/command.h"
#include "common/clock.h"
#include "devtest/plan.h"
#include "devtest/runner.h"
#include "devtest/target.h"
#include "net/address.h"
#include "net/host_pins.h"
#include "net/address_resolve.h"

namespace iotmark::cli {
namespace {

struct DevtestOptions {
  std::string target;
  std::string out;
  bool json = false;
  bool allow_public_target = false;
};

// Every refusal happens here, before the first socket: the target file's own
// rules (LoadTarget), the authorization and public-address checks, and — for
// a host name only — the same checks on what the name resolves to.
int RunDevtest(const DevtestOptions& options) {
  auto target = devtest::LoadTarget(options.target);
  if (!target.ok()) {
    std::cerr << "iotmark devtest run: " << target.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  if (Status allowed = devtest::CheckTargetAllowed(*target, options.allow_public_target);
      !allowed.ok()) {
    std::cerr << "iotmark devtest run: " << allowed.MessageWithField() << "\n";
    return kExitUsage;
  }
  target->scan_addresses = devtest::LiteralAddresses(*target);
  if (!net::IsIpLiteral(target->host)) {
    auto resolved = net::ResolveHost(target->host);
    if (!resolved.ok()) {
      std::cerr << "iotmark devtest run: host: " << resolved.status().MessageWithField() << "\n";
      return kExitUsage;
    }
    if (Status allowed =
            devtest::CheckTargetAllowed(*target, options.allow_public_target, *resolved);
        !allowed.ok()) {
      std::cerr << "iotmark devtest run: " << allowed.MessageWithField() << "\n";
      return kExitUsage;
    }
    // One IPv4 and one IPv6 address of the name (the first of each), plus host_ipv6.
    std::vector<std::string> picked;
    for (bool v6 : {false, true}) {
      for (const std::string& address : *resolved) {
        if (net::IsIpv6Literal(address) == v6) {
          picked.push_back(address);
          break;
        }
      }
    }
    for (const std::string& address : picked) {
      if (address != target->host_ipv6) target->scan_addresses.push_back(address);
    }
    // The HTTP, TLS and login clients connect to the name through this
    // checked address only (net/host_pins.h).
    if (!picked.empty()) {
      if (Status pinned = net::PinHostAddress(target->host, picked.front()); !pinned.ok()) {
        std::cerr << "iotmark devtest run: host: " << pinned.MessageWithField() << "\n";
        return kExitUsage;
      }
    }
  }
  auto report = devtest::RunDeviceTest(*target, options.out, SystemClock::Instance(), std::cerr);
  if (!report.ok()) {
    std::cerr << "iotmark devtest run: " << report.status().MessageWithField() << "\n";
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

int PlanDevtest(const DevtestOptions& options) {
  auto target = devtest::LoadTarget(options.target);
  if (!target.ok()) {
    std::cerr << "iotmark devtest plan: " << target.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  if (options.json) {
    std::cout << devtest::PlanJson(*target).dump(2) << "\n";
  } else {
    std::cout << devtest::PlanText(*target);
  }
  return kExitOk;
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
  run->add_flag("--allow-public-target", options->allow_public_target,
                "Allow a globally routable address (the target file's `authorization` is "
                "needed as well)");
  run->callback([options, &context] { context.exit_code = RunDevtest(*options); });
  auto* plan = command->add_subcommand(
      "plan",
      "実行内容の表示 (パケット送信なし) / Print what a run would do, without sending a packet "
      "or resolving a name");
  plan->add_option("--target", options->target, "Target file (docs/target-format.md)")->required();
  plan->add_flag("--json", options->json, "Print the plan as JSON");
  plan->callback([options, &context] { context.exit_code = PlanDevtest(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(devtest, SetupDevtest);

}  // namespace iotmark::cli
