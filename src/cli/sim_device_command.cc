// `iotmark sim-device`: runs the simulated IoT device, and helpers that
// power-cycle, factory-reset or stop it and build firmware images for it.
// See docs/sim-device-config.md.
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <vector>

#include "cli/command.h"
#include "common/files.h"
#include "simdevice/config.h"
#include "simdevice/control.h"
#include "simdevice/firmware_image.h"
#include "simdevice/server.h"

namespace iotmark::cli {
namespace {

struct SimDeviceOptions {
  std::string config_path;
  std::string state_dir;
  double timeout_seconds = 30;
  std::string version;
  std::string model_number = "ABC-100";
  bool tamper = false;
  std::string output;
};

// Re-executes this binary with the same arguments: a power cycle loses all memory.
int ReExecSelf() {
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  std::vector<std::string> arguments;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\0', start);
    if (end == std::string::npos) end = all.size();
    arguments.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  ::execv("/proc/self/exe", argv.data());
  std::cerr << "sim-device: 電源再投入に失敗 / power cycle failed: cannot re-exec: "
            << std::strerror(errno) << "\n";
  return kExitUsage;
}

int RunDevice(const SimDeviceOptions& options) {
  if (options.config_path.empty()) {
    std::cerr << "sim-device: --config FILE is required\n";
    return kExitUsage;
  }
  Result<simdevice::SimDeviceConfig> config = simdevice::LoadSimDeviceConfig(options.config_path);
  if (!config.ok()) {
    std::cerr << "sim-device: 設定エラー / config error: " << config.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  std::filesystem::path state_dir =
      options.state_dir.empty() ? config->state_dir : std::filesystem::path(options.state_dir);
  if (state_dir.empty()) {
    std::cerr << "sim-device: no state directory: give --state-dir DIR or state_dir in "
              << options.config_path << "\n";
    return kExitUsage;
  }
  Result<simdevice::DeviceExit> exit = simdevice::RunSimDevice(*config, state_dir, std::cout);
  if (!exit.ok()) {
    std::cerr << "sim-device: " << exit.status().MessageWithField() << "\n";
    std::error_code ec;
    std::filesystem::remove(state_dir / "pid", ec);
    return kExitUsage;
  }
  if (*exit == simdevice::DeviceExit::kPowerCycle) return ReExecSelf();
  return kExitOk;
}

std::chrono::milliseconds Timeout(const SimDeviceOptions& options) {
  return std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000));
}

int ExitFor(const Status& status) {
  if (status.ok()) return kExitOk;
  std::cerr << "sim-device: " << status.MessageWithField() << "\n";
  return status.code() == StatusCode::kUnavailable ? kExitCheckFailed : kExitUsage;
}

int MakeFirmware(const SimDeviceOptions& options) {
  Result<simdevice::VendorKey> key = simdevice::EnsureVendorKey(options.state_dir);
  if (!key.ok()) return ExitFor(key.status());
  Result<std::string> image =
      simdevice::MakeFirmwareImage(*key, options.model_number, options.version, options.tamper);
  if (!image.ok()) return ExitFor(image.status());
  Status written = WriteFileAtomic(options.output, *image);
  if (!written.ok()) return ExitFor(written);
  std::cout << (options.tamper ? "改ざんした" : "署名済み")
            << "ファームウェアを書き出しました / wrote "
            << (options.tamper ? "a tampered" : "a signed") << " firmware image: " << options.output
            << " (version " << options.version << ")\n";
  return kExitOk;
}

void SetupSimDevice(CLI::App& root, Context& context) {
  auto options = std::make_shared<SimDeviceOptions>();
  auto* command = root.add_subcommand(
      "sim-device", "模擬IoT機器を動かす / Run the simulated IoT device (loopback only)");
  command->add_option("--config", options->config_path, "Device config (YAML)");
  command->add_option("--state-dir", options->state_dir, "State directory (overrides state_dir)");
  command->require_subcommand(0, 1);

  auto add_state_dir = [&](CLI::App* sub) {
    sub->add_option("--state-dir", options->state_dir, "State directory of the device")->required();
  };
  auto* power_cycle = command->add_subcommand(
      "power-cycle", "電源再投入 / Power-cycle the device (SIGHUP) and wait until ready");
  add_state_dir(power_cycle);
  power_cycle->add_option("--timeout", options->timeout_seconds, "Seconds to wait (default 30)");
  power_cycle->callback([options, &context] {
    Result<simdevice::ReadyInfo> ready =
        simdevice::PowerCycle(options->state_dir, Timeout(*options));
    context.exit_code = ExitFor(ready.status());
    if (ready.ok()) {
      std::cout << "再起動完了 / ready again: boot_id=" << ready->boot_id << "\n";
    }
  });

  auto* reset = command->add_subcommand("factory-reset",
                                        "工場出荷状態に戻す / Factory-reset the running device");
  add_state_dir(reset);
  reset->add_option("--timeout", options->timeout_seconds, "Seconds to wait (default 30)");
  reset->callback([options, &context] {
    Status status = simdevice::FactoryReset(options->state_dir, Timeout(*options));
    context.exit_code = ExitFor(status);
    if (status.ok()) std::cout << "初期化完了 / factory reset done\n";
  });

  auto* stop = command->add_subcommand("stop", "停止 / Stop the device (SIGTERM) and wait");
  add_state_dir(stop);
  stop->add_option("--timeout", options->timeout_seconds, "Seconds to wait (default 30)");
  stop->callback([options, &context] {
    Status status = simdevice::Stop(options->state_dir, Timeout(*options));
    context.exit_code = ExitFor(status);
    if (status.ok()) std::cout << "停止しました / stopped\n";
  });

  auto* firmware = command->add_subcommand(
      "make-firmware", "ファームウェアイメージ作成 / Build a signed (or tampered) firmware image");
  add_state_dir(firmware);
  firmware->add_option("--version", options->version, "Firmware version")->required();
  firmware->add_option("--model", options->model_number, "Model number (default ABC-100)");
  firmware->add_flag("--tamper", options->tamper, "Flip a payload byte after signing");
  firmware->add_option("-o,--output", options->output, "Output file")->required();
  firmware->callback([options, &context] { context.exit_code = MakeFirmware(*options); });

  command->callback([command, options, &context] {
    if (!command->get_subcommands().empty()) return;
    context.exit_code = RunDevice(*options);
  });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(sim_device, SetupSimDevice);

}  // namespace iotmark::cli
