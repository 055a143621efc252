// S1.1-10: the model number appears on the configured page.
#include "devtest/cases.h"

namespace iotmark::devtest {

CaseResult RunModelNumberCase(DeviceSession& session) {
  CaseRun run(session, "S1.1-10-model-number", "S1.1-10", CaseRole::kDecides,
              "型番の表示 / Model number shown");
  const Target& target = session.target();
  if (!target.web || target.model_number.empty()) {
    return run.Finish(Verdict::kInconclusive,
                      "ターゲットファイルに web または model_number がないため確認できません。",
                      "The target file lacks `web` or `model_number`; nothing to check.");
  }
  Exchange page = session.Request("GET", target.web->model_page, "", false, &run.log());
  run.measurements()["page"] = target.web->model_page;
  run.measurements()["http_status"] = page.status;
  if (!page.answered) {
    return run.Finish(Verdict::kError, "機器が応答しません: " + page.error,
                      "The device did not answer: " + page.error);
  }
  std::string relative = "logs/S1.1-10-model-page.html";
  std::ofstream(session.out_dir() / relative) << page.body;
  run.AddEvidence(relative, "型番ページ / model page as received");
  bool found = page.status == 200 && page.body.find(target.model_number) != std::string::npos;
  run.measurements()["model_number_found"] = found;
  if (!found) {
    return run.Finish(Verdict::kFail,
                      target.web->model_page + " に型番 " + target.model_number +
                          " が表示されていません (HTTP " + std::to_string(page.status) + ")。",
                      "Model number " + target.model_number + " is not shown on " +
                          target.web->model_page + " (HTTP " + std::to_string(page.status) + ").");
  }
  return run.Finish(
      Verdict::kPass,
      target.web->model_page + " に型番 " + target.model_number + " が表示されています。",
      "Model number " + target.model_number + " is shown on " + target.web->model_page + ".");
}

}  // namespace iotmark::devtest
