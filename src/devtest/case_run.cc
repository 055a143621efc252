#include <sstream>
#include <thread>

#include "common/files.h"
#include "devtest/cases.h"
#include "devtest/default_passwords_data.h"

namespace iotmark::devtest {

CaseRun::CaseRun(DeviceSession& session, std::string id, std::string criterion, CaseRole role,
                 std::string title)
    : session_(session), log_(session.out_dir(), id, session.clock()) {
  result_.id = std::move(id);
  result_.criterion = std::move(criterion);
  result_.role = role;
  result_.title = std::move(title);
  result_.started_at = FormatIso8601(session.clock().Now());
  session_.Progress(result_.criterion + " " + result_.id + " ...");
}

void CaseRun::AddEvidence(const std::string& relative_path, const std::string& description) {
  result_.evidence.push_back(session_.Evidence(relative_path, description));
}

void CaseRun::AddJsonEvidence(const std::string& name, const nlohmann::json& json,
                              const std::string& description) {
  std::string relative = "logs/" + result_.id + "-" + name + ".json";
  Status written = WriteFileAtomic(session_.out_dir() / relative, json.dump(2) + "\n");
  if (written.ok()) AddEvidence(relative, description);
}

CaseResult CaseRun::Finish(Verdict verdict, std::string rationale_ja, std::string rationale_en) {
  log_.Line(std::string("verdict ") + std::string(VerdictName(verdict)) + ": " + rationale_en);
  result_.verdict = verdict;
  result_.rationale_ja = std::move(rationale_ja);
  result_.rationale_en = std::move(rationale_en);
  result_.ended_at = FormatIso8601(session_.clock().Now());
  result_.evidence.insert(result_.evidence.begin(),
                          session_.Evidence(log_.relative_path(), "テストログ / test log"));
  session_.Progress(result_.criterion + " " + result_.id + ": " +
                    std::string(VerdictName(verdict)));
  return result_;
}

double WaitUntilLoginWorks(DeviceSession& session, int timeout_s, CaseLog* log) {
  if (!session.target().login) return -1;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    LoginResult result = session.Login(session.target().login->username, session.current_password,
                                       log, session.target().brute_force.request_timeout_ms);
    if (result.outcome == LoginOutcome::kAccepted) return MillisecondsSince(start) / 1000.0;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return -1;
}

std::optional<std::pair<std::string, std::string>> ValidLoginProblem(DeviceSession& session,
                                                                     CaseLog* log,
                                                                     nlohmann::json& measurements,
                                                                     int timeout_ms) {
  const LoginSection& login = *session.target().login;
  LoginResult valid = session.Login(login.username, session.current_password, log, timeout_ms);
  measurements["login_endpoint"] = session.LoginEndpoint();
  measurements["valid_credential"] = AttemptJson(valid);
  if (valid.outcome == LoginOutcome::kAccepted) return std::nullopt;
  if (valid.outcome == LoginOutcome::kOther) {
    return UnclearLoginAnswer(valid, "the valid credential");
  }
  return std::pair<std::string, std::string>{
      "正しい認証情報でログインできないため、拒否の結果に意味がありません (応答: " + valid.detail +
          ")。レビュー担当者の判断が必要です。",
      "The valid credential does not work (" + std::string(LoginOutcomeName(valid.outcome)) + ": " +
          valid.detail + "), so refusals would mean nothing; a reviewer must judge this case."};
}

std::pair<std::string, std::string> UnclearLoginAnswer(const LoginAttempt& attempt,
                                                       const std::string& what) {
  return {"ログインの応答が成功でも拒否でもありません (" + what + ": " + attempt.detail +
              ")。ログイン設定 (login.path など) を確認し、レビュー担当者が判断してください。",
          "The login answered neither success nor refusal (" + what + ": " + attempt.detail +
              "); check the login settings (login.path, kind) — a reviewer must judge this case."};
}

bool ChangePassword(DeviceSession& session, const std::string& new_password, CaseRun& run,
                    std::string* detail) {
  const SettingsSection& settings = *session.target().settings;
  bool changed = false;
  if (!settings.password_command.empty()) {
    CommandResult result =
        session.RunCommand(settings.password_command, run.id() + "-password-change", 60, &run.log(),
                           {{"IOTMARK_DEVTEST_NEW_PASSWORD", new_password}});
    run.AddEvidence(result.output_path, "パスワード変更コマンドの出力 / password change output");
    *detail = "command exit " + std::to_string(result.exit_code);
    changed = result.exit_code == 0;
  } else {
    nlohmann::json body = {{"current_password", session.current_password},
                           {"new_password", new_password}};
    Exchange answer =
        session.Request("POST", settings.password_path, body.dump(), true, &run.log());
    *detail = answer.answered ? "HTTP " + std::to_string(answer.status) : answer.error;
    changed = answer.answered && answer.status >= 200 && answer.status < 300;
  }
  if (changed) session.current_password = new_password;
  return changed;
}

nlohmann::json AttemptJson(const LoginAttempt& attempt) {
  nlohmann::json json = {{"outcome", LoginOutcomeName(attempt.outcome)},
                         {"detail", attempt.detail},
                         {"latency_ms", attempt.elapsed_ms}};
  if (attempt.http_status != 0) json["http_status"] = attempt.http_status;
  if (!attempt.redirects.empty()) json["redirects"] = attempt.redirects;
  if (!attempt.retry_after.empty()) json["retry_after"] = attempt.retry_after;
  return json;
}

Result<std::vector<std::string>> DefaultPasswords(const Target& target) {
  std::string text = kDefaultPasswordsTxt;
  if (!target.default_passwords_file.empty()) {
    auto loaded = ReadFile(target.default_passwords_file, 1u << 20);
    if (!loaded.ok()) return loaded.status().WithPrefix("default_passwords_file");
    text = *loaded;
  }
  std::vector<std::string> passwords;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    passwords.push_back(line);
  }
  return passwords;
}

}  // namespace iotmark::devtest
