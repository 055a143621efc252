// Test helper: a network namespace of the test's own, so that a full-range
// scan sees only what the test started there (never the host's services, never
// another machine).
//
// Create() runs `ip netns add iotmark-t<pid>-<n>` and brings `lo` up inside
// (needs root). Daemons run inside with `ip netns exec` (Start/Run). Enter()
// moves this process's calling thread — and every child it starts later —
// into the namespace. The destructor kills every process left inside, moves
// the process back, and deletes the namespace; namespaces of test processes
// that died without cleaning up are deleted by the next Create().
#ifndef IOTMARK_TESTS_DEVTEST_NETNS_FIXTURE_H_
#define IOTMARK_TESTS_DEVTEST_NETNS_FIXTURE_H_

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::testing {

class NetworkNamespace {
 public:
  static Result<std::unique_ptr<NetworkNamespace>> Create();
  ~NetworkNamespace();
  NetworkNamespace(const NetworkNamespace&) = delete;
  NetworkNamespace& operator=(const NetworkNamespace&) = delete;

  const std::string& name() const { return name_; }
  // Runs argv inside the namespace to completion; output (stdout+stderr) in `output`.
  int Run(const std::vector<std::string>& argv, std::string* output = nullptr) const;
  // Starts argv inside in the background, output to `log`; killed by the destructor.
  pid_t Start(const std::vector<std::string>& argv, const std::filesystem::path& log);
  // Moves this thread (and its future children) into the namespace.
  Status Enter();
  // PIDs of the processes inside (`ip netns pids`).
  std::vector<pid_t> Pids() const;
  // Waits until a TCP port on 127.0.0.1 inside accepts (up to `timeout_ms`).
  bool WaitForTcpPort(int port, int timeout_ms) const;

 private:
  explicit NetworkNamespace(std::string name) : name_(std::move(name)) {}
  std::string name_;
  int original_ns_fd_ = -1;  // set while entered
  std::vector<pid_t> started_;
};

// Runs argv (no shell) to completion; output in `output`; returns the exit code.
int RunCommand(const std::vector<std::string>& argv, std::string* output = nullptr);

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_DEVTEST_NETNS_FIXTURE_H_
