#include "net/sslv3_hello.h"

#include <gtest/gtest.h>

#include <set>

namespace iotmark::net {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int value : values) out.push_back(static_cast<char>(value));
  return out;
}

TEST(Sslv3HelloTest, ClientHelloHasTheRfc6101Layout) {
  std::array<std::uint8_t, 32> random{};
  for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(i);
  std::string hello = BuildSslv3ClientHello({0x0035, 0x000A}, random);
  // record: handshake, version 3.0, length
  ASSERT_EQ(hello.size(), 5u + 4 + 2 + 32 + 1 + 2 + 4 + 2);
  EXPECT_EQ(hello.substr(0, 5), Bytes({22, 3, 0, 0, 47}));
  // handshake: client_hello, 24-bit length 43, client_version 3.0
  EXPECT_EQ(hello.substr(5, 6), Bytes({1, 0, 0, 43, 3, 0}));
  EXPECT_EQ(static_cast<std::uint8_t>(hello[11]), 0);
  EXPECT_EQ(static_cast<std::uint8_t>(hello[42]), 31);
  // no session id, two suites, one compression method (null), no extensions
  EXPECT_EQ(hello.substr(43), Bytes({0, 0, 4, 0x00, 0x35, 0x00, 0x0A, 1, 0}));
}

TEST(Sslv3HelloTest, ReadsServerHelloAlertAndPartialInput) {
  std::string body = Bytes({3, 0}) + std::string(32, 'r') + Bytes({2, 0xAB, 0xCD, 0x00, 0x0A, 0});
  std::string handshake = Bytes({2, 0, 0, static_cast<int>(body.size())}) + body;
  std::string record = Bytes({22, 3, 0, 0, static_cast<int>(handshake.size())}) + handshake;
  ServerHelloReply reply = ParseServerHelloReply(record);
  EXPECT_EQ(reply.kind, ServerHelloReply::Kind::kServerHello);
  EXPECT_EQ(reply.server_version, 0x0300);
  EXPECT_EQ(reply.cipher, 0x000A);  // after the 2-byte session id
  // Every cut short of the cipher is incomplete, never a guess.
  for (std::size_t cut = 0; cut < 5 + 4 + 2 + 32 + 1 + 2 + 2; ++cut) {
    EXPECT_EQ(ParseServerHelloReply(record.substr(0, cut)).kind,
              ServerHelloReply::Kind::kIncomplete)
        << cut;
  }
  // The same ServerHello split over two records.
  std::string first = Bytes({22, 3, 0, 0, 20}) + handshake.substr(0, 20);
  std::string second = Bytes({22, 3, 0, 0, static_cast<int>(handshake.size() - 20)}) +
                       handshake.substr(20);
  EXPECT_EQ(ParseServerHelloReply(first + second).cipher, 0x000A);
  EXPECT_EQ(ParseServerHelloReply(first).kind, ServerHelloReply::Kind::kIncomplete);

  ServerHelloReply alert = ParseServerHelloReply(Bytes({21, 3, 1, 0, 2, 2, 70}));
  EXPECT_EQ(alert.kind, ServerHelloReply::Kind::kAlert);
  EXPECT_EQ(alert.alert_description, 70);  // protocol_version
  EXPECT_EQ(alert.record_version, 0x0301);
  EXPECT_EQ(ParseServerHelloReply("HTTP/1.1 400 Bad Request\r\n").kind,
            ServerHelloReply::Kind::kOther);
  EXPECT_EQ(ParseServerHelloReply(Bytes({22, 3, 0, 0, 4, 11, 0, 0, 0})).kind,
            ServerHelloReply::Kind::kOther);  // a Certificate first
  EXPECT_EQ(ParseServerHelloReply(Bytes({22, 3, 0, 0, 0})).kind, ServerHelloReply::Kind::kOther);
}

TEST(Sslv3HelloTest, SuiteListHasUniqueIdsAndForwardSecrecyByKeyExchange) {
  std::set<std::uint16_t> ids;
  for (const Sslv3Suite& suite : Sslv3Suites()) {
    EXPECT_TRUE(ids.insert(suite.id).second) << suite.name;
    std::string name = suite.name;
    bool ephemeral = name.find("DHE") != std::string::npos || name.find("EDH") != std::string::npos ||
                     name.find("ADH") != std::string::npos;
    EXPECT_EQ(suite.forward_secrecy, ephemeral) << name;
  }
  EXPECT_GE(ids.size(), 40u);
}

}  // namespace
}  // namespace iotmark::net
