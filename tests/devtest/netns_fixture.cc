#include "netns_fixture.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <thread>

#include "common/files.h"

namespace iotmark::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "iotmark-t";

pid_t Spawn(const std::vector<std::string>& argv, const fs::path& log) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// Deletes namespaces "iotmark-t<pid>-<n>" whose test process is gone.
void RemoveStaleNamespaces() {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/run/netns", error)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    pid_t owner = static_cast<pid_t>(std::atol(name.c_str() + std::strlen(kPrefix)));
    if (owner <= 0 || ::kill(owner, 0) == 0 || errno != ESRCH) continue;
    std::string pids;
    RunCommand({"ip", "netns", "pids", name}, &pids);
    std::istringstream stream(pids);
    for (pid_t pid; stream >> pid;) ::kill(pid, SIGKILL);
    RunCommand({"ip", "netns", "del", name});
  }
}

}  // namespace

int RunCommand(const std::vector<std::string>& argv, std::string* output) {
  static std::atomic<int> counter{0};
  fs::path log = fs::temp_directory_path() / ("iotmark-netns-cmd-" + std::to_string(::getpid()) +
                                              "-" + std::to_string(counter++) + ".log");
  pid_t pid = Spawn(argv, log);
  int status = 0;
  if (pid > 0) ::waitpid(pid, &status, 0);
  if (output) {
    auto text = ReadFile(log);
    *output = text.ok() ? *text : "";
  }
  fs::remove(log);
  return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

Result<std::unique_ptr<NetworkNamespace>> NetworkNamespace::Create() {
  RemoveStaleNamespaces();
  static std::atomic<int> counter{0};
  std::string name =
      std::string(kPrefix) + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  std::string output;
  if (RunCommand({"ip", "netns", "add", name}, &output) != 0) {
    return Status::FailedPrecondition("ip netns add " + name +
                                      " failed (these tests need root): " + output);
  }
  std::unique_ptr<NetworkNamespace> ns(new NetworkNamespace(name));
  if (ns->Run({"ip", "link", "set", "lo", "up"}, &output) != 0) {
    return Status::FailedPrecondition("cannot bring lo up in " + name + ": " + output);
  }
  return ns;
}

NetworkNamespace::~NetworkNamespace() {
  // Every process inside: the ones we started, and whatever they left behind.
  std::vector<pid_t> pids = Pids();
  pids.insert(pids.end(), started_.begin(), started_.end());
  for (pid_t pid : pids) ::kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (pid_t pid : started_) {
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  for (pid_t pid : Pids()) ::kill(pid, SIGKILL);
  for (pid_t pid : started_) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, WNOHANG);
  }
  if (original_ns_fd_ >= 0) {
    ::setns(original_ns_fd_, CLONE_NEWNET);
    ::close(original_ns_fd_);
  }
  RunCommand({"ip", "netns", "del", name_});
}

int NetworkNamespace::Run(const std::vector<std::string>& argv, std::string* output) const {
  std::vector<std::string> full = {"ip", "netns", "exec", name_};
  full.insert(full.end(), argv.begin(), argv.end());
  return RunCommand(full, output);
}

pid_t NetworkNamespace::Start(const std::vector<std::string>& argv, const fs::path& log) {
  std::vector<std::string> full = {"ip", "netns", "exec", name_};
  full.insert(full.end(), argv.begin(), argv.end());
  pid_t pid = Spawn(full, log);
  if (pid > 0) started_.push_back(pid);
  return pid;
}

Status NetworkNamespace::Enter() {
  if (original_ns_fd_ >= 0) return Status::Ok();
  int original = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  int target = ::open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
  if (original < 0 || target < 0 || ::setns(target, CLONE_NEWNET) != 0) {
    std::string why = std::strerror(errno);
    if (original >= 0) ::close(original);
    if (target >= 0) ::close(target);
    return Status::FailedPrecondition("cannot enter network namespace " + name_ + ": " + why);
  }
  ::close(target);
  original_ns_fd_ = original;
  return Status::Ok();
}

std::vector<pid_t> NetworkNamespace::Pids() const {
  std::string output;
  RunCommand({"ip", "netns", "pids", name_}, &output);
  std::vector<pid_t> pids;
  std::istringstream stream(output);
  for (pid_t pid; stream >> pid;) {
    if (pid != ::getpid()) pids.push_back(pid);
  }
  return pids;
}

bool NetworkNamespace::WaitForTcpPort(int port, int timeout_ms) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    // bash's /dev/tcp connects from inside the namespace, no extra tool needed.
    if (Run({"bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port)}) == 0) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace iotmark::testing
