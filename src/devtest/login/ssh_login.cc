// ssh-password: one SSH connection per try (libssh), password
// authentication, falling back to keyboard-interactive (answering every
// prompt with the password) when the server offers only that. The host key
// is not verified (device test) but its SHA-256 fingerprint is recorded.
#include <libssh/libssh.h>

#include <mutex>

#include "devtest/login/login_kinds.h"
#include "net/host_pins.h"

namespace iotmark::devtest::login {
namespace {

std::string Fingerprint(ssh_session session) {
  ssh_key key = nullptr;
  if (ssh_get_server_publickey(session, &key) != SSH_OK) return "";
  unsigned char* hash = nullptr;
  size_t length = 0;
  std::string text;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == SSH_OK) {
    char* printable = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    if (printable) text = printable;
    ssh_string_free_char(printable);
    ssh_clean_pubkey_hash(&hash);
  }
  ssh_key_free(key);
  return text;
}

int KeyboardInteractive(ssh_session session, const std::string& password) {
  int rc = ssh_userauth_kbdint(session, nullptr, nullptr);
  for (int round = 0; rc == SSH_AUTH_INFO && round < 4; ++round) {
    int prompts = ssh_userauth_kbdint_getnprompts(session);
    for (int i = 0; i < prompts; ++i) {
      if (ssh_userauth_kbdint_setanswer(session, static_cast<unsigned>(i), password.c_str()) < 0) {
        return SSH_AUTH_ERROR;
      }
    }
    rc = ssh_userauth_kbdint(session, nullptr, nullptr);
  }
  return rc;
}

class SshLoginClient : public LoginClient {
 public:
  explicit SshLoginClient(const Target& target)
      : host_(target.host), port_(target.login->EffectivePort()) {
    static std::once_flag once;
    std::call_once(once, [] { ssh_init(); });
  }

  std::string Describe() const override {
    return "ssh-password " + host_ + ":" + std::to_string(port_);
  }

  LoginAttempt Try(const std::string& username, const std::string& password,
                   int timeout_ms) const override {
    LoginAttempt attempt;
    auto start = std::chrono::steady_clock::now();
    // libssh would resolve a name itself: connect to its checked pin instead.
    Result<std::string> address = net::ConnectAddressFor(host_);
    if (!address.ok()) {
      attempt.outcome = LoginOutcome::kOther;
      attempt.detail = address.status().message();
      return attempt;
    }
    ssh_session session = ssh_new();
    if (!session) {
      attempt.outcome = LoginOutcome::kOther;
      attempt.detail = "libssh: cannot create a session";
      return attempt;
    }
    int port = port_;
    long seconds = timeout_ms / 1000, microseconds = (timeout_ms % 1000) * 1000L;
    int no = 0;
    ssh_options_set(session, SSH_OPTIONS_HOST, address->c_str());
    ssh_options_set(session, SSH_OPTIONS_PORT, &port);
    ssh_options_set(session, SSH_OPTIONS_USER, username.c_str());
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds);
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &microseconds);
    ssh_options_set(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &no);
    ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no);
    if (ssh_connect(session) != SSH_OK) {
      attempt.outcome = LoginOutcome::kConnectionFailed;
      attempt.detail = std::string("SSH connect: ") + ssh_get_error(session);
    } else {
      std::string fingerprint = Fingerprint(session);
      int rc = ssh_userauth_none(session, nullptr);
      int methods = rc == SSH_AUTH_SUCCESS ? 0 : ssh_userauth_list(session, nullptr);
      if (rc != SSH_AUTH_SUCCESS) {
        if (methods & SSH_AUTH_METHOD_PASSWORD) {
          rc = ssh_userauth_password(session, nullptr, password.c_str());
        } else if (methods & SSH_AUTH_METHOD_INTERACTIVE) {
          rc = KeyboardInteractive(session, password);
        } else {
          rc = -100;
        }
      }
      switch (rc) {
        case SSH_AUTH_SUCCESS:
          attempt.outcome = LoginOutcome::kAccepted;
          attempt.detail = "SSH authenticated";
          break;
        case SSH_AUTH_DENIED:
        case SSH_AUTH_PARTIAL:
          attempt.outcome = rc == SSH_AUTH_DENIED ? LoginOutcome::kRefused : LoginOutcome::kOther;
          attempt.detail = rc == SSH_AUTH_DENIED
                               ? "SSH authentication denied"
                               : "SSH partial success (a second factor is required)";
          break;
        case -100:
          attempt.outcome = LoginOutcome::kOther;
          attempt.detail =
              "the SSH server offers neither password nor keyboard-interactive "
              "authentication";
          break;
        default:
          attempt.outcome = LoginOutcome::kConnectionFailed;
          attempt.detail = std::string("SSH authentication error: ") + ssh_get_error(session);
          break;
      }
      if (!fingerprint.empty()) attempt.tls_note = "host key " + fingerprint + " (not verified)";
      ssh_disconnect(session);
    }
    ssh_free(session);
    attempt.elapsed_ms = MillisecondsSince(start);
    return attempt;
  }

 private:
  std::string host_;
  std::uint16_t port_;
};

}  // namespace

std::unique_ptr<LoginClient> MakeSshLoginClient(const Target& target) {
  return std::make_unique<SshLoginClient>(target);
}

}  // namespace iotmark::devtest::login
