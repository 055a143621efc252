// Test helpers for end-to-end tests of `iotmark serve`: a temporary folder,
// running the iotmark binary, a server process started on 127.0.0.1:0 (the
// port is read from its readiness line), and a small blocking HTTP client.
#ifndef IOTMARK_TESTS_SERVER_TEST_SERVER_H_
#define IOTMARK_TESTS_SERVER_TEST_SERVER_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace iotmark::testing {

// A fresh folder, removed on destruction.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs the iotmark binary; returns its exit code and collects stdout+stderr.
int RunIotmark(const std::vector<std::string>& arguments, std::string* output = nullptr,
               const std::string& stdin_text = "");

// One `iotmark serve` process.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();
  // Starts the server and waits for its readiness line (fails the test if
  // it does not come within 20 s).
  bool Start(const std::string& database_url, const std::filesystem::path& key_directory,
             const std::filesystem::path& log_file, const std::vector<std::string>& extra = {});
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `signal_number` and waits for the exit; returns the wait status.
  int Signal(int signal_number);

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

struct HttpResult {
  int status = 0;                              // 0 = no answer (connection failed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json Json() const;
  std::string Header(const std::string& lower_name) const;
};

// A blocking HTTP/1.1 client for 127.0.0.1:<port>, one connection per request.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port = 0) : port_(port) {}
  void set_port(uint16_t port) { port_ = port; }
  HttpResult Request(const std::string& method, const std::string& target,
                     const std::optional<std::string>& body = std::nullopt,
                     const std::string& token = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  HttpResult Get(const std::string& target, const std::string& token = "") const {
    return Request("GET", target, std::nullopt, token);
  }
  HttpResult Post(const std::string& target, const nlohmann::json& body,
                  const std::string& token = "") const {
    return Request("POST", target, body.dump(), token);
  }

 private:
  uint16_t port_;
};

// Sends raw bytes to 127.0.0.1:<port> and reads one response (for requests a
// normal client would not send); status 0 when the server answered nothing.
HttpResult RawExchange(uint16_t port, const std::string& bytes);

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_SERVER_TEST_SERVER_H_
