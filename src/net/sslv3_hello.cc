#include "net/sslv3_hello.h"

namespace iotmark::net {
namespace {

void Put16(std::string& out, std::size_t value) {
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

std::uint16_t Get16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(bytes[at]) << 8) |
                                    static_cast<std::uint8_t>(bytes[at + 1]));
}

}  // namespace

std::string BuildSslv3ClientHello(const std::vector<std::uint16_t>& suites,
                                  const std::array<std::uint8_t, 32>& random) {
  std::string body;
  Put16(body, 0x0300);  // client_version
  body.append(reinterpret_cast<const char*>(random.data()), random.size());
  body.push_back(0);  // session_id length
  Put16(body, suites.size() * 2);
  for (std::uint16_t suite : suites) Put16(body, suite);
  body.push_back(1);  // compression methods: null
  body.push_back(0);
  std::string handshake;
  handshake.push_back(1);  // client_hello
  handshake.push_back(static_cast<char>((body.size() >> 16) & 0xff));
  Put16(handshake, body.size() & 0xffff);
  handshake += body;
  std::string record;
  record.push_back(22);  // handshake
  Put16(record, 0x0300);
  Put16(record, handshake.size());
  return record + handshake;
}

ServerHelloReply ParseServerHelloReply(std::string_view bytes) {
  ServerHelloReply reply;
  std::string handshake;  // fragments of the handshake records so far
  std::size_t at = 0;
  while (true) {
    if (bytes.size() < at + 5) return reply;  // incomplete
    std::uint8_t type = static_cast<std::uint8_t>(bytes[at]);
    if ((type != 22 && type != 21) || bytes[at + 1] != 3) {
      reply.kind = ServerHelloReply::Kind::kOther;
      return reply;
    }
    reply.record_version = Get16(bytes, at + 1);
    std::size_t length = Get16(bytes, at + 3);
    if (length == 0 || length > 16384 + 2048) {
      reply.kind = ServerHelloReply::Kind::kOther;
      return reply;
    }
    if (bytes.size() < at + 5 + length) return reply;  // incomplete
    std::string_view fragment = bytes.substr(at + 5, length);
    at += 5 + length;
    if (type == 21) {
      if (!handshake.empty() || fragment.size() < 2) {
        reply.kind = ServerHelloReply::Kind::kOther;
        return reply;
      }
      reply.kind = ServerHelloReply::Kind::kAlert;
      reply.alert_level = static_cast<std::uint8_t>(fragment[0]);
      reply.alert_description = static_cast<std::uint8_t>(fragment[1]);
      return reply;
    }
    handshake.append(fragment);
    if (static_cast<std::uint8_t>(handshake[0]) != 2) {  // server_hello
      reply.kind = ServerHelloReply::Kind::kOther;
      return reply;
    }
    // type(1) length(3) version(2) random(32) session_id_length(1)
    if (handshake.size() < 39) continue;
    std::size_t session_id = static_cast<std::uint8_t>(handshake[38]);
    if (session_id > 32) {
      reply.kind = ServerHelloReply::Kind::kOther;
      return reply;
    }
    if (handshake.size() < 39 + session_id + 2) continue;
    reply.kind = ServerHelloReply::Kind::kServerHello;
    reply.server_version = Get16(handshake, 4);
    reply.cipher = Get16(handshake, 39 + session_id);
    return reply;
  }
}

const std::vector<Sslv3Suite>& Sslv3Suites() {
  static const std::vector<Sslv3Suite> kSuites = {
      {0xC014, "ECDHE-RSA-AES256-SHA", true},    {0xC00A, "ECDHE-ECDSA-AES256-SHA", true},
      {0x0039, "DHE-RSA-AES256-SHA", true},      {0x0038, "DHE-DSS-AES256-SHA", true},
      {0x0088, "DHE-RSA-CAMELLIA256-SHA", true}, {0x0087, "DHE-DSS-CAMELLIA256-SHA", true},
      {0xC013, "ECDHE-RSA-AES128-SHA", true},    {0xC009, "ECDHE-ECDSA-AES128-SHA", true},
      {0x0033, "DHE-RSA-AES128-SHA", true},      {0x0032, "DHE-DSS-AES128-SHA", true},
      {0x0045, "DHE-RSA-CAMELLIA128-SHA", true}, {0x0044, "DHE-DSS-CAMELLIA128-SHA", true},
      {0x009A, "DHE-RSA-SEED-SHA", true},        {0x0099, "DHE-DSS-SEED-SHA", true},
      {0xC012, "ECDHE-RSA-DES-CBC3-SHA", true},  {0xC008, "ECDHE-ECDSA-DES-CBC3-SHA", true},
      {0x0016, "EDH-RSA-DES-CBC3-SHA", true},    {0x0013, "EDH-DSS-DES-CBC3-SHA", true},
      {0xC011, "ECDHE-RSA-RC4-SHA", true},       {0xC007, "ECDHE-ECDSA-RC4-SHA", true},
      {0x0015, "EDH-RSA-DES-CBC-SHA", true},     {0x0012, "EDH-DSS-DES-CBC-SHA", true},
      {0x0014, "EXP-EDH-RSA-DES-CBC-SHA", true}, {0x0011, "EXP-EDH-DSS-DES-CBC-SHA", true},
      {0x0035, "AES256-SHA", false},             {0x0084, "CAMELLIA256-SHA", false},
      {0x002F, "AES128-SHA", false},             {0x0041, "CAMELLIA128-SHA", false},
      {0x0096, "SEED-SHA", false},               {0x0007, "IDEA-CBC-SHA", false},
      {0x000A, "DES-CBC3-SHA", false},           {0x0005, "RC4-SHA", false},
      {0x0004, "RC4-MD5", false},                {0x0009, "DES-CBC-SHA", false},
      {0x0008, "EXP-DES-CBC-SHA", false},        {0x0006, "EXP-RC2-CBC-MD5", false},
      {0x0003, "EXP-RC4-MD5", false},            {0x003A, "ADH-AES256-SHA", true},
      {0x0034, "ADH-AES128-SHA", true},         {0x001B, "ADH-DES-CBC3-SHA", true},
      {0x0018, "ADH-RC4-MD5", true},            {0x001A, "ADH-DES-CBC-SHA", true},
      {0x0017, "EXP-ADH-RC4-MD5", true},        {0x0019, "EXP-ADH-DES-CBC-SHA", true},
      {0x0002, "NULL-SHA", false},               {0x0001, "NULL-MD5", false},
  };
  return kSuites;
}

}  // namespace iotmark::net
