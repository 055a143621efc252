// telnet: waits for the login prompt, sends the user name, waits for the
// password prompt, sends the password, then reads until the success pattern
// (a shell prompt), the failure pattern, or the login prompt again. Telnet
// option negotiation is refused (WONT/DONT) and stripped from the text.
#include <regex>

#include "devtest/login/login_kinds.h"
#include "devtest/login/tcp_exchange.h"

namespace iotmark::devtest::login {
namespace {

constexpr unsigned char kIac = 255, kDont = 254, kDo = 253, kWont = 252, kWill = 251, kSb = 250,
                        kSe = 240;

// Moves the text of `raw` into `text` (without \r and NUL), answering option
// requests into `reply`. Keeps an incomplete command at the end of `raw`.
void Decode(std::string& raw, std::string& text, std::string& reply) {
  std::size_t i = 0;
  while (i < raw.size()) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c != kIac) {
      if (c != '\r' && c != 0) text += static_cast<char>(c);
      ++i;
      continue;
    }
    if (i + 1 >= raw.size()) break;
    unsigned char command = static_cast<unsigned char>(raw[i + 1]);
    if (command == kDo || command == kDont || command == kWill || command == kWont) {
      if (i + 2 >= raw.size()) break;
      char option = raw[i + 2];
      if (command == kDo) reply += {static_cast<char>(kIac), static_cast<char>(kWont), option};
      if (command == kWill) reply += {static_cast<char>(kIac), static_cast<char>(kDont), option};
      i += 3;
    } else if (command == kSb) {
      std::size_t end = raw.find(std::string{static_cast<char>(kIac), static_cast<char>(kSe)}, i);
      if (end == std::string::npos) break;
      i = end + 2;
    } else {
      if (command == kIac) text += static_cast<char>(kIac);
      i += 2;
    }
  }
  raw.erase(0, i);
}

std::string Tail(const std::string& text) {
  std::string tail = text.size() > 80 ? text.substr(text.size() - 80) : text;
  for (char& c : tail) {
    if (c == '\n') c = ' ';
    if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '.';
  }
  return tail;
}

class TelnetLoginClient : public LoginClient {
 public:
  explicit TelnetLoginClient(const Target& target)
      : host_(target.host),
        port_(target.login->EffectivePort()),
        login_prompt_(Compile(target.login->login_prompt)),
        password_prompt_(Compile(target.login->password_prompt)),
        success_(Compile(target.login->success_pattern)),
        failure_(Compile(target.login->failure_pattern)) {}

  std::string Describe() const override { return "telnet " + host_ + ":" + std::to_string(port_); }

  LoginAttempt Try(const std::string& username, const std::string& password,
                   int timeout_ms) const override {
    LoginAttempt attempt;
    auto start = std::chrono::steady_clock::now();
    TcpExchange connection(start + std::chrono::milliseconds(timeout_ms));
    auto finish = [&](LoginOutcome outcome, std::string detail) {
      attempt.outcome = outcome;
      attempt.detail = std::move(detail);
      attempt.elapsed_ms = MillisecondsSince(start);
      return attempt;
    };
    Status status = connection.Connect(host_, port_);
    if (!status.ok()) return finish(LoginOutcome::kConnectionFailed, status.message());
    enum class Stage { kLogin, kPassword, kResult } stage = Stage::kLogin;
    std::string raw, text;
    for (;;) {
      status = connection.ReadSome(raw);
      std::string reply;
      Decode(raw, text, reply);
      if (!reply.empty()) (void)connection.Write(reply);
      if (stage == Stage::kResult) {
        if (std::regex_search(text, failure_) || std::regex_search(text, login_prompt_)) {
          return finish(LoginOutcome::kRefused, "refused: '" + Tail(text) + "'");
        }
        if (std::regex_search(text, success_)) {
          (void)connection.Write("exit\r\n");
          return finish(LoginOutcome::kAccepted, "shell prompt: '" + Tail(text) + "'");
        }
      } else if (std::regex_search(text, password_prompt_)) {
        text.clear();
        Status sent = connection.Write(password + "\r\n");
        if (!sent.ok()) return finish(LoginOutcome::kConnectionFailed, sent.message());
        stage = Stage::kResult;
      } else if (stage == Stage::kLogin && std::regex_search(text, login_prompt_)) {
        text.clear();
        Status sent = connection.Write(username + "\r\n");
        if (!sent.ok()) return finish(LoginOutcome::kConnectionFailed, sent.message());
        stage = Stage::kPassword;
      } else if (stage == Stage::kPassword && std::regex_search(text, login_prompt_)) {
        return finish(LoginOutcome::kRefused, "login prompt again after the user name");
      }
      if (!status.ok()) {
        if (stage == Stage::kResult && status.message() == "closed by the device") {
          // No failure text: the device dropped the connection (e.g. a lock-out).
          return finish(LoginOutcome::kConnectionFailed,
                        "closed by the device after the password, without a failure message: '" +
                            Tail(text) + "'");
        }
        if (stage == Stage::kLogin && text.empty() && status.message() == "closed by the device") {
          return finish(LoginOutcome::kConnectionFailed, "closed by the device before a prompt");
        }
        return finish(stage == Stage::kLogin && text.empty() ? LoginOutcome::kConnectionFailed
                                                             : LoginOutcome::kOther,
                      status.message() + " waiting for " +
                          (stage == Stage::kLogin      ? "the login prompt"
                           : stage == Stage::kPassword ? "the password prompt"
                                                       : "the login result") +
                          "; received '" + Tail(text) + "'");
      }
    }
    return finish(LoginOutcome::kOther, "unreachable");
  }

 private:
  static std::regex Compile(const std::string& pattern) {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::icase);
  }

  std::string host_;
  std::uint16_t port_;
  std::regex login_prompt_, password_prompt_, success_, failure_;
};

}  // namespace

std::unique_ptr<LoginClient> MakeTelnetLoginClient(const Target& target) {
  return std::make_unique<TelnetLoginClient>(target);
}

}  // namespace iotmark::devtest::login
