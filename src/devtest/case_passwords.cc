// S1.1-01 support (common default passwords refused) and S1.1-02 support
// (the empty password refused, also as a new password).
//
// Wrong passwords count towards the device's brute-force protection, so
// after every (lockout_after - 1) wrong tries the valid credential is used
// once (which resets the device's failure counter); a try answered with
// "blocked" is repeated once the valid login works again.
#include "devtest/cases.h"

namespace iotmark::devtest {
namespace {

struct TryOutcome {
  std::vector<std::string> accepted;
  nlohmann::json attempts = nlohmann::json::array();
  bool no_answer = false;
};

TryOutcome TryPasswords(DeviceSession& session, const std::vector<std::string>& passwords,
                        CaseLog* log) {
  TryOutcome outcome;
  const Target& target = session.target();
  int per_round = std::max(1, target.brute_force.lockout_after - 1);
  int in_round = 0;
  for (const std::string& password : passwords) {
    if (password == session.current_password) continue;  // the real one is not a "default"
    for (int round = 0; round < 2; ++round) {
      if (in_round >= per_round) {
        WaitUntilLoginWorks(session, target.brute_force.recovery_timeout_s, log);
        in_round = 0;
      }
      LoginResult result = session.Login(target.login->username, password, log,
                                         target.brute_force.request_timeout_ms);
      ++in_round;
      if (result.outcome == LoginOutcome::kBlocked && round == 0) {
        in_round = per_round;  // wait for the valid login, then try this password again
        continue;
      }
      outcome.attempts.push_back({{"password", password.empty() ? "(empty)" : password},
                                  {"http_status", result.exchange.status},
                                  {"outcome", LoginOutcomeName(result.outcome)},
                                  {"latency_ms", result.exchange.elapsed_ms}});
      if (result.outcome == LoginOutcome::kAccepted) outcome.accepted.push_back(password);
      if (result.outcome == LoginOutcome::kNoAnswer) outcome.no_answer = true;
      break;
    }
    if (outcome.no_answer) break;
  }
  WaitUntilLoginWorks(session, target.brute_force.recovery_timeout_s, log);
  return outcome;
}

}  // namespace

CaseResult RunDefaultPasswordCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-01-default-passwords", "S1.1-01", CaseRole::kSupports,
              "よくある初期パスワードの拒否 / Common default passwords refused");
  const Target& target = session.target();
  if (!target.web || !target.login) {
    return run.Finish(Verdict::kInconclusive,
                      "ターゲットファイルに web または login がないため試験できません。",
                      "The target file lacks `web` or `login`; not tested.");
  }
  auto passwords = DefaultPasswords(target);
  if (!passwords.ok()) {
    return run.Finish(Verdict::kError, passwords.status().message(), passwords.status().message());
  }
  LoginResult valid = session.Login(target.login->username, session.current_password, &run.log());
  if (valid.outcome != LoginOutcome::kAccepted) {
    return run.Finish(Verdict::kInconclusive,
                      "正しい認証情報でログインできないため試験できません。",
                      "The valid credential does not work, so refusals mean nothing.");
  }
  TryOutcome outcome = TryPasswords(session, *passwords, &run.log());
  run.measurements()["attempts"] = outcome.attempts;
  run.measurements()["passwords_tried"] = outcome.attempts.size();
  if (outcome.no_answer) {
    return run.Finish(Verdict::kInconclusive, "試験中に機器が応答しなくなりました。",
                      "The device stopped answering during the test.");
  }
  if (!outcome.accepted.empty()) {
    std::string list;
    for (const auto& password : outcome.accepted) list += (list.empty() ? "" : ", ") + password;
    return run.Finish(Verdict::kFail, "よくある初期パスワードでログインできました: " + list,
                      "The device accepts common default password(s): " + list);
  }
  return run.Finish(
      Verdict::kPass,
      std::to_string(outcome.attempts.size()) +
          " 個のよくある初期パスワードはすべて拒否されました。",
      "All " + std::to_string(outcome.attempts.size()) + " common default passwords were refused.");
}

CaseResult RunEmptyPasswordCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-02-empty-password", "S1.1-02", CaseRole::kSupports,
              "空のパスワードの拒否 / Empty password refused");
  const Target& target = session.target();
  if (!target.web || !target.login) {
    return run.Finish(Verdict::kInconclusive,
                      "ターゲットファイルに web または login がないため試験できません。",
                      "The target file lacks `web` or `login`; not tested.");
  }
  TryOutcome outcome = TryPasswords(session, {""}, &run.log());
  run.measurements()["login_attempts"] = outcome.attempts;
  if (outcome.no_answer) {
    return run.Finish(Verdict::kInconclusive, "機器が応答しませんでした。",
                      "The device did not answer.");
  }
  bool empty_login = !outcome.accepted.empty();
  bool empty_new_password_accepted = false;
  if (target.settings) {
    nlohmann::json body = {{"current_password", session.current_password}, {"new_password", ""}};
    Exchange change =
        session.Request("POST", target.settings->password_path, body.dump(), true, &run.log());
    run.measurements()["empty_new_password_status"] = change.status;
    empty_new_password_accepted = change.answered && change.status >= 200 && change.status < 300;
    if (empty_new_password_accepted) session.current_password = "";
  }
  if (empty_login || empty_new_password_accepted) {
    return run.Finish(Verdict::kFail,
                      empty_login ? "空のパスワードでログインできました。"
                                  : "空のパスワードへの変更が受け付けられました。",
                      empty_login ? "The device accepts an empty password at login."
                                  : "The device accepts an empty new password.");
  }
  return run.Finish(
      Verdict::kPass,
      target.settings ? "空のパスワードはログインでもパスワード変更でも拒否されました。"
                      : "空のパスワードでのログインは拒否されました。",
      target.settings ? "The empty password is refused at login and as a new password."
                      : "The empty password is refused at login.");
}

}  // namespace iotmark::devtest
