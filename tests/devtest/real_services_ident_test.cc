// Real Debian daemons (lighttpd, dropbear) inside a network namespace this
// test creates: `iotmark devtest run` writes a report (a dropbear port in
// range used to crash it with a JSON UTF-8 error) and identifies lighttpd as
// lighttpd:lighttpd with the installed version, the way nmap -sV does.
// Needs root (ip netns); skipped otherwise or when a daemon is not installed.
// Everything started is stopped and the namespace deleted, also on failure.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
  ::pclose(pipe);
  return out;
}

pid_t Start(const std::vector<std::string>& argv, const fs::path& log) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

class RealServicesIdentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for ip netns";
    for (const char* tool : {"/usr/sbin/lighttpd", "/usr/sbin/dropbear", "/usr/bin/dropbearkey"}) {
      if (!fs::exists(tool)) GTEST_SKIP() << tool << " not installed";
    }
    namespace_ = "iotmark-ident-" + std::to_string(::getpid());
    dir_ = fs::temp_directory_path() / namespace_;
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "www");
    ASSERT_EQ(std::system(("ip netns add " + namespace_).c_str()), 0);
    created_ = true;
    ASSERT_EQ(std::system(("ip netns exec " + namespace_ + " ip link set lo up").c_str()), 0);
  }

  void TearDown() override {
    for (pid_t pid : pids_) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
    if (created_) (void)std::system(("ip netns del " + namespace_).c_str());
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string InNamespace(const std::string& command) const {
    return "ip netns exec " + namespace_ + " " + command;
  }

  std::string namespace_;
  fs::path dir_;
  bool created_ = false;
  std::vector<pid_t> pids_;
};

TEST_F(RealServicesIdentTest, DropbearInRangeGivesAReportAndLighttpdIsIdentified) {
  // lighttpd on 8080, dropbear on 2222, both only inside the namespace.
  std::ofstream(dir_ / "www" / "index.html") << "<html><body>device</body></html>\n";
  std::ofstream(dir_ / "lighttpd.conf")
      << "server.document-root = \"" << (dir_ / "www").string() << "\"\n"
      << "server.bind = \"127.0.0.1\"\nserver.port = 8080\n"
      << "server.errorlog = \"" << (dir_ / "lighttpd-error.log").string() << "\"\n"
      << "index-file.names = (\"index.html\")\n";
  ASSERT_EQ(
      std::system(("dropbearkey -t ed25519 -f " + (dir_ / "host_key").string() + " >/dev/null 2>&1")
                      .c_str()),
      0);
  pids_.push_back(Start({"ip", "netns", "exec", namespace_, "/usr/sbin/lighttpd", "-D", "-f",
                         (dir_ / "lighttpd.conf").string()},
                        dir_ / "lighttpd.log"));
  pids_.push_back(Start({"ip", "netns", "exec", namespace_, "/usr/sbin/dropbear", "-F", "-E", "-p",
                         "127.0.0.1:2222", "-r", (dir_ / "host_key").string()},
                        dir_ / "dropbear.log"));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));

  fs::path fixtures = fs::path(IOTMARK_TEST_SOURCE_DIR) / "tests/fixtures/vulndb/real";
  std::string db = (dir_ / "vulns.db").string();
  ASSERT_EQ(std::system((std::string(IOTMARK_BINARY) + " vulndb import --db " + db + " " +
                         (fixtures / "nvd-cve-subset.json").string() + " " +
                         (fixtures / "nvd-cpe-subset.json").string() + " >/dev/null")
                            .c_str()),
            0);
  std::ofstream(dir_ / "target.yaml") << "host: 127.0.0.1\nmodel_number: LAB-1\n"
                                      << "declared_ports: {tcp: [8080, 2222]}\n"
                                      << "vulndb: " << db << "\n"
                                      << "scan: {tcp: [2222, 8080], timeout_ms: 500}\n";
  fs::path out = dir_ / "out";
  std::string command = InNamespace(std::string(IOTMARK_BINARY) + " devtest run --target " +
                                    (dir_ / "target.yaml").string() + " --out " + out.string() +
                                    " >" + (dir_ / "run.log").string() + " 2>&1");
  int status = std::system(command.c_str());
  std::string log = Output("cat " + (dir_ / "run.log").string());
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_NE(WEXITSTATUS(status), 2) << log;  // never an internal error
  EXPECT_EQ(log.find("internal error"), std::string::npos) << log;
  ASSERT_TRUE(fs::exists(out / "report.json")) << log;
  auto report = nlohmann::json::parse(Output("cat " + (out / "report.json").string()));

  std::string installed = Output("/usr/sbin/lighttpd -v");  // "lighttpd/1.4.69 (ssl) - ..."
  std::size_t slash = installed.find('/');
  std::string version =
      installed.substr(slash + 1, installed.find_first_of(" -", slash) - slash - 1);
  bool lighttpd = false, dropbear = false;
  for (const auto& result : report["cases"]) {
    if (result["id"] != "S1.1-13-known-vulnerabilities") continue;
    for (const auto& service : result["measurements"]["services"]) {
      if (service["port"] == 8080) {
        EXPECT_EQ(service["product"], "lighttpd") << service.dump(1);
        EXPECT_EQ(service["version"], version) << service.dump(1);
        ASSERT_FALSE(service["cpes"].empty());
        EXPECT_EQ(service["cpes"][0], "cpe:/a:lighttpd:lighttpd:" + version);
        lighttpd = true;
      }
      if (service["port"] == 2222) {
        EXPECT_EQ(service["product"], "Dropbear sshd") << service.dump(1);
        dropbear = true;
      }
    }
  }
  EXPECT_TRUE(lighttpd) << report.dump(1);
  EXPECT_TRUE(dropbear) << report.dump(1);
}

}  // namespace
