// The device test cases of ★1 (one source file per criterion's test) and the
// small helper every case uses to record its result.
//
// Every case runs against a DeviceSession and returns a complete CaseResult;
// a section of the target that the case needs and that is absent gives NA or
// INCONCLUSIVE with the reason, never PASS. The order in runner.cc matters:
// cases that change the password or settings run after the read-only ones,
// the brute-force case runs last.
#ifndef IOTMARK_DEVTEST_CASES_H_
#define IOTMARK_DEVTEST_CASES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "devtest/report.h"
#include "devtest/session.h"
#include "net/scanner.h"

namespace iotmark::devtest {

// Records one case: its log file, measurements, evidence and times.
class CaseRun {
 public:
  CaseRun(DeviceSession& session, std::string id, std::string criterion, CaseRole role,
          std::string title);
  CaseLog& log() { return log_; }
  const std::string& id() const { return result_.id; }
  nlohmann::json& measurements() { return result_.measurements; }
  void AddEvidence(const std::string& relative_path, const std::string& description);
  // Adds a JSON document DIR/logs/<id>-<name>.json as evidence.
  void AddJsonEvidence(const std::string& name, const nlohmann::json& json,
                       const std::string& description);
  CaseResult Finish(Verdict verdict, std::string rationale_ja, std::string rationale_en);

 private:
  DeviceSession& session_;
  CaseResult result_;
  CaseLog log_;
};

CaseResult RunTlsCase(DeviceSession& session);                 // S1.1-12 support
CaseResult RunModelNumberCase(DeviceSession& session);         // S1.1-10
std::vector<CaseResult> RunPortCases(DeviceSession& session);  // S1.1-13 ports + known vulns
CaseResult RunDefaultPasswordCase(DeviceSession& session);     // S1.1-01 support
CaseResult RunEmptyPasswordCase(DeviceSession& session);       // S1.1-02 support
CaseResult RunFirmwareUpdateCase(DeviceSession& session);      // S1.1-06
CaseResult RunTamperedFirmwareCase(DeviceSession& session);    // S1.1-08 support
CaseResult RunPersistenceCase(DeviceSession& session);         // S1.1-14
CaseResult RunFactoryResetCase(DeviceSession& session);        // S1.1-15
CaseResult RunBruteForceCase(DeviceSession& session);          // S1.1-04
// S1.1-13 ② on the open TCP ports of `scan` (case_known_vulnerabilities.cc).
CaseResult RunKnownVulnerabilityCase(DeviceSession& session,
                                     const std::vector<const net::ScanReport*>& scans);

// The precondition of every login-based case (S1.1-01/-02/-04/-14/-15): the
// valid credential is accepted. Records `valid_credential` in
// `measurements`; returns nullopt when accepted, else the INCONCLUSIVE
// rationale {ja, en} naming the answer — the same words in every case.
std::optional<std::pair<std::string, std::string>> ValidLoginProblem(
    DeviceSession& session, CaseLog* log, nlohmann::json& measurements, int timeout_ms = 5000);

// The rationale {ja, en} for a login answer that is neither success nor
// refusal (LoginOutcome::kOther): every login-based case says it alike.
std::pair<std::string, std::string> UnclearLoginAnswer(const LoginAttempt& attempt,
                                                       const std::string& what);

// Changes the device password from session.current_password to
// `new_password` (settings.password_command, else POST settings.password_path);
// on success current_password becomes new_password. `detail` says what
// answered ("HTTP 200", "command exit 0").
bool ChangePassword(DeviceSession& session, const std::string& new_password, CaseRun& run,
                    std::string* detail);

// A login try as a JSON record for the evidence.
nlohmann::json AttemptJson(const LoginAttempt& attempt);

// Logs in with the valid credential until it works (the device may still be
// locking us out), up to `timeout_s`; returns the seconds it took or -1.
double WaitUntilLoginWorks(DeviceSession& session, int timeout_s, CaseLog* log);

// The list of common default passwords (src/devtest/default_passwords.txt,
// compiled in) or the target's default_passwords_file.
Result<std::vector<std::string>> DefaultPasswords(const Target& target);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_CASES_H_
