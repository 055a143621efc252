#include "devtest/session.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "common/sha256.h"
#include "devtest/login/login_kinds.h"
#include "net/http_client.h"

namespace iotmark::devtest {

namespace fs = std::filesystem;

CaseLog::CaseLog(const fs::path& out_dir, const std::string& case_id, const Clock& clock)
    : clock_(clock) {
  std::error_code error;
  fs::create_directories(out_dir / "logs", error);
  relative_ = "logs/" + case_id + ".log";
  path_ = out_dir / relative_;
  stream_.open(path_, std::ios::out | std::ios::trunc);
}

void CaseLog::Line(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  stream_ << FormatIso8601(clock_.Now()) << " " << text << "\n";
  stream_.flush();
}

DeviceSession::DeviceSession(const Target& target, fs::path out_dir, const Clock& clock,
                             std::ostream& progress)
    : target_(target), out_dir_(std::move(out_dir)), clock_(clock), progress_(progress) {
  if (target_.login) {
    current_password = target_.login->password;
    if (!IsHttpLogin(target_.login->kind) || target_.web) login_client_ = MakeLoginClient(target_);
  }
}

std::string DeviceSession::LoginEndpoint() const {
  return login_client_ ? login_client_->Describe() : "";
}

void DeviceSession::Progress(const std::string& line) {
  progress_ << "[devtest] " << line << "\n";
  progress_.flush();
}

namespace {

std::string Snippet(const std::string& body) {
  std::string out;
  for (char c : body.substr(0, 160)) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  return out;
}

}  // namespace

Exchange DeviceSession::Request(const std::string& method, const std::string& path,
                                const std::string& body, bool authenticate, CaseLog* log,
                                int timeout_ms,
                                const std::vector<std::pair<std::string, std::string>>& extra) {
  Exchange exchange;
  if (!target_.web) {
    exchange.error = "no web section";
    return exchange;
  }
  net::HttpRequest request;
  request.method = method;
  request.url = target_.web->base_url + path;
  request.allow_non_loopback = target_.authorization.has_value();  // checked by devtest run
  request.body = body;
  request.timeout = std::chrono::milliseconds(timeout_ms);
  request.headers = extra;
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  if (authenticate && target_.login) {
    if (target_.login->kind == LoginKind::kHttpForm) {
      LoginResult login = Login(target_.login->username, current_password, log, timeout_ms);
      std::string cookie = login.set_cookie.substr(0, login.set_cookie.find(';'));
      if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
    } else if (target_.login->kind == LoginKind::kHttpDigest) {
      net::HttpRequest probe = request;
      probe.body.clear();
      probe.method = "GET";
      auto challenge = net::HttpFetch(probe);
      std::string target_path = path.empty() ? "/" : path;
      std::optional<std::string> header;
      if (challenge.ok() && challenge->status == 401) {
        header = login::DigestAuthorization(challenge->Header("www-authenticate"),
                                            target_.login->username, current_password, method,
                                            target_path);
      }
      if (header) request.headers.emplace_back("Authorization", *header);
    } else {
      request.headers.emplace_back("Authorization", net::BasicAuthorizationHeader(
                                                        target_.login->username, current_password));
    }
  }
  auto response = net::HttpFetch(request);
  if (!response.ok()) {
    exchange.error = response.status().message();
    if (log) log->Line(method + " " + path + " -> no answer: " + exchange.error);
    return exchange;
  }
  exchange.answered = true;
  exchange.status = response->status;
  exchange.body = response->body;
  exchange.headers = response->headers;
  exchange.elapsed_ms = static_cast<double>(response->elapsed.count());
  if (log) {
    log->Line(method + " " + path + (authenticate ? " (authenticated)" : "") + " -> " +
              std::to_string(exchange.status) + " in " +
              std::to_string(static_cast<long>(exchange.elapsed_ms)) +
              " ms: " + Snippet(exchange.body));
  }
  return exchange;
}

LoginResult DeviceSession::Login(const std::string& username, const std::string& password,
                                 CaseLog* log, int timeout_ms) {
  LoginResult result;
  if (!login_client_) {
    result.outcome = LoginOutcome::kOther;
    result.detail = "no login section";
    return result;
  }
  result = login_client_->Try(username, password, timeout_ms);
  if (log) {
    std::string line = "login " + std::string(LoginKindName(target_.login->kind)) +
                       " user=" + username + " password=" + (password.empty() ? "(empty)" : "***") +
                       " -> " + std::string(LoginOutcomeName(result.outcome)) + " (" +
                       result.detail + ") in " +
                       std::to_string(static_cast<long>(result.elapsed_ms)) + " ms";
    for (const std::string& location : result.redirects) line += ", redirect → " + location;
    if (!result.retry_after.empty()) line += ", Retry-After: " + result.retry_after;
    log->Line(line);
    if (!result.tls_note.empty()) log->Line("  " + result.tls_note);
  }
  return result;
}

CommandResult DeviceSession::RunCommand(
    const std::string& command, const std::string& name, int timeout_s, CaseLog* log,
    const std::vector<std::pair<std::string, std::string>>& env) {
  CommandResult result;
  std::error_code error;
  fs::create_directories(out_dir_ / "logs", error);
  result.output_path = "logs/" + name + "-" + std::to_string(++command_counter_) + ".log";
  fs::path output = out_dir_ / result.output_path;
  if (log) log->Line("run: " + command);
  auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child < 0) {
    if (log) log->Line("cannot fork");
    return result;
  }
  if (child == 0) {
    setpgid(0, 0);
    int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    if (target_.web) setenv("IOTMARK_DEVTEST_BASE_URL", target_.web->base_url.c_str(), 1);
    if (target_.login) setenv("IOTMARK_DEVTEST_USERNAME", target_.login->username.c_str(), 1);
    setenv("IOTMARK_DEVTEST_PASSWORD", current_password.c_str(), 1);
    setenv("IOTMARK_DEVTEST_OUT_DIR", out_dir_.c_str(), 1);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(child, child);
  int status = 0;
  auto deadline = start + std::chrono::seconds(timeout_s);
  while (true) {
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) {
      result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-child, SIGKILL);
      waitpid(child, &status, 0);
      result.exit_code = 124;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.elapsed_ms = MillisecondsSince(start);
  if (log) {
    log->Line("exit " + std::to_string(result.exit_code) + " after " +
              std::to_string(static_cast<long>(result.elapsed_ms)) + " ms, output in " +
              result.output_path);
  }
  return result;
}

bool DeviceSession::WaitReady(int timeout_s, CaseLog* log) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    Exchange exchange = Request("GET", "/", "", false, nullptr, 1000);
    if (exchange.answered) {
      if (log) log->Line("device answers again (HTTP " + std::to_string(exchange.status) + ")");
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (log) log->Line("device not ready within " + std::to_string(timeout_s) + " s");
  return false;
}

std::optional<std::string> DeviceSession::ReadFirmwareVersion(CaseLog* log) {
  if (!target_.web) return std::nullopt;
  Exchange exchange = Request("GET", target_.web->version_page, "", false, log, 5000,
                              {{"Accept", "application/json"}});
  if (!exchange.answered || exchange.status != 200) return std::nullopt;
  nlohmann::json json = nlohmann::json::parse(exchange.body, nullptr, false);
  if (json.is_object()) {
    if (json.contains("firmware_version") && json["firmware_version"].is_string()) {
      return json["firmware_version"].get<std::string>();
    }
    for (auto& [key, value] : json.items()) {
      if (key.find("version") != std::string::npos && value.is_string()) {
        return value.get<std::string>();
      }
    }
  }
  static const std::regex kVersion(R"(\d+(\.\d+)+[A-Za-z0-9.+-]*)");
  std::smatch match;
  if (std::regex_search(exchange.body, match, kVersion)) return match.str();
  return std::nullopt;
}

EvidenceFile DeviceSession::Evidence(const std::string& relative_path,
                                     const std::string& description) const {
  EvidenceFile file;
  file.path = relative_path;
  file.description = description;
  auto digest = Sha256File(out_dir_ / relative_path);
  file.sha256 = digest.ok() ? *digest : "";
  return file;
}

}  // namespace iotmark::devtest
