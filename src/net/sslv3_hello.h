// SSLv3 (RFC 6101) ClientHello built by hand, and the reading of the first
// answer. Debian's OpenSSL 3.0 is built without SSLv3 (no SSLv3_method,
// `openssl s_client -ssl3` does not exist), so it cannot send an SSLv3
// hello at all; this is how sslscan/testssl.sh test SSLv3 without one.
// Pure functions, no I/O.
#ifndef IOTMARK_NET_SSLV3_HELLO_H_
#define IOTMARK_NET_SSLV3_HELLO_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotmark::net {

// An SSLv3 record (type 22, version 3.0) holding one ClientHello with
// client_version 3.0, `random`, no session id, `suites` in order, the null
// compression method and no extensions.
std::string BuildSslv3ClientHello(const std::vector<std::uint16_t>& suites,
                                  const std::array<std::uint8_t, 32>& random);

struct ServerHelloReply {
  enum class Kind {
    kIncomplete,   // more bytes are needed
    kServerHello,  // a ServerHello: server_version, cipher
    kAlert,        // an alert record before any handshake: level, description
    kOther,        // anything else (not TLS, SSLv2, malformed)
  };
  Kind kind = Kind::kIncomplete;
  std::uint16_t record_version = 0;
  std::uint16_t server_version = 0;  // 0x0300 = SSLv3
  std::uint16_t cipher = 0;
  std::uint8_t alert_level = 0;
  std::uint8_t alert_description = 0;
};

// Reads the server's first records (a ServerHello may span records).
ServerHelloReply ParseServerHelloReply(std::string_view bytes);

struct Sslv3Suite {
  std::uint16_t id;
  const char* name;  // OpenSSL's name
  bool forward_secrecy;
};
// The suites an SSLv3 server can choose (RFC 6101 and later SSLv3-era
// suites: AES, Camellia, SEED), with forward secrecy for (EC)DHE.
const std::vector<Sslv3Suite>& Sslv3Suites();

}  // namespace iotmark::net

#endif  // IOTMARK_NET_SSLV3_HELLO_H_
