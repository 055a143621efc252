// The "no packet" property of the target checks, made structural and tested:
// `iotmark devtest plan` and the refusals of `devtest run` (missing
// authorization, public address without --allow-public-target) run in a child
// process whose seccomp filter kills it at the first socket(), connect(),
// sendto(), sendmsg() or sendmmsg() — and, in addition, inside a fresh
// network namespace with no interface up, so nothing could leave anyway.
// A name is never resolved either (that would need a socket for DNS).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/files.h"

namespace iotmark::testing {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  bool killed_by_seccomp = false;
  int exit_code = -1;
  std::string output;
};

// Allows every system call except those that create or use a socket.
bool InstallNoSocketFilter() {
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),  // another ABI: refuse everything
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 5, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 4, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendto, 3, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendmsg, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendmmsg, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

Outcome RunWithoutNetwork(const std::vector<std::string>& arguments) {
  static int counter = 0;
  fs::path log = fs::temp_directory_path() / ("iotmark-no-packet-" + std::to_string(::getpid()) +
                                              "-" + std::to_string(counter++) + ".log");
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    if (::unshare(CLONE_NEWNET) != 0) ::_exit(90);  // a namespace without any interface up
    if (!InstallNoSocketFilter()) ::_exit(91);
    std::vector<char*> argv = {const_cast<char*>(IOTMARK_BINARY)};
    for (const std::string& argument : arguments)
      argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    ::execv(IOTMARK_BINARY, argv.data());
    ::_exit(127);
  }
  Outcome outcome;
  int status = 0;
  ::waitpid(pid, &status, 0);
  outcome.killed_by_seccomp = WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto text = ReadFile(log);
  outcome.output = text.ok() ? *text : "";
  fs::remove(log);
  return outcome;
}

class NoPacketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("iotmark-no-packet-" + std::to_string(::getpid()));
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  std::string Target(const std::string& name, const std::string& yaml) {
    fs::path path = directory_ / name;
    (void)WriteFileAtomic(path, yaml);
    return path.string();
  }
  fs::path directory_;
};

constexpr const char* kAuthorization =
    "authorization: {authorized_by: \"QA lead\", device_owner: \"ACME\", date: 2026-12-01}\n";

TEST_F(NoPacketTest, TheFilterCatchesARealScan) {
  // Control: the same harness kills a command that does open a socket.
  Outcome scan = RunWithoutNetwork({"scan", "--host", "127.0.0.1", "--tcp", "1"});
  EXPECT_TRUE(scan.killed_by_seccomp) << scan.exit_code << scan.output;
}

TEST_F(NoPacketTest, PlanOfLanTargetsSendsNothingAndResolvesNoName) {
  for (const std::string host :
       {"192.168.1.20", "\"fe80::1%eth0\"", "camera.lab.example", "8.8.8.8"}) {
    std::string target = Target(
        "lan.yaml", "host: " + host + "\n" + kAuthorization + "declared_ports: {tcp: [80]}\n");
    Outcome plan = RunWithoutNetwork({"devtest", "plan", "--target", target, "--json"});
    ASSERT_FALSE(plan.killed_by_seccomp) << host << " " << plan.output;
    ASSERT_EQ(plan.exit_code, 0) << host << " " << plan.output;
    nlohmann::json json = nlohmann::json::parse(plan.output, nullptr, false);
    ASSERT_TRUE(json.is_object()) << plan.output;
    EXPECT_EQ(json["tcp_ranges"], nlohmann::json::array({"1-65535"}));
    EXPECT_EQ(json["udp_ports"].size(), 12u);
    EXPECT_EQ(json["cases"].size(), 11u);
  }
  Outcome text = RunWithoutNetwork(
      {"devtest", "plan", "--target",
       Target("t.yaml", "host: camera.lab.example\n" + std::string(kAuthorization))});
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("resolved at run time"), std::string::npos) << text.output;
}

TEST_F(NoPacketTest, RunRefusesBeforeAnySocket) {
  for (const std::string host : {"192.168.1.20", "\"fe80::1%eth0\"", "camera.lab.example"}) {
    Outcome run = RunWithoutNetwork({"devtest", "run", "--target",
                                     Target("no-auth.yaml", "host: " + host + "\n"), "--out",
                                     (directory_ / "out").string()});
    EXPECT_FALSE(run.killed_by_seccomp) << host << " " << run.output;
    EXPECT_EQ(run.exit_code, 2) << host << " " << run.output;
    EXPECT_NE(run.output.find("authorization"), std::string::npos) << run.output;
    Outcome plan = RunWithoutNetwork(
        {"devtest", "plan", "--target", Target("no-auth.yaml", "host: " + host + "\n")});
    EXPECT_EQ(plan.exit_code, 2) << plan.output;
  }
  Outcome public_run =
      RunWithoutNetwork({"devtest", "run", "--target",
                         Target("public.yaml", "host: 8.8.8.8\n" + std::string(kAuthorization)),
                         "--out", (directory_ / "out").string()});
  EXPECT_FALSE(public_run.killed_by_seccomp) << public_run.output;
  EXPECT_EQ(public_run.exit_code, 2) << public_run.output;
  EXPECT_NE(public_run.output.find("--allow-public-target"), std::string::npos)
      << public_run.output;
  // An IPv6 public address given beside a LAN host is caught the same way.
  Outcome public_v6 = RunWithoutNetwork(
      {"devtest", "run", "--target",
       Target("public6.yaml", "host: 192.168.1.20\nhost_ipv6: \"2a00:1450:4001::1\"\n" +
                                  std::string(kAuthorization)),
       "--out", (directory_ / "out").string()});
  EXPECT_FALSE(public_v6.killed_by_seccomp) << public_v6.output;
  EXPECT_EQ(public_v6.exit_code, 2) << public_v6.output;
  EXPECT_NE(public_v6.output.find("--allow-public-target"), std::string::npos);
  EXPECT_FALSE(fs::exists(directory_ / "out" / "report.json"));
}

}  // namespace
}  // namespace iotmark::testing
