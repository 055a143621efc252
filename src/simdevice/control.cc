#include "simdevice/control.h"

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/files.h"

namespace iotmark::simdevice {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(10);

// True while `pid` runs (a zombie counts as exited).
bool ProcessAlive(int pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t close = line.rfind(')');
  if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z') return false;
  return true;
}

Result<int> ReadPid(const std::filesystem::path& state_dir) {
  Result<std::string> text = ReadFile(state_dir / "pid", 64);
  if (!text.ok()) {
    return Status::NotFound("no simulated device runs for " + state_dir.string() + " (" +
                            text.status().message() + ")");
  }
  int pid = std::atoi(text->c_str());
  if (!ProcessAlive(pid)) {
    return Status::NotFound("no simulated device runs for " + state_dir.string() + " (pid " +
                            std::to_string(pid) + " is not running)");
  }
  return pid;
}

}  // namespace

Result<ReadyInfo> ReadReady(const std::filesystem::path& state_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(state_dir / "ready", ec)) {
    return Status::NotFound(state_dir.string() + "/ready: not there yet");
  }
  Result<std::string> text = ReadFile(state_dir / "ready", 1 << 16);
  if (!text.ok()) return text.status();
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::ParseError(state_dir.string() + "/ready: not JSON");
  }
  ReadyInfo info;
  info.pid = json.value("pid", 0);
  info.boot_id = json.value("boot_id", "");
  info.http_port = json.value("http_port", 0);
  if (json.contains("tls_port") && json["tls_port"].is_number()) info.tls_port = json["tls_port"];
  return info;
}

Result<ReadyInfo> WaitReady(const std::filesystem::path& state_dir,
                            const std::string& previous_boot_id,
                            std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    Result<ReadyInfo> info = ReadReady(state_dir);
    if (info.ok() && info->boot_id != previous_boot_id && ProcessAlive(info->pid)) return info;
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("the simulated device in " + state_dir.string() +
                                 " did not become ready within " + std::to_string(timeout.count()) +
                                 " ms");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

Result<ReadyInfo> PowerCycle(const std::filesystem::path& state_dir,
                             std::chrono::milliseconds timeout) {
  Result<int> pid = ReadPid(state_dir);
  if (!pid.ok()) return pid.status();
  std::string previous;
  if (Result<ReadyInfo> ready = ReadReady(state_dir); ready.ok()) previous = ready->boot_id;
  if (::kill(*pid, SIGHUP) != 0)
    return Status::IoError("cannot signal pid " + std::to_string(*pid));
  return WaitReady(state_dir, previous, timeout);
}

Status FactoryReset(const std::filesystem::path& state_dir, std::chrono::milliseconds timeout) {
  Result<int> pid = ReadPid(state_dir);
  if (!pid.ok()) return pid.status();
  std::filesystem::path done = state_dir / "factory-reset.done";
  std::error_code ec;
  std::filesystem::remove(done, ec);
  if (::kill(*pid, SIGUSR1) != 0)
    return Status::IoError("cannot signal pid " + std::to_string(*pid));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!std::filesystem::exists(done, ec)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("factory reset not confirmed within " +
                                 std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return Status::Ok();
}

Status Stop(const std::filesystem::path& state_dir, std::chrono::milliseconds timeout) {
  Result<int> pid = ReadPid(state_dir);
  if (!pid.ok()) return pid.status();
  if (::kill(*pid, SIGTERM) != 0)
    return Status::IoError("cannot signal pid " + std::to_string(*pid));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (ProcessAlive(*pid)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("pid " + std::to_string(*pid) + " did not exit within " +
                                 std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return Status::Ok();
}

}  // namespace iotmark::simdevice
