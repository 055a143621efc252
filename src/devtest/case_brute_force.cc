// S1.1-04: brute-force protection of the login.
//
// 1. The valid credential must work (else INCONCLUSIVE: refusals would mean nothing).
// 2. `attempts` wrong passwords, each attempt's latency and answer recorded.
// 3. PASS when every attempt after the first `lockout_after` is blocked
//    (429/423/403/503 or Retry-After) or took at least `min_delay_ms`;
//    FAIL when one was answered quickly without blocking (or a wrong password
//    was accepted); INCONCLUSIVE when the device stopped answering.
// 4. Afterwards: how long until the valid credential works again.
#include "devtest/cases.h"

namespace iotmark::devtest {

CaseResult RunBruteForceCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-04-brute-force", "S1.1-04", CaseRole::kDecides,
              "総当たり攻撃への対策 / Brute-force protection");
  const Target& target = session.target();
  if (!target.web || !target.login) {
    return run.Finish(Verdict::kInconclusive,
                      "ターゲットファイルに web または login がないため試験できません。",
                      "The target file lacks `web` or `login`; not tested.");
  }
  const BruteForceSection& thresholds = target.brute_force;
  run.measurements()["thresholds"] = {{"attempts", thresholds.attempts},
                                      {"lockout_after", thresholds.lockout_after},
                                      {"min_delay_ms", thresholds.min_delay_ms},
                                      {"request_timeout_ms", thresholds.request_timeout_ms}};
  LoginResult valid = session.Login(target.login->username, session.current_password, &run.log(),
                                    thresholds.request_timeout_ms);
  run.measurements()["valid_credential_works_before"] = valid.outcome == LoginOutcome::kAccepted;
  if (valid.outcome != LoginOutcome::kAccepted) {
    return run.Finish(Verdict::kInconclusive, "試験前に正しい認証情報でログインできません。",
                      "The valid credential does not work before the test.");
  }
  nlohmann::json attempts = nlohmann::json::array();
  int unprotected_attempt = 0;
  bool wrong_accepted = false, stopped_answering = false;
  for (int attempt = 1; attempt <= thresholds.attempts; ++attempt) {
    std::string wrong = "iotmark-wrong-" + std::to_string(attempt);
    LoginResult result =
        session.Login(target.login->username, wrong, &run.log(), thresholds.request_timeout_ms);
    bool slowed = result.exchange.elapsed_ms >= thresholds.min_delay_ms;
    bool blocked = result.outcome == LoginOutcome::kBlocked;
    attempts.push_back({{"attempt", attempt},
                        {"http_status", result.exchange.status},
                        {"outcome", LoginOutcomeName(result.outcome)},
                        {"latency_ms", result.exchange.elapsed_ms},
                        {"retry_after", result.exchange.headers.count("retry-after")
                                            ? result.exchange.headers.at("retry-after")
                                            : ""}});
    if (result.outcome == LoginOutcome::kNoAnswer) {
      stopped_answering = true;
      break;
    }
    if (result.outcome == LoginOutcome::kAccepted) {
      wrong_accepted = true;
      break;
    }
    if (attempt > thresholds.lockout_after && !blocked && !slowed && unprotected_attempt == 0) {
      unprotected_attempt = attempt;
    }
  }
  run.measurements()["attempts"] = attempts;
  double recovery_s = WaitUntilLoginWorks(session, thresholds.recovery_timeout_s, &run.log());
  run.measurements()["recovery_seconds"] = recovery_s;  // -1: not within recovery_timeout_s
  run.AddJsonEvidence("attempts", run.measurements(), "試行ごとの応答と遅延 / each attempt");
  std::string recovery_ja = recovery_s >= 0
                                ? "試験後 " + std::to_string(recovery_s).substr(0, 5) +
                                      " 秒で正しい認証情報が再び使えました。"
                                : "試験後 " + std::to_string(thresholds.recovery_timeout_s) +
                                      " 秒以内に正しい認証情報は使えませんでした。";
  std::string recovery_en = recovery_s >= 0
                                ? " The valid credential worked again after " +
                                      std::to_string(recovery_s).substr(0, 5) + " s."
                                : " The valid credential did not work again within " +
                                      std::to_string(thresholds.recovery_timeout_s) + " s.";
  if (wrong_accepted) {
    return run.Finish(Verdict::kFail, "誤ったパスワードが受け付けられました。" + recovery_ja,
                      "A wrong password was accepted." + recovery_en);
  }
  if (stopped_answering) {
    return run.Finish(
        Verdict::kInconclusive,
        "試験中に機器が応答しなくなりました (保護か故障か区別できません)。" + recovery_ja,
        "The device stopped answering during the test (protection and failure "
        "cannot be told apart)." +
            recovery_en);
  }
  if (unprotected_attempt != 0) {
    return run.Finish(Verdict::kFail,
                      std::to_string(unprotected_attempt) +
                          " 回目の誤ったログインが拒否も遅延もされずに処理されました (閾値: " +
                          std::to_string(thresholds.lockout_after) + " 回の失敗の後は遮断または " +
                          std::to_string(thresholds.min_delay_ms) + " ms 以上の遅延)。" +
                          recovery_ja,
                      "Wrong login attempt " + std::to_string(unprotected_attempt) +
                          " was answered without blocking or delay (threshold: after " +
                          std::to_string(thresholds.lockout_after) + " failures block or delay ≥ " +
                          std::to_string(thresholds.min_delay_ms) + " ms)." + recovery_en);
  }
  return run.Finish(Verdict::kPass,
                    std::to_string(thresholds.lockout_after) +
                        " 回の失敗の後、すべての試行が遮断または遅延されました。" + recovery_ja,
                    "After " + std::to_string(thresholds.lockout_after) +
                        " failures every attempt was blocked or delayed." + recovery_en);
}

}  // namespace iotmark::devtest
