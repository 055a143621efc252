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
