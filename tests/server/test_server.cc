#include "test_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

#include "common/beast.h"

namespace iotmark::testing {

namespace {

std::vector<char*> Argv(std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

TempFolder::TempFolder() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("iotmark-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

int RunIotmark(const std::vector<std::string>& arguments, std::string* output,
               const std::string& stdin_text) {
  std::string command = std::string(IOTMARK_BINARY);
  std::vector<std::string> full = {command};
  full.insert(full.end(), arguments.begin(), arguments.end());
  int in_pipe[2];
  int out_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(out_pipe[1], 2);
    close(in_pipe[1]);
    close(out_pipe[0]);
    auto argv = Argv(full);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (!stdin_text.empty()) {
    ssize_t ignored = write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)ignored;
  }
  close(in_pipe[1]);
  std::string collected;
  char buffer[4096];
  ssize_t count;
  while ((count = read(out_pipe[0], buffer, sizeof(buffer))) > 0) collected.append(buffer, count);
  close(out_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (output != nullptr) *output = collected;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Signal(SIGKILL);
}

bool ServerProcess::Start(const std::string& database_url,
                          const std::filesystem::path& key_directory,
                          const std::filesystem::path& log_file,
                          const std::vector<std::string>& extra) {
  std::vector<std::string> arguments = {std::string(IOTMARK_BINARY),
                                        "serve",
                                        "--db",
                                        database_url,
                                        "--listen",
                                        "127.0.0.1:0",
                                        "--public-url",
                                        "http://127.0.0.1:8099",
                                        "--key-dir",
                                        key_directory.string(),
                                        "--threads",
                                        "2"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return false;
  int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out_pipe[1], 1);
    dup2(log, 2);
    close(out_pipe[0]);
    auto argv = Argv(arguments);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(log);
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  const std::string marker = "listening on http://127.0.0.1:";
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd descriptor{out_pipe[0], POLLIN, 0};
    if (poll(&descriptor, 1, 200) <= 0) continue;
    char buffer[512];
    ssize_t count = read(out_pipe[0], buffer, sizeof(buffer));
    if (count <= 0) break;
    seen.append(buffer, count);
    size_t at = seen.find(marker);
    size_t end = at == std::string::npos ? std::string::npos : seen.find('\n', at);
    if (end != std::string::npos) {
      port_ = static_cast<uint16_t>(std::stoi(seen.substr(at + marker.size())));
      // Keep the pipe's read end open in a detached reader so the server
      // never blocks on a full stdout.
      int descriptor_copy = out_pipe[0];
      std::thread([descriptor_copy] {
        char sink[256];
        while (read(descriptor_copy, sink, sizeof(sink)) > 0) {
        }
        close(descriptor_copy);
      }).detach();
      return true;
    }
  }
  close(out_pipe[0]);
  ADD_FAILURE() << "server did not print its readiness line; stdout: " << seen
                << "\nlog: " << log_file;
  return false;
}

int ServerProcess::Signal(int signal_number) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal_number);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

nlohmann::json HttpResult::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpResult::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpResult RawExchange(uint16_t port, const std::string& bytes) {
  HttpResult result;
  try {
    asio::io_context context;
    asio::ip::tcp::socket socket(context);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{10, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    asio::write(socket, asio::buffer(bytes));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    result.body = response.body();
  } catch (const std::exception& error) {
    result.status = 0;
    result.body = error.what();
  }
  return result;
}

HttpResult HttpClient::Request(const std::string& method, const std::string& target,
                               const std::optional<std::string>& body, const std::string& token,
                               const std::map<std::string, std::string>& headers) const {
  HttpResult result;
  try {
    asio::io_context context;
    asio::ip::tcp::socket socket(context);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    timeval timeout{10, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    if (body) {
      request.set(http::field::content_type, "application/json");
      request.body() = *body;
    }
    for (const auto& [name, value] : headers) request.set(name, value);
    request.prepare_payload();
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(method == "HEAD");
    http::read(socket, buffer, parser);
    auto& response = parser.get();
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    result.body = response.body();
  } catch (const std::exception& error) {
    result.status = 0;
    result.body = error.what();
  }
  return result;
}

}  // namespace iotmark::testing
