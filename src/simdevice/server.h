// Runs the simulated device: the HTTP(S) admin UI, extra TCP banners and UDP
// responders on loopback, the ready/pid files, and the signals that stop it
// (SIGTERM/SIGINT), power-cycle it (SIGHUP) or factory-reset it (SIGUSR1).
//
// RunSimDevice blocks until a stop or power-cycle signal; the caller re-execs
// the process for a power cycle so nothing in memory survives.
#ifndef IOTMARK_SIMDEVICE_SERVER_H_
#define IOTMARK_SIMDEVICE_SERVER_H_

#include <filesystem>
#include <ostream>

#include "common/status.h"
#include "simdevice/config.h"

namespace iotmark::simdevice {

enum class DeviceExit { kStopped, kPowerCycle };

Result<DeviceExit> RunSimDevice(const SimDeviceConfig& config,
                                const std::filesystem::path& state_dir, std::ostream& out);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_SERVER_H_
