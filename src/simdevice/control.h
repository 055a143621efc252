// Controls a running simulated device through its state directory: reads
// DIR/pid and DIR/ready, sends the signal for power cycle (SIGHUP), factory
// reset (SIGUSR1) or stop (SIGTERM) and waits for the visible result, so
// callers (tests, target files) never sleep blindly.
#ifndef IOTMARK_SIMDEVICE_CONTROL_H_
#define IOTMARK_SIMDEVICE_CONTROL_H_

#include <chrono>
#include <filesystem>
#include <string>

#include "common/status.h"

namespace iotmark::simdevice {

struct ReadyInfo {
  int pid = 0;
  std::string boot_id;
  int http_port = 0;
  int tls_port = 0;  // 0 = no TLS
};

// Reads DIR/ready; kNotFound while the device is not ready.
Result<ReadyInfo> ReadReady(const std::filesystem::path& state_dir);

// Waits until DIR/ready exists with a boot_id different from `previous_boot_id`
// ("" = any) and its pid is alive.
Result<ReadyInfo> WaitReady(const std::filesystem::path& state_dir,
                            const std::string& previous_boot_id, std::chrono::milliseconds timeout);

// SIGHUP, then waits until ready again with a new boot id.
Result<ReadyInfo> PowerCycle(const std::filesystem::path& state_dir,
                             std::chrono::milliseconds timeout);
// SIGUSR1, then waits for DIR/factory-reset.done.
Status FactoryReset(const std::filesystem::path& state_dir, std::chrono::milliseconds timeout);
// SIGTERM, then waits until the process has exited (or is a zombie).
Status Stop(const std::filesystem::path& state_dir, std::chrono::milliseconds timeout);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_CONTROL_H_
