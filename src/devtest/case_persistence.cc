// S1.1-14: a changed password and a changed setting survive a power cycle;
// the old password is refused afterwards.
#include "devtest/cases.h"

namespace iotmark::devtest {
namespace {

std::optional<std::string> ReadSetting(DeviceSession& session, CaseLog* log) {
  const SettingsSection& settings = *session.target().settings;
  Exchange read = session.Request("GET", settings.path, "", true, log);
  if (!read.answered || read.status != 200) return std::nullopt;
  nlohmann::json json = nlohmann::json::parse(read.body, nullptr, false);
  if (!json.is_object() || !json.contains(settings.key)) return std::string();
  const auto& value = json[settings.key];
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

CaseResult RunPersistenceCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-14-persistence", "S1.1-14", CaseRole::kDecides,
              "電源再投入後の設定保持 / Settings kept across a power cycle");
  const Target& target = session.target();
  if (!target.web || !target.login || !target.settings || !target.power_cycle ||
      (IsHttpLogin(target.login->kind) && !target.web)) {
    return run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに web・login・settings・power_cycle "
        "のいずれかがないため試験できません。",
        "The target file lacks `web`, `login`, `settings` or `power_cycle`; not tested.");
  }
  const SettingsSection& settings = *target.settings;
  std::string old_password = session.current_password;
  std::string new_password = settings.new_password;
  if (new_password == old_password) new_password += "-2";
  if (auto problem = ValidLoginProblem(session, &run.log(), run.measurements())) {
    return run.Finish(Verdict::kInconclusive, problem->first, problem->second);
  }
  std::string detail;
  if (!ChangePassword(session, new_password, run, &detail)) {
    return run.Finish(Verdict::kInconclusive, "パスワードを変更できませんでした (" + detail + ")。",
                      "The password could not be changed (" + detail + ").");
  }
  nlohmann::json setting = {{settings.key, settings.value}};
  Exchange put = session.Request("PUT", settings.path, setting.dump(), true, &run.log());
  if (!put.answered || put.status < 200 || put.status >= 300) {
    return run.Finish(
        Verdict::kInconclusive,
        "設定を変更できませんでした (HTTP " + std::to_string(put.status) + ")。",
        "The setting could not be changed (HTTP " + std::to_string(put.status) + ").");
  }
  CommandResult cycle = session.RunCommand(target.power_cycle->command, "S1.1-14-power-cycle",
                                           target.power_cycle->ready_timeout_s + 30, &run.log());
  run.AddEvidence(cycle.output_path, "電源再投入の出力 / power cycle output");
  if (cycle.exit_code != 0 || !session.WaitReady(target.power_cycle->ready_timeout_s, &run.log())) {
    return run.Finish(Verdict::kError, "電源再投入後に機器が準備完了になりませんでした。",
                      "The device did not become ready after the power cycle.");
  }
  LoginResult with_new = session.Login(target.login->username, new_password, &run.log());
  LoginResult with_old = session.Login(target.login->username, old_password, &run.log());
  run.measurements()["login_with_new_password"] = AttemptJson(with_new);
  run.measurements()["login_with_old_password"] = AttemptJson(with_old);
  for (const LoginResult* answer : {&with_new, &with_old}) {
    if (answer->outcome == LoginOutcome::kOther ||
        answer->outcome == LoginOutcome::kConnectionFailed) {
      session.current_password = new_password;
      auto [ja, en] = UnclearLoginAnswer(*answer, answer == &with_new
                                                      ? "the new password after the power cycle"
                                                      : "the old password after the power cycle");
      return run.Finish(Verdict::kInconclusive, ja, en);
    }
  }
  bool new_works = with_new.outcome == LoginOutcome::kAccepted;
  bool old_refused =
      with_old.outcome == LoginOutcome::kRefused || with_old.outcome == LoginOutcome::kBlocked;
  if (!new_works && with_old.outcome == LoginOutcome::kAccepted) {
    session.current_password = old_password;  // the change was lost
  }
  auto value = ReadSetting(session, &run.log());
  bool setting_kept = value && *value == settings.value;
  run.measurements()["new_password_works"] = new_works;
  run.measurements()["old_password_refused"] = old_refused;
  run.measurements()["setting_key"] = settings.key;
  run.measurements()["setting_value_after"] = value.value_or("");
  run.measurements()["setting_kept"] = setting_kept;
  if (new_works && old_refused && setting_kept) {
    return run.Finish(Verdict::kPass,
                      "電源再投入後も新しいパスワードと設定 " + settings.key +
                          " が保持され、古いパスワードは拒否されました。",
                      "After the power cycle the new password works, setting " + settings.key +
                          " is kept and the old password is refused.");
  }
  std::string ja, en;
  if (!new_works)
    ja += "新しいパスワードでログインできない。", en += "The new password does not work. ";
  if (!old_refused)
    ja += "古いパスワードが受け付けられる。", en += "The old password is accepted. ";
  if (!setting_kept) {
    ja += "設定 " + settings.key + " が失われた。";
    en += "Setting " + settings.key + " was lost.";
  }
  return run.Finish(Verdict::kFail, "電源再投入後: " + ja, "After the power cycle: " + en);
}

}  // namespace iotmark::devtest
