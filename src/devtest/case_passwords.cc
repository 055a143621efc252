// S1.1-01 support (common default passwords refused) and S1.1-02 support
// (the empty password refused, also as a new password).
//
// Wrong passwords count towards the device's brute-force protection, so
// after every (lockout_after - 1) wrong tries the valid credential is used
// once (which resets the device's failure counter); a try answered with
// "blocked" or with the connection refused/dropped (a connection-level
// lock-out) is repeated once the valid login works again. An answer that is
// neither success nor refusal stops the case as INCONCLUSIVE (the same words
// as S1.1-04, see UnclearLoginAnswer).
#include "devtest/cases.h"

namespace iotmark::devtest {
namespace {

struct TryOutcome {
  std::vector<std::string> accepted;
  nlohmann::json attempts = nlohmann::json::array();
  bool no_answer = false;
  std::optional<LoginAttempt> other;
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
      bool locked = result.outcome == LoginOutcome::kBlocked ||
                    result.outcome == LoginOutcome::kConnectionFailed;
      if (locked && round == 0) {
        in_round = per_round;  // wait for the valid login, then try this password again
        continue;
      }
      nlohmann::json record = AttemptJson(result);
      record["password"] = password.empty() ? "(empty)" : password;
      outcome.attempts.push_back(record);
      if (result.outcome == LoginOutcome::kAccepted) outcome.accepted.push_back(password);
      if (result.outcome == LoginOutcome::kConnectionFailed) outcome.no_answer = true;
      if (result.outcome == LoginOutcome::kOther) outcome.other = result;
      break;
    }
    if (outcome.no_answer || outcome.other) break;
  }
  WaitUntilLoginWorks(session, target.brute_force.recovery_timeout_s, log);
  return outcome;
}

}  // namespace

CaseResult RunDefaultPasswordCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-01-default-passwords", "S1.1-01", CaseRole::kSupports,
              "よくある初期パスワードの拒否 / Common default passwords refused");
  const Target& target = session.target();
  if (!target.login || (IsHttpLogin(target.login->kind) && !target.web)) {
    return run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに login (HTTP ログインでは web も) がないため試験できません。",
        "The target file lacks `login` (or `web` for an HTTP login); not tested.");
  }
  auto passwords = DefaultPasswords(target);
  if (!passwords.ok()) {
    return run.Finish(Verdict::kError, passwords.status().message(), passwords.status().message());
  }
  if (auto problem = ValidLoginProblem(session, &run.log(), run.measurements())) {
    return run.Finish(Verdict::kInconclusive, problem->first, problem->second);
  }
  TryOutcome outcome = TryPasswords(session, *passwords, &run.log());
  run.measurements()["attempts"] = outcome.attempts;
  run.measurements()["passwords_tried"] = outcome.attempts.size();
  if (outcome.other) {
    auto [ja, en] = UnclearLoginAnswer(*outcome.other, "a default password");
    return run.Finish(Verdict::kInconclusive, ja, en);
  }
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
  if (!target.login || (IsHttpLogin(target.login->kind) && !target.web)) {
    return run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに login (HTTP ログインでは web も) がないため試験できません。",
        "The target file lacks `login` (or `web` for an HTTP login); not tested.");
  }
  if (auto problem = ValidLoginProblem(session, &run.log(), run.measurements())) {
    return run.Finish(Verdict::kInconclusive, problem->first, problem->second);
  }
  TryOutcome outcome = TryPasswords(session, {""}, &run.log());
  run.measurements()["login_attempts"] = outcome.attempts;
  if (outcome.other) {
    auto [ja, en] = UnclearLoginAnswer(*outcome.other, "the empty password");
    return run.Finish(Verdict::kInconclusive, ja, en);
  }
  if (outcome.no_answer) {
    return run.Finish(Verdict::kInconclusive, "機器が応答しませんでした。",
                      "The device did not answer.");
  }
  bool empty_login = !outcome.accepted.empty();
  bool empty_new_password_accepted = false;
  if (target.settings && target.web) {
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
      target.settings && target.web
          ? "空のパスワードはログイン (" + session.LoginEndpoint() +
                ") でもパスワード変更でも拒否されました。"
          : "空のパスワードでのログイン (" + session.LoginEndpoint() + ") は拒否されました。",
      target.settings && target.web
          ? "The empty password is refused at login (" + session.LoginEndpoint() +
                ") and as a new password."
          : "The empty password is refused at login (" + session.LoginEndpoint() + ").");
}

}  // namespace iotmark::devtest
