// mqtt: an MQTT 3.1.1 CONNECT with username and password; the CONNACK return
// code decides (0 accepted; 4 bad user name or password, 5 not authorised →
// refused; 1–3 → other). Every try uses a fresh client id so parallel tries
// do not take over each other's sessions.
#include <openssl/rand.h>

#include "devtest/login/login_kinds.h"
#include "devtest/login/tcp_exchange.h"

namespace iotmark::devtest::login {
namespace {

void AppendString(std::string& out, const std::string& text) {
  out += static_cast<char>((text.size() >> 8) & 0xff);
  out += static_cast<char>(text.size() & 0xff);
  out += text;
}

std::string ConnectPacket(const std::string& client_id, const std::string& username,
                          const std::string& password) {
  std::string body;
  AppendString(body, "MQTT");
  body += static_cast<char>(4);     // protocol level 3.1.1
  body += static_cast<char>(0xC2);  // user name, password, clean session
  body += static_cast<char>(0);
  body += static_cast<char>(30);  // keep alive 30 s
  AppendString(body, client_id);
  AppendString(body, username);
  AppendString(body, password);
  std::string packet(1, static_cast<char>(0x10));
  std::size_t length = body.size();
  do {  // remaining length, variable-length encoding
    unsigned char byte = length % 128;
    length /= 128;
    if (length > 0) byte |= 0x80;
    packet += static_cast<char>(byte);
  } while (length > 0);
  return packet + body;
}

class MqttLoginClient : public LoginClient {
 public:
  explicit MqttLoginClient(const Target& target)
      : host_(target.host),
        port_(target.login->EffectivePort()),
        client_id_(target.login->mqtt_client_id) {}

  std::string Describe() const override { return "mqtt " + host_ + ":" + std::to_string(port_); }

  LoginAttempt Try(const std::string& username, const std::string& password,
                   int timeout_ms) const override {
    LoginAttempt attempt;
    auto start = std::chrono::steady_clock::now();
    TcpExchange connection(start + std::chrono::milliseconds(timeout_ms));
    auto fail = [&](LoginOutcome outcome, std::string detail) {
      attempt.outcome = outcome;
      attempt.detail = std::move(detail);
      attempt.elapsed_ms = MillisecondsSince(start);
      return attempt;
    };
    Status status = connection.Connect(host_, port_);
    if (!status.ok()) return fail(LoginOutcome::kConnectionFailed, status.message());
    unsigned char raw[6];
    RAND_bytes(raw, sizeof raw);
    std::string id = client_id_;
    for (unsigned char c : raw) id += "0123456789abcdef"[c & 15];
    status = connection.Write(ConnectPacket(id, username, password));
    if (!status.ok()) return fail(LoginOutcome::kConnectionFailed, status.message());
    std::string answer;
    while (answer.size() < 4) {
      status = connection.ReadSome(answer);
      if (!status.ok()) {
        return fail(LoginOutcome::kConnectionFailed, "no CONNACK (" + status.message() + ")");
      }
    }
    if (static_cast<unsigned char>(answer[0]) != 0x20 || answer[1] != 2) {
      return fail(LoginOutcome::kOther, "not an MQTT CONNACK (first byte " +
                                            std::to_string(static_cast<unsigned char>(answer[0])) +
                                            ")");
    }
    int code = static_cast<unsigned char>(answer[3]);
    if (code == 0) {
      (void)connection.Write(std::string("\xE0\x00", 2));  // DISCONNECT
      return fail(LoginOutcome::kAccepted, "CONNACK 0 (accepted)");
    }
    if (code == 4 || code == 5) {
      return fail(LoginOutcome::kRefused,
                  "CONNACK " + std::to_string(code) +
                      (code == 4 ? " (bad user name or password)" : " (not authorised)"));
    }
    return fail(LoginOutcome::kOther, "CONNACK " + std::to_string(code));
  }

 private:
  std::string host_;
  std::uint16_t port_;
  std::string client_id_;
};

}  // namespace

std::unique_ptr<LoginClient> MakeMqttLoginClient(const Target& target) {
  return std::make_unique<MqttLoginClient>(target);
}

}  // namespace iotmark::devtest::login
