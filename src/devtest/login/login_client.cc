#include "devtest/login/login_client.h"

#include "devtest/login/login_kinds.h"

namespace iotmark::devtest {

std::string_view LoginOutcomeName(LoginOutcome outcome) {
  switch (outcome) {
    case LoginOutcome::kAccepted:
      return "accepted";
    case LoginOutcome::kRefused:
      return "refused";
    case LoginOutcome::kBlocked:
      return "blocked";
    case LoginOutcome::kConnectionFailed:
      return "connection-failed";
    case LoginOutcome::kOther:
      return "other";
  }
  return "other";
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::unique_ptr<LoginClient> MakeLoginClient(const Target& target) {
  switch (target.login->kind) {
    case LoginKind::kHttpBasic:
    case LoginKind::kHttpForm:
    case LoginKind::kHttpDigest:
      return login::MakeHttpLoginClient(target);
    case LoginKind::kSshPassword:
      return login::MakeSshLoginClient(target);
    case LoginKind::kTelnet:
      return login::MakeTelnetLoginClient(target);
    case LoginKind::kMqtt:
      return login::MakeMqttLoginClient(target);
  }
  return login::MakeHttpLoginClient(target);
}

}  // namespace iotmark::devtest
