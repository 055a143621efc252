// `iotmark devtest run` against real Debian daemons (issue 10 §5, logins):
// lighttpd with HTTP Basic auth and no rate limit (its ~1 s delay per wrong
// password does not stop parallel guessing: S1.1-04 FAIL), dropbear with
// password logins (ssh-password) and mosquitto with a password file (mqtt).
//
// Everything runs inside a network namespace this test creates (ip netns add,
// lo up, ip netns exec); dropbear sees a test user through passwd/shadow
// copies bind-mounted in its own mount namespace (unshare -m), so the host's
// files are never changed. Needs root and the daemons of
// scripts/install-deps.sh; skipped (with the reason) when they are missing.
// The fixture stops every daemon and deletes the namespace, also on failure.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/files.h"

namespace iotmark::testing {
namespace {

namespace fs = std::filesystem;

int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class RealLoginServices : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (ip netns add)";
    for (const char* tool : {"/usr/sbin/lighttpd", "/usr/sbin/dropbear", "/usr/bin/dropbearkey",
                             "/usr/sbin/mosquitto", "/usr/bin/mosquitto_passwd"}) {
      if (!fs::exists(tool)) GTEST_SKIP() << tool << " missing (scripts/install-deps.sh)";
    }
    namespace_ = "iotmark-login-" + std::to_string(getpid());
    dir_ = fs::temp_directory_path() / namespace_;
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "www");
    ASSERT_EQ(Shell("ip netns add " + namespace_), 0);
    netns_created_ = true;
    ASSERT_EQ(Shell("ip netns exec " + namespace_ + " ip link set lo up"), 0);
  }

  void TearDown() override {
    for (pid_t pid : daemons_) {
      kill(-pid, SIGTERM);
      for (int i = 0; i < 50 && waitpid(pid, nullptr, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      kill(-pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (netns_created_) Shell("ip netns delete " + namespace_);
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  // Starts `command` (through sh) inside the namespace in its own process group.
  void StartDaemon(const std::string& command, const std::string& log) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      setpgid(0, 0);
      std::string full = "exec ip netns exec " + namespace_ + " " + command + " >" +
                         (dir_ / log).string() + " 2>&1";
      execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    setpgid(pid, pid);
    daemons_.push_back(pid);
  }

  // Waits until something listens on 127.0.0.1:port inside the namespace.
  bool WaitListening(int port) {
    for (int i = 0; i < 100; ++i) {
      if (Shell("ip netns exec " + namespace_ + " bash -c 'exec 3<>/dev/tcp/127.0.0.1/" +
                std::to_string(port) + "' 2>/dev/null") == 0) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Runs `iotmark devtest run` inside the namespace; returns report.json.
  nlohmann::json RunDevtest(const std::string& name, const std::string& yaml, int* exit_code,
                            std::string* output) {
    fs::path target = dir_ / (name + ".yaml");
    fs::path out = dir_ / ("out-" + name);
    (void)WriteFileAtomic(target, yaml);
    (void)WriteFileAtomic(dir_ / "default-passwords.txt", "admin\npassword\n1234\n");
    std::string command = "ip netns exec " + namespace_ + " " + IOTMARK_BINARY +
                          " devtest run --target " + target.string() + " --out " + out.string() +
                          " >" + (dir_ / (name + ".out")).string() + " 2>&1";
    *exit_code = Shell(command);
    auto text = ReadFile(dir_ / (name + ".out"));
    *output = text.ok() ? *text : "";
    auto report = ReadFile(out / "report.json");
    return report.ok() ? nlohmann::json::parse(*report, nullptr, false) : nlohmann::json();
  }

  std::string CommonYaml() const {
    return "default_passwords_file: " + (dir_ / "default-passwords.txt").string() +
           "\nbrute_force: {attempts: 6, parallel: 8, parallel_attempts: 16, "
           "recovery_timeout_s: 20, request_timeout_ms: 10000}\n";
  }

  static const nlohmann::json* Case(const nlohmann::json& report, const std::string& id) {
    if (!report.is_object()) return nullptr;
    for (const auto& item : report["cases"]) {
      if (item["id"] == id) return &item;
    }
    return nullptr;
  }

  std::string namespace_;
  fs::path dir_;
  bool netns_created_ = false;
  std::vector<pid_t> daemons_;
};

TEST_F(RealLoginServices, LighttpdBasicAuthWithoutRateLimitFailsBruteForce) {
  (void)WriteFileAtomic(dir_ / "www" / "index.html", "hello\n");
  (void)WriteFileAtomic(dir_ / "users", "admin:Lt-Pass-93\n");
  (void)WriteFileAtomic(
      dir_ / "lighttpd.conf",
      "server.document-root = \"" + (dir_ / "www").string() +
          "\"\nserver.bind = \"127.0.0.1\"\nserver.port = 8080\n"
          "server.modules = (\"mod_auth\", \"mod_authn_file\")\n"
          "auth.backend = \"plain\"\nauth.backend.plain.userfile = \"" +
          (dir_ / "users").string() +
          "\"\nauth.require = (\"/\" => (\"method\" => \"basic\", \"realm\" => \"iot\", "
          "\"require\" => \"valid-user\"))\n");
  StartDaemon("/usr/sbin/lighttpd -D -f " + (dir_ / "lighttpd.conf").string(), "lighttpd.log");
  ASSERT_TRUE(WaitListening(8080));
  int exit_code = 0;
  std::string output;
  // login.path /index.html: lighttpd answers 403 for "/" without mod_indexfile.
  nlohmann::json report = RunDevtest(
      "lighttpd",
      "host: 127.0.0.1\nweb: {base_url: \"http://127.0.0.1:8080\"}\n"
      "login: {kind: http-basic, path: /index.html, username: admin, password: Lt-Pass-93}\n" +
          CommonYaml(),
      &exit_code, &output);
  const nlohmann::json* brute = Case(report, "S1.1-04-brute-force");
  ASSERT_NE(brute, nullptr) << output;
  EXPECT_EQ((*brute)["verdict"], "FAIL") << (*brute).dump(1);
  const auto& m = (*brute)["measurements"];
  // lighttpd delays each wrong password by ~1 s, one connection at a time...
  EXPECT_GT(m["sequential"]["median_latency_ms"].get<double>(), 800) << m.dump(1);
  // ...yet 8 parallel connections guess several times faster, far above 30/min.
  double parallel = m["parallel"]["guesses_per_minute"].get<double>();
  double sequential = m["sequential"]["guesses_per_minute"].get<double>();
  EXPECT_GT(parallel, 3 * sequential) << m.dump(1);
  EXPECT_GT(parallel, 120);
  std::string rationale = (*brute)["rationale"]["en"];
  EXPECT_NE(rationale.find("guesses per minute"), std::string::npos) << rationale;
  EXPECT_NE(rationale.find("10,000-word list"), std::string::npos) << rationale;
  EXPECT_EQ(rationale.find("without blocking or delay"), std::string::npos) << rationale;
  for (const char* id : {"S1.1-01-default-passwords", "S1.1-02-empty-password"}) {
    const nlohmann::json* item = Case(report, id);
    ASSERT_NE(item, nullptr);
    EXPECT_EQ((*item)["verdict"], "PASS") << (*item).dump(1);
  }
  EXPECT_EQ(exit_code, 1) << output;

  // A login path that answers neither success nor refusal (lighttpd: 403 for
  // "/" with the valid credential) makes every login-based case INCONCLUSIVE alike.
  report = RunDevtest("lighttpd-wrong-path",
                      "host: 127.0.0.1\nweb: {base_url: \"http://127.0.0.1:8080\"}\n"
                      "login: {kind: http-basic, path: /, username: admin, password: "
                      "Lt-Pass-93}\n" +
                          CommonYaml(),
                      &exit_code, &output);
  for (const char* id :
       {"S1.1-01-default-passwords", "S1.1-02-empty-password", "S1.1-04-brute-force"}) {
    const nlohmann::json* item = Case(report, id);
    ASSERT_NE(item, nullptr) << output;
    EXPECT_EQ((*item)["verdict"], "INCONCLUSIVE") << (*item).dump(1);
  }
  EXPECT_EQ(exit_code, 1);
  EXPECT_NE(output.find("A reviewer must still judge"), std::string::npos) << output;
}

TEST_F(RealLoginServices, DropbearAndMosquittoPasswordLogins) {
  // dropbear: a test user visible only in dropbear's own mount namespace.
  std::string hash;
  {
    FILE* pipe = popen("openssl passwd -6 Db-Pass-42", "r");
    ASSERT_NE(pipe, nullptr);
    char line[256] = {};
    if (fgets(line, sizeof line, pipe)) hash = line;
    pclose(pipe);
    while (!hash.empty() && (hash.back() == '\n' || hash.back() == '\r')) hash.pop_back();
  }
  ASSERT_FALSE(hash.empty());
  ASSERT_EQ(Shell("cp /etc/passwd " + (dir_ / "passwd").string() + " && cp /etc/shadow " +
                  (dir_ / "shadow").string()),
            0);
  ASSERT_EQ(
      Shell("echo 'iotdev:x:4242:4242::/tmp:/bin/sh' >> " + (dir_ / "passwd").string() +
            " && echo 'iotdev:" + hash + ":19000:0:99999:7:::' >> " + (dir_ / "shadow").string()),
      0);
  ASSERT_EQ(Shell("dropbearkey -t ed25519 -f " + (dir_ / "hostkey").string() + " >/dev/null 2>&1"),
            0);
  StartDaemon("unshare -m sh -c 'mount --bind " + (dir_ / "passwd").string() +
                  " /etc/passwd && mount --bind " + (dir_ / "shadow").string() +
                  " /etc/shadow && exec dropbear -F -E -p 127.0.0.1:2222 -r " +
                  (dir_ / "hostkey").string() + "'",
              "dropbear.log");
  // mosquitto: password file, no anonymous clients.
  ASSERT_EQ(Shell("mosquitto_passwd -b -c " + (dir_ / "mq.pw").string() +
                  " mquser Mq-Pass-7 && chmod 644 " + (dir_ / "mq.pw").string()),
            0);
  (void)WriteFileAtomic(dir_ / "mosquitto.conf",
                        "listener 1883 127.0.0.1\nallow_anonymous false\n"
                        "password_file " +
                            (dir_ / "mq.pw").string() + "\n");
  StartDaemon("/usr/sbin/mosquitto -c " + (dir_ / "mosquitto.conf").string(), "mosquitto.log");
  ASSERT_TRUE(WaitListening(2222));
  ASSERT_TRUE(WaitListening(1883));

  for (auto [name, login] :
       {std::pair{"ssh",
                  "{kind: ssh-password, username: iotdev, password: Db-Pass-42, port: 2222}"},
        std::pair{"mqtt", "{kind: mqtt, username: mquser, password: Mq-Pass-7}"}}) {
    int exit_code = 0;
    std::string output;
    nlohmann::json report =
        RunDevtest(name, std::string("host: 127.0.0.1\nlogin: ") + login + "\n" + CommonYaml(),
                   &exit_code, &output);
    for (const char* id : {"S1.1-01-default-passwords", "S1.1-02-empty-password"}) {
      const nlohmann::json* item = Case(report, id);
      ASSERT_NE(item, nullptr) << name << output;
      EXPECT_EQ((*item)["verdict"], "PASS") << name << (*item).dump(1);
      EXPECT_EQ((*item)["measurements"]["valid_credential"]["outcome"], "accepted");
    }
    const nlohmann::json* brute = Case(report, "S1.1-04-brute-force");
    ASSERT_NE(brute, nullptr);
    // Neither daemon limits the guess rate enough: FAIL, with the figures.
    EXPECT_EQ((*brute)["verdict"], "FAIL") << name << (*brute).dump(1);
    EXPECT_GT((*brute)["measurements"]["guesses_per_minute"].get<double>(), 30);
    EXPECT_GT((*brute)["measurements"]["sequential"]["wrong_guesses_evaluated"].get<int>(), 0);
    EXPECT_EQ(exit_code, 1);
  }
}

}  // namespace
}  // namespace iotmark::testing
