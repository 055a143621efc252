// S1.1-06: the firmware version can be read; after `firmware_update` the new
// version is reported; after a power cycle it still is.
// S1.1-08 support: a tampered image (firmware_update.tampered_command) is
// refused: the command fails and the reported version does not change.
#include "devtest/cases.h"

namespace iotmark::devtest {

CaseResult RunFirmwareUpdateCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-06-firmware-update", "S1.1-06", CaseRole::kDecides,
              "ファームウェア更新と版数表示 / Firmware update and version shown");
  const Target& target = session.target();
  if (!target.web) {
    return run.Finish(Verdict::kInconclusive, "ターゲットファイルに web がありません。",
                      "The target file has no `web` section.");
  }
  auto before = session.ReadFirmwareVersion(&run.log());
  run.measurements()["version_before"] = before.value_or("");
  if (!before) {
    return run.Finish(Verdict::kFail,
                      target.web->version_page + " からファームウェアの版数を読み取れません。",
                      "The firmware version cannot be read from " + target.web->version_page + ".");
  }
  if (!target.firmware_update) {
    return run.Finish(Verdict::kInconclusive,
                      "版数 " + *before +
                          " は読み取れましたが、firmware_update がないため更新は試験していません。",
                      "Version " + *before +
                          " is readable, but there is no `firmware_update` section, so the update "
                          "was not tested.");
  }
  const FirmwareUpdateSection& update = *target.firmware_update;
  run.measurements()["expected_version"] = update.expected_version;
  CommandResult command =
      session.RunCommand(update.command, "S1.1-06-firmware-update", 300, &run.log());
  run.AddEvidence(command.output_path, "更新コマンドの出力 / update command output");
  run.measurements()["update_exit_code"] = command.exit_code;
  if (command.exit_code != 0) {
    return run.Finish(Verdict::kFail,
                      "正規のファームウェア更新が失敗しました (終了コード " +
                          std::to_string(command.exit_code) + ")。",
                      "The genuine firmware update failed (exit code " +
                          std::to_string(command.exit_code) + ").");
  }
  auto after = session.ReadFirmwareVersion(&run.log());
  run.measurements()["version_after_update"] = after.value_or("");
  if (after != update.expected_version) {
    return run.Finish(Verdict::kFail,
                      "更新後の版数が " + after.value_or("(読めない)") + " で、期待値 " +
                          update.expected_version + " と異なります。",
                      "After the update the version is " + after.value_or("(unreadable)") +
                          ", not the expected " + update.expected_version + ".");
  }
  if (!target.power_cycle) {
    return run.Finish(Verdict::kInconclusive,
                      "更新後の版数は正しいですが、power_cycle がないため再起動後は未確認です。",
                      "The updated version is reported, but without `power_cycle` it was not "
                      "checked after a restart.");
  }
  CommandResult cycle = session.RunCommand(target.power_cycle->command, "S1.1-06-power-cycle",
                                           target.power_cycle->ready_timeout_s + 30, &run.log());
  run.AddEvidence(cycle.output_path, "電源再投入の出力 / power cycle output");
  if (cycle.exit_code != 0 || !session.WaitReady(target.power_cycle->ready_timeout_s, &run.log())) {
    return run.Finish(Verdict::kError, "電源再投入後に機器が準備完了になりませんでした。",
                      "The device did not become ready after the power cycle.");
  }
  auto rebooted = session.ReadFirmwareVersion(&run.log());
  run.measurements()["version_after_power_cycle"] = rebooted.value_or("");
  if (rebooted != update.expected_version) {
    return run.Finish(Verdict::kFail,
                      "電源再投入後の版数が " + rebooted.value_or("(読めない)") +
                          " に戻りました (期待値 " + update.expected_version + ")。",
                      "After the power cycle the version is " + rebooted.value_or("(unreadable)") +
                          ", not " + update.expected_version + ".");
  }
  return run.Finish(Verdict::kPass,
                    "版数 " + *before + " → 更新後 " + update.expected_version +
                        "、電源再投入後も " + update.expected_version + " と表示されました。",
                    "Version " + *before + " → " + update.expected_version +
                        " after the update, still " + update.expected_version +
                        " after a power cycle.");
}

CaseResult RunTamperedFirmwareCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-08-tampered-firmware", "S1.1-08", CaseRole::kSupports,
              "改ざんされたファームウェアの拒否 / Tampered firmware refused");
  const Target& target = session.target();
  if (!target.firmware_update || target.firmware_update->tampered_command.empty()) {
    return run.Finish(Verdict::kNotApplicable,
                      "firmware_update.tampered_command がないため試験していません。",
                      "No `firmware_update.tampered_command`; not tested.");
  }
  auto before = session.ReadFirmwareVersion(&run.log());
  CommandResult command = session.RunCommand(target.firmware_update->tampered_command,
                                             "S1.1-08-tampered-update", 300, &run.log());
  run.AddEvidence(command.output_path, "改ざんイメージ投入の出力 / tampered update output");
  auto after = session.ReadFirmwareVersion(&run.log());
  run.measurements()["version_before"] = before.value_or("");
  run.measurements()["version_after"] = after.value_or("");
  run.measurements()["command_exit_code"] = command.exit_code;
  if (!before || !after) {
    return run.Finish(Verdict::kInconclusive, "版数を読み取れないため判定できません。",
                      "The version cannot be read, so the outcome is unknown.");
  }
  if (command.exit_code == 0 || *before != *after) {
    return run.Finish(
        Verdict::kFail,
        "改ざんされたイメージが受け付けられました (版数 " + *before + " → " + *after + ")。",
        "The tampered image was accepted (version " + *before + " → " + *after + ").");
  }
  return run.Finish(Verdict::kPass,
                    "改ざんされたイメージは拒否され、版数 " + *after + " のままです。",
                    "The tampered image was refused; the version stays " + *after + ".");
}

}  // namespace iotmark::devtest
