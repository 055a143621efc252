#include "simdevice/config.h"

#include <gtest/gtest.h>

namespace iotmark::simdevice {
namespace {

Result<SimDeviceConfig> Parse(const std::string& text) {
  return ParseSimDeviceConfig(text, "device.yaml", "/base");
}

TEST(SimDeviceConfigTest, ReadsEveryBehaviourSwitch) {
  Result<SimDeviceConfig> config = Parse(R"(
listen_address: 127.0.0.2
http_port: 18080
state_dir: state
tls: {enabled: true, port: 18443, min_version: tls1.0}
login: {basic: false, form: true, username: root, password: "Very-Secret-1"}
default_password_accepted: true
force_password_change: true
brute_force: {mode: delay, max_failures: 3, delay_base_ms: 50, delay_factor: 3}
model_number: XYZ-9
show_model_number: false
firmware_version: 2.0.0
show_firmware_version: false
firmware_update: {require_signature: false, persist_version: false}
factory_reset: {keep_updated_firmware: false}
persistence: {credentials: false, settings: false}
default_settings: {device_name: "cam", volume: 3, enabled: true}
extra_tcp: [{port: 2323, banner: "Telnetd 1.0"}]
extra_udp: [{port: 5683, reply: "hello"}]
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->listen_address, "127.0.0.2");
  EXPECT_EQ(config->http_port, 18080);
  EXPECT_EQ(config->state_dir, std::filesystem::path("/base/state"));
  EXPECT_TRUE(config->tls.enabled);
  EXPECT_EQ(config->tls.min_version, TlsVersion::kTls10);
  EXPECT_FALSE(config->login.basic);
  EXPECT_EQ(config->login.username, "root");
  EXPECT_TRUE(config->default_password_accepted);
  EXPECT_TRUE(config->force_password_change);
  EXPECT_EQ(config->brute_force.mode, BruteForceMode::kDelay);
  EXPECT_EQ(config->brute_force.max_failures, 3);
  EXPECT_DOUBLE_EQ(config->brute_force.delay_factor, 3.0);
  EXPECT_FALSE(config->show_model_number);
  EXPECT_FALSE(config->firmware_require_signature);
  EXPECT_FALSE(config->firmware_persist_version);
  EXPECT_FALSE(config->factory_reset_keeps_updated_firmware);
  EXPECT_FALSE(config->persist_credentials);
  EXPECT_FALSE(config->persist_settings);
  EXPECT_EQ(config->default_settings.at("device_name"), "\"cam\"");
  EXPECT_EQ(config->default_settings.at("volume"), "3");
  EXPECT_EQ(config->default_settings.at("enabled"), "true");
  ASSERT_EQ(config->extra_tcp.size(), 1u);
  EXPECT_EQ(config->extra_tcp[0].banner, "Telnetd 1.0");
  ASSERT_EQ(config->extra_udp.size(), 1u);
  EXPECT_EQ(config->extra_udp[0].port, 5683);
}

TEST(SimDeviceConfigTest, RefusesNonLoopbackListenAddress) {
  for (const char* address : {"0.0.0.0", "192.168.1.10", "::", "localhost", "8.8.8.8"}) {
    Result<SimDeviceConfig> config =
        Parse(std::string("listen_address: \"") + address + "\"\nhttp_port: 8080\n");
    ASSERT_FALSE(config.ok()) << address;
    EXPECT_NE(config.status().message().find("listen_address"), std::string::npos);
  }
  EXPECT_TRUE(Parse("listen_address: \"::1\"\nhttp_port: 8080\n").ok());
}

TEST(SimDeviceConfigTest, ErrorsNameTheFieldAndLine) {
  Result<SimDeviceConfig> config = Parse("http_port: 8080\nbrute_force:\n  mode: sometimes\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("brute_force.mode"), std::string::npos);
  EXPECT_NE(config.status().message().find("device.yaml:3"), std::string::npos);

  config = Parse("http_port: 8080\nbrute_forse: {}\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("unknown key"), std::string::npos);

  config = Parse("http_port: 70000\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("http_port"), std::string::npos);

  config = Parse("http_port: 8080\nlogin: {password: \"\"}\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("login.password"), std::string::npos);

  config = Parse("http_port: 8080\nextra_tcp: [{port: 8080, banner: x}]\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("used twice"), std::string::npos);

  config = Parse("model_number: A\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("http_port"), std::string::npos);

  config = Parse("http_port: [unclosed\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kParseError);
}

}  // namespace
}  // namespace iotmark::simdevice
