#include "sim_device_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>

#include "common/files.h"
#include "simdevice/control.h"

namespace iotmark::testing {
namespace {

constexpr auto kReadyTimeout = std::chrono::seconds(30);

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

pid_t Spawn(const std::vector<std::string>& arguments, const std::filesystem::path& output) {
  std::vector<char*> argv;
  std::vector<std::string> copy = arguments;
  for (std::string& argument : copy) argv.push_back(argument.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

std::uint16_t FreeLoopbackPort(int type) {
  static std::mutex mutex;
  static std::set<std::uint16_t> given;
  std::lock_guard<std::mutex> lock(mutex);
  for (;;) {
    int fd = ::socket(AF_INET, type, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    std::uint16_t port = ntohs(address.sin_port);
    if (given.insert(port).second) return port;
  }
}

int RunIotmark(const std::vector<std::string>& arguments, std::string* output) {
  static std::atomic<int> counter{0};
  std::filesystem::path log =
      std::filesystem::temp_directory_path() /
      ("iotmark-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".log");
  std::vector<std::string> argv = {IOTMARK_BINARY};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  pid_t pid = Spawn(argv, log);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (output) {
    Result<std::string> text = ReadFile(log);
    *output = text.ok() ? *text : "";
  }
  std::filesystem::remove(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

SimDeviceProcess::SimDeviceProcess(const std::string& extra_yaml) {
  static std::atomic<int> counter{0};
  directory_ =
      std::filesystem::temp_directory_path() /
      ("iotmark-simdevice-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(directory_);
  std::filesystem::create_directories(directory_);
  state_dir_ = directory_ / "state";
  config_path_ = directory_ / "device.yaml";
  http_port_ = FreeLoopbackPort(SOCK_STREAM);
  tls_port_ = FreeLoopbackPort(SOCK_STREAM);
  tcp_port_ = FreeLoopbackPort(SOCK_STREAM);
  udp_port_ = FreeLoopbackPort(SOCK_DGRAM);
  std::string yaml = "listen_address: 127.0.0.1\nhttp_port: " + std::to_string(http_port_) +
                     "\nmodel_number: ABC-100\n" + extra_yaml;
  if (extra_yaml.find("login:") == std::string::npos) {
    yaml += "\nlogin: {username: admin, password: \"" + std::string(kFactoryPassword) + "\"}\n";
  }
  yaml = ReplaceAll(yaml, "{TLS_PORT}", std::to_string(tls_port_));
  yaml = ReplaceAll(yaml, "{TCP_PORT}", std::to_string(tcp_port_));
  yaml = ReplaceAll(yaml, "{UDP_PORT}", std::to_string(udp_port_));
  (void)WriteFileAtomic(config_path_, yaml);
}

SimDeviceProcess::~SimDeviceProcess() {
  if (pid_ > 0) {
    (void)Stop();
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(directory_, ec);
}

Status SimDeviceProcess::Start() {
  pid_ = Spawn({IOTMARK_BINARY, "sim-device", "--config", config_path_.string(), "--state-dir",
                state_dir_.string()},
               directory_ / "device.log");
  auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Status::Unavailable("sim-device exited early: " + Log());
    }
    Result<simdevice::ReadyInfo> ready =
        simdevice::WaitReady(state_dir_, "", std::chrono::milliseconds(100));
    if (ready.ok()) return Status::Ok();
  }
  return Status::Unavailable("sim-device not ready: " + Log());
}

Status SimDeviceProcess::PowerCycle() {
  Result<simdevice::ReadyInfo> ready = simdevice::PowerCycle(state_dir_, kReadyTimeout);
  return ready.ok() ? Status::Ok() : ready.status();
}

Status SimDeviceProcess::FactoryReset() {
  return simdevice::FactoryReset(state_dir_, kReadyTimeout);
}

Status SimDeviceProcess::Stop() {
  if (pid_ <= 0) return Status::Ok();
  Status status = simdevice::Stop(state_dir_, kReadyTimeout);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return status;
}

std::string SimDeviceProcess::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(http_port_) + path;
}

std::string SimDeviceProcess::TlsUrl(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(tls_port_) + path;
}

std::string SimDeviceProcess::Log() const {
  Result<std::string> text = ReadFile(directory_ / "device.log");
  return text.ok() ? *text : "";
}

Result<net::HttpResponse> SimDeviceProcess::Get(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers) {
  return Send("GET", path, "", headers);
}

Result<net::HttpResponse> SimDeviceProcess::Send(
    const std::string& method, const std::string& path, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  net::HttpRequest request;
  request.method = method;
  request.url = Url(path);
  request.body = body;
  request.headers = headers;
  request.timeout = std::chrono::seconds(20);
  return net::HttpFetch(request);
}

Result<net::HttpResponse> SimDeviceProcess::BasicLogin(const std::string& password) {
  return Get("/login", {{"Authorization", net::BasicAuthorizationHeader("admin", password)}});
}

}  // namespace iotmark::testing
