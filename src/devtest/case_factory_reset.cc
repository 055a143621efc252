// S1.1-15: a factory reset removes the user's credentials and data, and the
// (updated) firmware version stays.
#include "devtest/cases.h"

namespace iotmark::devtest {

CaseResult RunFactoryResetCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-15-factory-reset", "S1.1-15", CaseRole::kDecides,
              "初期化による利用者情報の削除 / Factory reset removes user data");
  const Target& target = session.target();
  if (!target.web || !target.login || !target.settings || !target.factory_reset) {
    return run.Finish(
        Verdict::kInconclusive,
        "ターゲットファイルに web・login・settings・factory_reset "
        "のいずれかがないため試験できません。",
        "The target file lacks `web`, `login`, `settings` or `factory_reset`; not tested.");
  }
  const SettingsSection& settings = *target.settings;
  // Make sure user data exists: a password of the user's and a setting.
  std::string user_password = settings.new_password + "-r";
  if (auto problem = ValidLoginProblem(session, &run.log(), run.measurements())) {
    return run.Finish(Verdict::kInconclusive, problem->first, problem->second);
  }
  std::string detail;
  if (!ChangePassword(session, user_password, run, &detail)) {
    return run.Finish(Verdict::kInconclusive,
                      "試験前にパスワードを設定できませんでした (" + detail + ")。",
                      "Could not set a user password before the reset (" + detail + ").");
  }
  nlohmann::json setting = {{settings.key, settings.value + "-user"}};
  Exchange put = session.Request("PUT", settings.path, setting.dump(), true, &run.log());
  auto version_before = session.ReadFirmwareVersion(&run.log());
  run.measurements()["version_before"] = version_before.value_or("");
  if (!put.answered || put.status >= 300) {
    return run.Finish(Verdict::kInconclusive, "試験前に設定を変更できませんでした。",
                      "Could not change a setting before the reset.");
  }
  CommandResult reset = session.RunCommand(target.factory_reset->command, "S1.1-15-factory-reset",
                                           target.factory_reset->ready_timeout_s + 30, &run.log());
  run.AddEvidence(reset.output_path, "初期化コマンドの出力 / factory reset output");
  if (reset.exit_code != 0 ||
      !session.WaitReady(target.factory_reset->ready_timeout_s, &run.log())) {
    return run.Finish(Verdict::kError, "初期化コマンドが失敗したか、機器が準備完了になりません。",
                      "The factory reset command failed or the device did not become ready.");
  }
  LoginResult with_user = session.Login(target.login->username, user_password, &run.log());
  run.measurements()["login_with_user_password"] = AttemptJson(with_user);
  if (with_user.outcome == LoginOutcome::kOther) {
    auto [ja, en] = UnclearLoginAnswer(with_user, "the user's password after the reset");
    return run.Finish(Verdict::kInconclusive, ja, en);
  }
  bool user_password_removed =
      with_user.outcome == LoginOutcome::kRefused || with_user.outcome == LoginOutcome::kBlocked;
  session.current_password = user_password_removed ? target.login->password : user_password;
  LoginResult with_factory =
      session.Login(target.login->username, session.current_password, &run.log());
  Exchange read = session.Request("GET", settings.path, "", true, &run.log());
  nlohmann::json values = nlohmann::json::parse(read.body, nullptr, false);
  bool data_removed =
      read.status == 200 && values.is_object() &&
      !(values.contains(settings.key) && values[settings.key] == settings.value + "-user");
  auto version_after = session.ReadFirmwareVersion(&run.log());
  bool version_kept = version_before && version_after == version_before;
  run.measurements()["user_password_removed"] = user_password_removed;
  run.measurements()["factory_password_works"] = with_factory.outcome == LoginOutcome::kAccepted;
  run.measurements()["user_setting_removed"] = data_removed;
  run.measurements()["version_after"] = version_after.value_or("");
  run.measurements()["version_kept"] = version_kept;
  if (with_user.outcome == LoginOutcome::kConnectionFailed) {
    return run.Finish(Verdict::kInconclusive, "初期化後に機器が応答しません。",
                      "The device does not answer after the reset.");
  }
  if (user_password_removed && data_removed && version_kept) {
    return run.Finish(
        Verdict::kPass,
        "初期化で利用者のパスワードと設定が削除され、版数 " + *version_after + " は保たれました。",
        "The reset removed the user's password and settings; firmware version " + *version_after +
            " stays.");
  }
  std::string ja, en;
  if (!user_password_removed)
    ja += "利用者のパスワードが残っている。", en += "The user's password still works. ";
  if (!data_removed)
    ja += "利用者の設定が残っている (または読めない)。",
        en += "The user's setting remains (or cannot be read). ";
  if (!version_kept) {
    ja += "版数が " + version_before.value_or("?") + " から " + version_after.value_or("?") +
          " に変わった。";
    en += "The firmware version changed from " + version_before.value_or("?") + " to " +
          version_after.value_or("?") + ".";
  }
  return run.Finish(Verdict::kFail, "初期化後: " + ja, "After the factory reset: " + en);
}

}  // namespace iotmark::devtest
