// Test helper: runs one `iotmark sim-device` process from a YAML config on
// free loopback ports with its own temporary state directory, waits for its
// ready file (never a blind sleep), and stops it when destroyed.
#ifndef IOTMARK_TESTS_SIMDEVICE_SIM_DEVICE_PROCESS_H_
#define IOTMARK_TESTS_SIMDEVICE_SIM_DEVICE_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "net/http_client.h"

namespace iotmark::testing {

// A free port on 127.0.0.1 for `type` (SOCK_STREAM / SOCK_DGRAM), not handed out twice.
std::uint16_t FreeLoopbackPort(int type);

// Runs `iotmark <arguments>` to completion; returns the exit code, output in `output`.
int RunIotmark(const std::vector<std::string>& arguments, std::string* output = nullptr);

class SimDeviceProcess {
 public:
  // `extra_yaml` is appended to "listen_address/http_port/login.password" lines;
  // "{TLS_PORT}", "{TCP_PORT}" and "{UDP_PORT}" in it are replaced by free ports.
  explicit SimDeviceProcess(const std::string& extra_yaml);
  ~SimDeviceProcess();
  SimDeviceProcess(const SimDeviceProcess&) = delete;
  SimDeviceProcess& operator=(const SimDeviceProcess&) = delete;

  // Starts the process and waits for DIR/ready.
  Status Start();
  Status PowerCycle();
  Status FactoryReset();
  Status Stop();

  std::string Url(const std::string& path) const;
  std::string TlsUrl(const std::string& path) const;
  const std::filesystem::path& state_dir() const { return state_dir_; }
  const std::filesystem::path& config_path() const { return config_path_; }
  std::uint16_t http_port() const { return http_port_; }
  std::uint16_t tls_port() const { return tls_port_; }
  std::uint16_t tcp_port() const { return tcp_port_; }
  std::uint16_t udp_port() const { return udp_port_; }
  std::string Log() const;

  // Requests with the factory credentials admin / kFactoryPassword unless given.
  Result<net::HttpResponse> Get(
      const std::string& path,
      const std::vector<std::pair<std::string, std::string>>& headers = {});
  Result<net::HttpResponse> Send(const std::string& method, const std::string& path,
                                 const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& headers);
  Result<net::HttpResponse> BasicLogin(const std::string& password);

  static constexpr const char* kFactoryPassword = "Factory-Pass-7Q";

 private:
  std::filesystem::path directory_;
  std::filesystem::path state_dir_;
  std::filesystem::path config_path_;
  std::uint16_t http_port_ = 0;
  std::uint16_t tls_port_ = 0;
  std::uint16_t tcp_port_ = 0;
  std::uint16_t udp_port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_SIMDEVICE_SIM_DEVICE_PROCESS_H_
