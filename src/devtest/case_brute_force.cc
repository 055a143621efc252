// S1.1-04: brute-force protection of the login, measured as an attacker
// guesses (docs/devtest.md, "S1.1-04").
//
// 1. The valid credential must work (else INCONCLUSIVE: refusals would mean nothing).
// 2. Phase "one at a time": `attempts` wrong passwords over one connection
//    at a time; then the time until the valid credential works again.
// 3. Phase "parallel": `parallel_attempts` wrong passwords over `parallel`
//    connections at once; then the time until the valid credential works again.
// 4. Per phase, the achieved rate = wrong guesses the device evaluated
//    (answered "refused") / (phase duration + recovery time), per minute. A
//    lock-out (HTTP 429/423/403/503, Retry-After) or a connection-level
//    lock-out (connections refused/dropped/timed out) evaluates nothing.
// 5. FAIL: a wrong password accepted, or a rate above the bound
//    (brute_force.max_guesses_per_minute, default 60000 / min_delay_ms = 30).
//    INCONCLUSIVE: an answer that is neither success nor refusal, or the
//    valid credential not working again within recovery_timeout_s.
//    PASS: both rates at or under the bound and the valid credential works again.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "devtest/cases.h"

namespace iotmark::devtest {
namespace {

struct Phase {
  std::string name;  // "sequential" / "parallel"
  int connections = 1;
  int tries = 0;
  nlohmann::json attempts = nlohmann::json::array();
  std::map<LoginOutcome, int> counts;
  double elapsed_s = 0;
  double recovery_s = -1;  // -1: the valid credential did not work again in time
  double median_latency_ms = 0;
  double rate_per_minute = 0;
  std::optional<LoginAttempt> first_other;
  bool wrong_accepted = false;

  int Count(LoginOutcome outcome) const {
    auto found = counts.find(outcome);
    return found == counts.end() ? 0 : found->second;
  }
};

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// "3.2 min" / "5.1 h" / "2.0 days" for minutes.
std::string Duration(double minutes) {
  if (!std::isfinite(minutes)) return "∞";
  if (minutes < 1) return Fixed(minutes * 60, 1) + " s";
  if (minutes < 120) return Fixed(minutes, 1) + " min";
  if (minutes < 48 * 60) return Fixed(minutes / 60, 1) + " h";
  return Fixed(minutes / 1440, 1) + " days";
}

Phase RunPhase(DeviceSession& session, CaseLog& log, const std::string& name, int connections,
               int tries) {
  const Target& target = session.target();
  Phase phase;
  phase.name = name;
  phase.connections = connections;
  phase.tries = tries;
  log.Line("phase " + name + ": " + std::to_string(tries) + " wrong passwords over " +
           std::to_string(connections) + " connection(s) at a time");
  std::atomic<int> next{0};
  std::mutex mutex;
  std::vector<std::pair<int, nlohmann::json>> records;
  std::vector<double> latencies;
  auto start = std::chrono::steady_clock::now();
  auto worker = [&](int connection) {
    for (;;) {
      int index = next.fetch_add(1);
      if (index >= tries) return;
      double started_ms = MillisecondsSince(start);
      std::string wrong = "iotmark-wrong-" + name.substr(0, 1) + std::to_string(index + 1);
      LoginResult result =
          session.Login(target.login->username, wrong, &log, target.brute_force.request_timeout_ms);
      nlohmann::json record = AttemptJson(result);
      record["attempt"] = index + 1;
      record["connection"] = connection;
      record["started_ms"] = started_ms;
      std::lock_guard<std::mutex> lock(mutex);
      ++phase.counts[result.outcome];
      latencies.push_back(result.elapsed_ms);
      if (result.outcome == LoginOutcome::kAccepted) phase.wrong_accepted = true;
      if (result.outcome == LoginOutcome::kOther && !phase.first_other) phase.first_other = result;
      records.emplace_back(index, std::move(record));
    }
  };
  std::vector<std::thread> threads;
  for (int connection = 1; connection < connections; ++connection) {
    threads.emplace_back(worker, connection + 1);
  }
  worker(1);
  for (std::thread& thread : threads) thread.join();
  phase.elapsed_s = MillisecondsSince(start) / 1000.0;
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, record] : records) phase.attempts.push_back(std::move(record));
  if (!latencies.empty()) {
    std::nth_element(latencies.begin(), latencies.begin() + latencies.size() / 2, latencies.end());
    phase.median_latency_ms = latencies[latencies.size() / 2];
  }
  phase.recovery_s = WaitUntilLoginWorks(session, target.brute_force.recovery_timeout_s, &log);
  double cycle_s = phase.elapsed_s + std::max(0.0, phase.recovery_s);
  int evaluated = phase.Count(LoginOutcome::kRefused);
  phase.rate_per_minute = cycle_s > 0 ? evaluated * 60.0 / cycle_s : 0;
  log.Line("phase " + name + ": " + std::to_string(evaluated) + " wrong guesses evaluated in " +
           Fixed(phase.elapsed_s, 2) + " s + " + Fixed(std::max(0.0, phase.recovery_s), 2) +
           " s until the valid login worked again = " + Fixed(phase.rate_per_minute, 1) +
           " guesses/min");
  return phase;
}

nlohmann::json PhaseJson(const Phase& phase) {
  nlohmann::json counts = nlohmann::json::object();
  for (auto [outcome, count] : phase.counts) counts[std::string(LoginOutcomeName(outcome))] = count;
  return {{"connections", phase.connections},
          {"tries", phase.tries},
          {"outcomes", counts},
          {"wrong_guesses_evaluated", phase.Count(LoginOutcome::kRefused)},
          {"duration_seconds", phase.elapsed_s},
          {"recovery_seconds", phase.recovery_s},
          {"median_latency_ms", phase.median_latency_ms},
          {"guesses_per_minute", phase.rate_per_minute},
          {"attempts", phase.attempts}};
}

// What protection the answers show, in words ({ja, en}).
std::pair<std::string, std::string> ProtectionSeen(const Phase& phase) {
  std::string ja, en;
  if (int blocked = phase.Count(LoginOutcome::kBlocked)) {
    ja += std::to_string(blocked) + " 回は機器が遮断を応答 (429 等)、";
    en += std::to_string(blocked) + " answered as blocked (429 etc.), ";
  }
  if (int dropped = phase.Count(LoginOutcome::kConnectionFailed)) {
    ja += std::to_string(dropped) + " 回は接続が拒否・切断されました (接続レベルのロックアウト)、";
    en += std::to_string(dropped) +
          " had the connection refused or dropped (connection-level "
          "lock-out), ";
  }
  return {ja, en};
}

std::string PhaseSummaryEn(const Phase& phase) {
  auto [unused, protection] = ProtectionSeen(phase);
  return phase.name + " (" + std::to_string(phase.connections) + " connection" +
         (phase.connections > 1 ? "s" : "") +
         "): " + std::to_string(phase.Count(LoginOutcome::kRefused)) + " of " +
         std::to_string(phase.tries) + " wrong guesses evaluated, " + protection + "median " +
         Fixed(phase.median_latency_ms, 0) + " ms per attempt, " + Fixed(phase.elapsed_s, 1) +
         " s + " + Fixed(std::max(0.0, phase.recovery_s), 1) +
         " s until the valid login worked again = " + Fixed(phase.rate_per_minute, 1) +
         " guesses/min";
}

std::string PhaseSummaryJa(const Phase& phase) {
  auto [protection, unused] = ProtectionSeen(phase);
  return std::string(phase.connections > 1 ? "並列" : "逐次") + " (" +
         std::to_string(phase.connections) + " 接続): 誤ったパスワード " +
         std::to_string(phase.tries) + " 回中 " +
         std::to_string(phase.Count(LoginOutcome::kRefused)) + " 回が判定され、" + protection +
         "1 回あたり中央値 " + Fixed(phase.median_latency_ms, 0) + " ms、" +
         Fixed(phase.elapsed_s, 1) + " 秒 + 再ログイン可能まで " +
         Fixed(std::max(0.0, phase.recovery_s), 1) + " 秒 = 毎分 " +
         Fixed(phase.rate_per_minute, 1) + " 回";
}

}  // namespace

CaseResult RunBruteForceCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-04-brute-force", "S1.1-04", CaseRole::kDecides,
              "総当たり攻撃への対策 / Brute-force protection");
  const Target& target = session.target();
  if (!target.login || (IsHttpLogin(target.login->kind) && !target.web)) {
    return run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに login (HTTP ログインでは web も) がないため試験できません。",
        "The target file lacks `login` (or `web` for an HTTP login); not tested.");
  }
  const BruteForceSection& thresholds = target.brute_force;
  double bound = thresholds.GuessBoundPerMinute();
  run.measurements()["thresholds"] = {{"attempts", thresholds.attempts},
                                      {"parallel", thresholds.parallel},
                                      {"parallel_attempts", thresholds.parallel_attempts},
                                      {"max_guesses_per_minute", bound},
                                      {"lockout_after", thresholds.lockout_after},
                                      {"min_delay_ms", thresholds.min_delay_ms},
                                      {"request_timeout_ms", thresholds.request_timeout_ms},
                                      {"recovery_timeout_s", thresholds.recovery_timeout_s}};
  if (auto problem = ValidLoginProblem(session, &run.log(), run.measurements(),
                                       thresholds.request_timeout_ms)) {
    run.measurements()["valid_credential_works_before"] = false;
    return run.Finish(Verdict::kInconclusive, problem->first, problem->second);
  }
  run.measurements()["valid_credential_works_before"] = true;

  std::vector<Phase> phases;
  phases.push_back(RunPhase(session, run.log(), "sequential", 1, thresholds.attempts));
  if (!phases.back().wrong_accepted && !phases.back().first_other &&
      phases.back().recovery_s >= 0) {
    phases.push_back(RunPhase(session, run.log(), "parallel", thresholds.parallel,
                              thresholds.parallel_attempts));
  }
  const Phase& sequential = phases.front();
  run.measurements()["attempts"] = sequential.attempts;  // the one-at-a-time phase
  run.measurements()["sequential"] = PhaseJson(sequential);
  if (phases.size() > 1) run.measurements()["parallel"] = PhaseJson(phases.back());
  double rate = 0;
  for (const Phase& phase : phases) rate = std::max(rate, phase.rate_per_minute);
  double wordlist_minutes = rate > 0 ? 10000.0 / rate : INFINITY;
  run.measurements()["guesses_per_minute"] = rate;
  run.measurements()["wordlist_10000_minutes"] =
      std::isfinite(wordlist_minutes) ? nlohmann::json(wordlist_minutes) : nlohmann::json(nullptr);
  run.measurements()["recovery_seconds"] = phases.back().recovery_s;
  run.AddJsonEvidence("attempts", run.measurements(), "試行ごとの応答と遅延 / each attempt");

  std::string figures_ja, figures_en;
  for (const Phase& phase : phases) {
    figures_ja += PhaseSummaryJa(phase) + "。";
    figures_en += " " + PhaseSummaryEn(phase) + ".";
  }
  std::string words_ja = " 10,000 語の辞書なら約 " + Duration(wordlist_minutes) + "。";
  std::string words_en = " A 10,000-word list would take about " + Duration(wordlist_minutes) + ".";
  std::string bound_text = Fixed(bound, 1);

  for (const Phase& phase : phases) {
    if (phase.wrong_accepted) {
      return run.Finish(Verdict::kFail, "誤ったパスワードが受け付けられました。" + figures_ja,
                        "A wrong password was accepted." + figures_en);
    }
  }
  for (const Phase& phase : phases) {
    if (phase.first_other) {
      auto [ja, en] = UnclearLoginAnswer(*phase.first_other, "a wrong password");
      return run.Finish(Verdict::kInconclusive, ja + figures_ja, en + figures_en);
    }
  }
  if (rate > bound) {
    return run.Finish(Verdict::kFail,
                      "総当たりの速度が上限を超えています: 毎分 " + Fixed(rate, 1) +
                          " 回 (上限 毎分 " + bound_text + " 回)。" + figures_ja + words_ja,
                      "Guessing is too fast: " + Fixed(rate, 1) +
                          " wrong guesses per minute reached (bound " + bound_text + "/min)." +
                          figures_en + words_en);
  }
  for (const Phase& phase : phases) {
    if (phase.recovery_s < 0) {
      return run.Finish(
          Verdict::kInconclusive,
          "試験後 " + std::to_string(thresholds.recovery_timeout_s) +
              " 秒以内に正しい認証情報が使えるようになりませんでした "
              "(恒久的なロックか故障か区別できません)。" +
              figures_ja,
          "The valid credential did not work again within " +
              std::to_string(thresholds.recovery_timeout_s) + " s after the " + phase.name +
              " phase (a permanent lock-out and a failure cannot be told apart); a reviewer must "
              "judge." +
              figures_en);
    }
  }
  return run.Finish(Verdict::kPass,
                    "総当たりの速度は毎分 " + Fixed(rate, 1) + " 回以下で上限 (毎分 " + bound_text +
                        " 回) 内です。" + figures_ja + words_ja,
                    "At most " + Fixed(rate, 1) +
                        " wrong guesses per minute, within the bound of " + bound_text + "/min." +
                        figures_en + words_en);
}

}  // namespace iotmark::devtest
