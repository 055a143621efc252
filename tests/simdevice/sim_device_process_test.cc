// Each behaviour switch of `iotmark sim-device` changes what a client observes.
// Every test runs its own device process on free 127.0.0.1 ports.
#include "sim_device_process.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "net/scanner.h"
#include "simdevice/control.h"

namespace iotmark::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
constexpr const char* kFactory = SimDeviceProcess::kFactoryPassword;

Headers Basic(const std::string& password) {
  return {{"Authorization", net::BasicAuthorizationHeader("admin", password)}};
}

int StatusOf(const Result<net::HttpResponse>& response) {
  return response.ok() ? response->status : -1;
}

#define START_DEVICE(device)                         \
  do {                                               \
    Status started = (device).Start();               \
    ASSERT_TRUE(started.ok()) << started.ToString(); \
  } while (0)

std::string MakeFirmware(SimDeviceProcess& device, const std::string& version, bool tamper) {
  std::filesystem::path out =
      device.state_dir().parent_path() / ("fw-" + version + (tamper ? "-bad" : "") + ".json");
  std::vector<std::string> arguments = {
      "sim-device", "make-firmware", "--state-dir", device.state_dir().string(),
      "--version",  version,         "-o",          out.string()};
  if (tamper) arguments.push_back("--tamper");
  std::string output;
  EXPECT_EQ(RunIotmark(arguments, &output), 0) << output;
  Result<std::string> image = ReadFile(out);
  return image.ok() ? *image : "";
}

std::string FirmwareVersion(SimDeviceProcess& device) {
  Result<net::HttpResponse> response = device.Get("/version");
  if (!response.ok() || response->status != 200) return "?";
  return nlohmann::json::parse(response->body).value("firmware_version", "?");
}

TEST(SimDeviceProcessTest, CompliantDeviceWebSurface) {
  SimDeviceProcess device("firmware_version: 1.0.0\n");
  START_DEVICE(device);
  EXPECT_TRUE(std::filesystem::exists(device.state_dir() / "pid"));

  Result<net::HttpResponse> home = device.Get("/");
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  EXPECT_NE(home->body.find("管理画面 / Administration"), std::string::npos);

  EXPECT_EQ(StatusOf(device.BasicLogin(kFactory)), 200);
  Result<net::HttpResponse> wrong = device.BasicLogin("wrong-password");
  EXPECT_EQ(StatusOf(wrong), 401);
  EXPECT_EQ(StatusOf(device.BasicLogin("password")), 401) << "the common default is refused";
  EXPECT_EQ(StatusOf(device.BasicLogin("")), 401) << "the empty password is refused";
  EXPECT_EQ(StatusOf(device.Get("/login")), 401);

  Result<net::HttpResponse> form = device.Send(
      "POST", "/login", net::FormUrlEncode({{"username", "admin"}, {"password", kFactory}}),
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(StatusOf(form), 200);
  EXPECT_NE(form->body.find("LOGIN_OK"), std::string::npos);
  std::string cookie = form->Header("set-cookie");
  ASSERT_EQ(cookie.rfind("session=", 0), 0u) << cookie;
  cookie = cookie.substr(0, cookie.find(';'));
  Result<net::HttpResponse> settings = device.Get("/api/settings", {{"Cookie", cookie}});
  ASSERT_EQ(StatusOf(settings), 200);
  EXPECT_EQ(nlohmann::json::parse(settings->body)["device_name"], "ABC-100");
  EXPECT_EQ(StatusOf(device.Get("/api/settings")), 401);
  EXPECT_EQ(StatusOf(device.Get("/api/settings", {{"Cookie", "session=forged"}})), 401);

  Result<net::HttpResponse> failed = device.Send(
      "POST", "/login", net::FormUrlEncode({{"username", "admin"}, {"password", "nope"}}),
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(StatusOf(failed), 401);
  EXPECT_NE(failed->body.find("LOGIN_FAILED"), std::string::npos);

  Result<net::HttpResponse> info = device.Get("/info");
  ASSERT_EQ(StatusOf(info), 200);
  EXPECT_NE(info->body.find("型番 / Model number: ABC-100"), std::string::npos);
  EXPECT_EQ(FirmwareVersion(device), "1.0.0");
  Result<net::HttpResponse> version_page = device.Get("/version", {{"Accept", "text/html"}});
  EXPECT_NE(version_page->body.find("Firmware version: 1.0.0"), std::string::npos);

  ASSERT_TRUE(device.Stop().ok());
  EXPECT_FALSE(std::filesystem::exists(device.state_dir() / "ready"));
  EXPECT_FALSE(std::filesystem::exists(device.state_dir() / "pid"));
}

TEST(SimDeviceProcessTest, HiddenModelNumberAndFirmwareVersion) {
  SimDeviceProcess device("show_model_number: false\nshow_firmware_version: false\n");
  START_DEVICE(device);
  Result<net::HttpResponse> info = device.Get("/info");
  ASSERT_EQ(StatusOf(info), 200);
  EXPECT_EQ(info->body.find("ABC-100"), std::string::npos);
  EXPECT_EQ(StatusOf(device.Get("/version")), 404);
}

TEST(SimDeviceProcessTest, LockoutBlocksEvenTheRightPasswordThenLifts) {
  SimDeviceProcess device("brute_force: {mode: lockout, max_failures: 3, lockout_seconds: 2}\n");
  START_DEVICE(device);
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(StatusOf(device.BasicLogin("guess" + std::to_string(attempt))), 401);
  }
  Result<net::HttpResponse> locked = device.BasicLogin(kFactory);
  ASSERT_EQ(StatusOf(locked), 429);
  int retry_after = std::atoi(locked->Header("retry-after").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 2);
  auto start = std::chrono::steady_clock::now();
  int status = 429;
  while (status == 429 && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    status = StatusOf(device.BasicLogin(kFactory));  // polls; lockout attempts do not extend it
  }
  EXPECT_EQ(status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(SimDeviceProcessTest, NoProtectionAnswersEveryGuessAtOnce) {
  SimDeviceProcess device("brute_force: {mode: none}\n");
  START_DEVICE(device);
  for (int attempt = 0; attempt < 15; ++attempt) {
    Result<net::HttpResponse> response = device.BasicLogin("guess" + std::to_string(attempt));
    ASSERT_EQ(StatusOf(response), 401);
    EXPECT_LT(response->elapsed.count(), 1000);
  }
  EXPECT_EQ(StatusOf(device.BasicLogin(kFactory)), 200);
}

TEST(SimDeviceProcessTest, DelayGrowsPastTheThreshold) {
  SimDeviceProcess device(
      "brute_force: {mode: delay, max_failures: 2, delay_base_ms: 200, delay_factor: 2}\n");
  START_DEVICE(device);
  std::vector<long long> elapsed;
  for (int attempt = 0; attempt < 4; ++attempt) {
    Result<net::HttpResponse> response = device.BasicLogin("guess");
    ASSERT_EQ(StatusOf(response), 401);
    elapsed.push_back(response->elapsed.count());
  }
  EXPECT_GE(elapsed[2], 200);
  EXPECT_GE(elapsed[3], 400);
  EXPECT_LT(elapsed[0], elapsed[2]);
}

TEST(SimDeviceProcessTest, DefaultPasswordAcceptedUntilChanged) {
  SimDeviceProcess device("default_password_accepted: true\n");
  START_DEVICE(device);
  EXPECT_EQ(StatusOf(device.BasicLogin("password")), 200);
  Result<net::HttpResponse> changed = device.Send(
      "POST", "/api/password", R"({"new_password":"Owner-Chosen-9"})", Basic("password"));
  ASSERT_EQ(StatusOf(changed), 200) << (changed.ok() ? changed->body : "");
  EXPECT_EQ(StatusOf(device.BasicLogin("password")), 401);
  EXPECT_EQ(StatusOf(device.BasicLogin("Owner-Chosen-9")), 200);
}

TEST(SimDeviceProcessTest, ForcedPasswordChangeGatesTheApi) {
  SimDeviceProcess device("force_password_change: true\n");
  START_DEVICE(device);
  EXPECT_EQ(StatusOf(device.BasicLogin(kFactory)), 200);
  Result<net::HttpResponse> blocked = device.Get("/api/settings", Basic(kFactory));
  ASSERT_EQ(StatusOf(blocked), 403);
  EXPECT_NE(blocked->body.find("password_change_required"), std::string::npos);
  EXPECT_EQ(StatusOf(device.Send("POST", "/api/password", R"({"new_password":"short"})",
                                 Basic(kFactory))),
            400);
  ASSERT_EQ(StatusOf(device.Send("POST", "/api/password", R"({"new_password":"Owner-Chosen-9"})",
                                 Basic(kFactory))),
            200);
  EXPECT_EQ(StatusOf(device.Get("/api/settings", Basic("Owner-Chosen-9"))), 200);
}

TEST(SimDeviceProcessTest, SignedFirmwareOnlyAndVersionSurvivesPowerCycle) {
  SimDeviceProcess device("firmware_update: {require_signature: true, persist_version: true}\n");
  START_DEVICE(device);
  std::string tampered = MakeFirmware(device, "9.9.9", true);
  Result<net::HttpResponse> refused =
      device.Send("POST", "/api/firmware", tampered, Basic(kFactory));
  ASSERT_EQ(StatusOf(refused), 400);
  EXPECT_NE(refused->body.find("signature_invalid"), std::string::npos);
  EXPECT_EQ(StatusOf(device.Send("POST", "/api/firmware", "garbage", Basic(kFactory))), 400);
  EXPECT_EQ(FirmwareVersion(device), "1.0.0");
  std::string good = MakeFirmware(device, "1.1.0", false);
  ASSERT_EQ(StatusOf(device.Send("POST", "/api/firmware", good, Basic(kFactory))), 200);
  EXPECT_EQ(FirmwareVersion(device), "1.1.0");
  ASSERT_TRUE(device.PowerCycle().ok());
  EXPECT_EQ(FirmwareVersion(device), "1.1.0");
}

TEST(SimDeviceProcessTest, UnsignedFirmwareAcceptedAndVersionLostWhenNotPersisted) {
  SimDeviceProcess device("firmware_update: {require_signature: false, persist_version: false}\n");
  START_DEVICE(device);
  std::string tampered = MakeFirmware(device, "6.6.6", true);
  Result<net::HttpResponse> accepted =
      device.Send("POST", "/api/firmware", tampered, Basic(kFactory));
  ASSERT_EQ(StatusOf(accepted), 200);
  EXPECT_EQ(nlohmann::json::parse(accepted->body)["verified"], false);
  EXPECT_EQ(FirmwareVersion(device), "6.6.6");
  ASSERT_TRUE(device.PowerCycle().ok());
  EXPECT_EQ(FirmwareVersion(device), "1.0.0");
}

void ChangePasswordAndSetting(SimDeviceProcess& device) {
  ASSERT_EQ(StatusOf(device.Send("POST", "/api/password", R"({"new_password":"Owner-Chosen-9"})",
                                 Basic(kFactory))),
            200);
  ASSERT_EQ(StatusOf(device.Send("PUT", "/api/settings", R"({"device_name":"kitchen"})",
                                 Basic("Owner-Chosen-9"))),
            200);
}

std::string DeviceName(SimDeviceProcess& device, const std::string& password) {
  Result<net::HttpResponse> settings = device.Get("/api/settings", Basic(password));
  if (StatusOf(settings) != 200) return "?";
  return nlohmann::json::parse(settings->body).value("device_name", "?");
}

TEST(SimDeviceProcessTest, CredentialsAndSettingsSurvivePowerCycle) {
  SimDeviceProcess device("persistence: {credentials: true, settings: true}\n");
  START_DEVICE(device);
  ChangePasswordAndSetting(device);
  Result<simdevice::ReadyInfo> before = simdevice::ReadReady(device.state_dir());
  ASSERT_TRUE(device.PowerCycle().ok());
  Result<simdevice::ReadyInfo> after = simdevice::ReadReady(device.state_dir());
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_NE(before->boot_id, after->boot_id);
  EXPECT_EQ(before->pid, after->pid) << "a power cycle re-execs the same process";
  EXPECT_EQ(StatusOf(device.BasicLogin("Owner-Chosen-9")), 200);
  EXPECT_EQ(StatusOf(device.BasicLogin(kFactory)), 401);
  EXPECT_EQ(DeviceName(device, "Owner-Chosen-9"), "kitchen");
}

TEST(SimDeviceProcessTest, NothingPersistsWhenSwitchedOff) {
  SimDeviceProcess device("persistence: {credentials: false, settings: false}\n");
  START_DEVICE(device);
  ChangePasswordAndSetting(device);
  ASSERT_TRUE(device.PowerCycle().ok());
  EXPECT_EQ(StatusOf(device.BasicLogin("Owner-Chosen-9")), 401);
  EXPECT_EQ(DeviceName(device, kFactory), "ABC-100");
}

TEST(SimDeviceProcessTest, FactoryResetKeepsUpdatedFirmwareWhenConfigured) {
  SimDeviceProcess device("factory_reset: {keep_updated_firmware: true}\n");
  START_DEVICE(device);
  ChangePasswordAndSetting(device);
  ASSERT_EQ(StatusOf(device.Send("POST", "/api/firmware", MakeFirmware(device, "1.2.0", false),
                                 Basic("Owner-Chosen-9"))),
            200);
  ASSERT_TRUE(device.FactoryReset().ok());
  EXPECT_EQ(StatusOf(device.BasicLogin("Owner-Chosen-9")), 401);
  EXPECT_EQ(StatusOf(device.BasicLogin(kFactory)), 200);
  EXPECT_EQ(DeviceName(device, kFactory), "ABC-100");
  EXPECT_EQ(FirmwareVersion(device), "1.2.0");
  ASSERT_TRUE(device.PowerCycle().ok());
  EXPECT_EQ(FirmwareVersion(device), "1.2.0");
  EXPECT_EQ(StatusOf(device.BasicLogin(kFactory)), 200);
}

TEST(SimDeviceProcessTest, FactoryResetOverHttpLosesFirmwareWhenConfigured) {
  SimDeviceProcess device("factory_reset: {keep_updated_firmware: false}\n");
  START_DEVICE(device);
  ASSERT_EQ(StatusOf(device.Send("POST", "/api/firmware", MakeFirmware(device, "1.2.0", false),
                                 Basic(kFactory))),
            200);
  ASSERT_EQ(StatusOf(device.Send("POST", "/api/factory-reset", "", Basic(kFactory))), 200);
  EXPECT_EQ(FirmwareVersion(device), "1.0.0");
  ASSERT_TRUE(device.PowerCycle().ok());
  EXPECT_EQ(FirmwareVersion(device), "1.0.0");
}

TEST(SimDeviceProcessTest, ExtraTcpBannerAndUdpResponderAreScanned) {
  SimDeviceProcess device(
      "extra_tcp: [{port: {TCP_PORT}, banner: \"ACME Telnetd 1.2 (ABC-100)\"}]\n"
      "extra_udp: [{port: {UDP_PORT}, reply: \"ACME CoAP 0.9\"}]\n");
  START_DEVICE(device);
  net::ScanOptions options;
  options.host = "127.0.0.1";
  options.tcp_ports = {device.http_port(), device.tcp_port()};
  std::sort(options.tcp_ports.begin(), options.tcp_ports.end());
  options.udp_ports = {device.udp_port()};
  options.grab_banners = true;
  options.banner_timeout = std::chrono::milliseconds(300);
  Result<net::ScanReport> report = net::Scan(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->OpenTcpPorts(), options.tcp_ports);
  for (const net::PortResult& result : report->tcp) {
    if (result.port == device.tcp_port()) {
      EXPECT_EQ(result.banner, "ACME Telnetd 1.2 (ABC-100)\r\n");  // the bytes as sent
    }
    if (result.port == device.http_port()) {
      EXPECT_NE(result.banner.find("Server: iotmark-sim-device"), std::string::npos)
          << result.banner;
    }
  }
  ASSERT_EQ(report->udp.size(), 1u);
  EXPECT_EQ(report->udp[0].state, net::PortState::kOpen);
  EXPECT_EQ(report->udp[0].banner, "ACME CoAP 0.9");
}

TEST(SimDeviceProcessTest, TlsMinimumVersionIsEnforced) {
  SimDeviceProcess modern("tls: {enabled: true, port: {TLS_PORT}, min_version: tls1.2}\n");
  START_DEVICE(modern);
  net::HttpRequest request;
  request.url = modern.TlsUrl("/info");
  Result<net::HttpResponse> ok = net::HttpFetch(request);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->status, 200);
  EXPECT_TRUE(ok->tls_facts.self_signed);
  EXPECT_NE(ok->tls_facts.subject.find("CN=ABC-100"), std::string::npos);
  request.tls_max = net::TlsProtocol::kTls11;
  EXPECT_FALSE(net::HttpFetch(request).ok()) << "TLS 1.1 must be refused";

  SimDeviceProcess legacy("tls: {enabled: true, port: {TLS_PORT}, min_version: tls1.0}\n");
  START_DEVICE(legacy);
  request.url = legacy.TlsUrl("/info");
  request.tls_min = net::TlsProtocol::kTls10;
  request.tls_max = net::TlsProtocol::kTls10;
  Result<net::HttpResponse> old = net::HttpFetch(request);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->tls_facts.protocol, "TLSv1");
}

TEST(SimDeviceProcessTest, ConfigErrorsAndNonLoopbackAreRefused) {
  SimDeviceProcess bad("brute_force: {mode: sometimes}\n");
  std::string output;
  EXPECT_EQ(RunIotmark({"sim-device", "--config", bad.config_path().string(), "--state-dir",
                        bad.state_dir().string()},
                       &output),
            2);
  EXPECT_NE(output.find("brute_force.mode"), std::string::npos) << output;

  SimDeviceProcess outside("");
  std::string yaml = *ReadFile(outside.config_path());
  yaml.replace(yaml.find("127.0.0.1"), 9, "0.0.0.0");
  ASSERT_TRUE(WriteFileAtomic(outside.config_path(), yaml).ok());
  EXPECT_EQ(RunIotmark({"sim-device", "--config", outside.config_path().string(), "--state-dir",
                        outside.state_dir().string()},
                       &output),
            2);
  EXPECT_NE(output.find("not a loopback address"), std::string::npos) << output;
  EXPECT_EQ(
      RunIotmark({"sim-device", "stop", "--state-dir", outside.state_dir().string()}, &output), 2);
}

}  // namespace
}  // namespace iotmark::testing
