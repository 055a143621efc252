#include "simdevice/http_handler.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/xml_escape.h"

namespace iotmark::simdevice {
namespace {

constexpr const char* kSessionCookie = "session";

DeviceResponse Json(int status, const nlohmann::json& body) {
  DeviceResponse response;
  response.status = status;
  response.body = body.dump() + "\n";
  return response;
}

DeviceResponse Error(int status, const std::string& code) {
  return Json(status, {{"error", code}});
}

DeviceResponse Html(int status, const std::string& title, const std::string& content) {
  DeviceResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" +
                  title + "</title></head>\n<body>\n" + content + "</body></html>\n";
  return response;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UrlDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t position = 0;
  while (position < header.size()) {
    size_t end = header.find(';', position);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(position, end - position);
    size_t start = pair.find_first_not_of(' ');
    if (start != std::string::npos) pair = pair.substr(start);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    position = end + 1;
  }
  return "";
}

void AddRetryAfter(DeviceResponse& response, int seconds) {
  response.headers.emplace_back("Retry-After", std::to_string(seconds));
}

DeviceResponse LoginFormPage(int status, const std::string& marker) {
  return Html(status, "ログイン / Login",
              "<h1>ログイン / Login</h1>\n" + (marker.empty() ? "" : "<p>" + marker + "</p>\n") +
                  "<form method=\"post\" action=\"/login\">\n"
                  "<label>ユーザー名 / Username <input name=\"username\"></label>\n"
                  "<label>パスワード / Password <input name=\"password\" type=\"password\">"
                  "</label>\n<button>ログイン / Log in</button>\n</form>\n");
}

}  // namespace

bool ParseBasicAuthorization(const std::string& header, std::string& username,
                             std::string& password) {
  if (header.size() < 6 || sodium_init() < 0) return false;
  std::string scheme = header.substr(0, 6);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "basic ") return false;
  std::string encoded = header.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.erase(0, 1);
  std::string decoded(encoded.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                        encoded.data(), encoded.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  decoded.resize(length);
  size_t colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  username = decoded.substr(0, colon);
  password = decoded.substr(colon + 1);
  return true;
}

std::string FormField(const std::string& body, const std::string& name) {
  size_t position = 0;
  while (position <= body.size()) {
    size_t end = body.find('&', position);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(position, end - position);
    size_t equals = pair.find('=');
    std::string key = UrlDecode(pair.substr(0, equals));
    if (key == name) return equals == std::string::npos ? "" : UrlDecode(pair.substr(equals + 1));
    position = end + 1;
  }
  return "";
}

DeviceResponse DeviceHttpHandler::Handle(const DeviceRequest& request) {
  std::string path = request.target.substr(0, request.target.find('?'));
  if (path == "/" && request.method == "GET") {
    const SimDeviceConfig& config = state_.config();
    return Html(
        200, "管理画面 / Admin",
        "<h1>" + XmlEscape(config.model_number) +
            " 管理画面 / Administration</h1>\n"
            "<ul>\n<li><a href=\"/login\">ログイン / Login</a></li>\n"
            "<li><a href=\"/info\">機器情報 / Device information</a></li>\n"
            "<li><a href=\"/version\">ファームウェア / Firmware</a></li>\n</ul>\n"
            "<p>これは iotmark の模擬機器です。 / This is iotmark's simulated device.</p>\n");
  }
  if (path == "/login" && request.method == "GET") return HandleLoginGet(request);
  if (path == "/login" && request.method == "POST") return HandleLoginPost(request);
  if (path == "/info" && request.method == "GET") return HandleInfo();
  if (path == "/version" && request.method == "GET") return HandleVersion(request);
  if (path.rfind("/api/", 0) == 0) return HandleApi(request, path);
  return Error(404, "not_found");
}

DeviceResponse DeviceHttpHandler::HandleLoginGet(const DeviceRequest& request) {
  const LoginConfig& login = state_.config().login;
  if (request.authorization.empty()) {
    if (!login.basic && login.form) return LoginFormPage(200, "");
    DeviceResponse response = Error(401, "unauthenticated");
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"iotmark-sim\"");
    return response;
  }
  if (!login.basic) return Error(401, "basic_login_disabled");
  std::string username, password;
  if (!ParseBasicAuthorization(request.authorization, username, password)) {
    return Error(401, "invalid_credentials");
  }
  LoginOutcome outcome = state_.Authenticate(username, password);
  DeviceResponse response;
  switch (outcome.result) {
    case LoginResult::kOk:
      response =
          Json(200, {{"ok", true}, {"password_change_required", state_.PasswordChangeRequired()}});
      break;
    case LoginResult::kFailed:
      response = Error(401, "invalid_credentials");
      response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"iotmark-sim\"");
      break;
    case LoginResult::kLockedOut:
      response = Error(429, "locked_out");
      AddRetryAfter(response, outcome.retry_after_seconds);
      break;
  }
  response.delay = outcome.delay;
  return response;
}

DeviceResponse DeviceHttpHandler::HandleLoginPost(const DeviceRequest& request) {
  if (!state_.config().login.form) return Error(404, "not_found");
  LoginOutcome outcome =
      state_.Authenticate(FormField(request.body, "username"), FormField(request.body, "password"));
  DeviceResponse response;
  switch (outcome.result) {
    case LoginResult::kOk: {
      response = Html(200, "ログイン成功 / Logged in",
                      "<p>LOGIN_OK</p>\n<p>ログインしました。 / You are logged in.</p>\n" +
                          std::string(state_.PasswordChangeRequired()
                                          ? "<p>パスワードを変更してください。 / Please change "
                                            "the password.</p>\n"
                                          : ""));
      response.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" +
                                                      state_.CreateSession() +
                                                      "; Path=/; HttpOnly; SameSite=Strict");
      break;
    }
    case LoginResult::kFailed:
      response = LoginFormPage(401,
                               "LOGIN_FAILED ユーザー名またはパスワードが違います。 / "
                               "Wrong username or password.");
      break;
    case LoginResult::kLockedOut:
      response = LoginFormPage(429,
                               "LOGIN_LOCKED しばらくしてから再試行してください。 / "
                               "Too many attempts; try again later.");
      AddRetryAfter(response, outcome.retry_after_seconds);
      break;
  }
  response.delay = outcome.delay;
  return response;
}

DeviceResponse DeviceHttpHandler::HandleInfo() const {
  const SimDeviceConfig& config = state_.config();
  std::string content = "<h1>機器情報 / Device information</h1>\n<dl>\n";
  if (config.show_model_number) {
    content += "<p>型番 / Model number: " + XmlEscape(config.model_number) + "</p>\n";
  }
  content += "<p>製造者 / Manufacturer: iotmark simulated devices</p>\n</dl>\n";
  return Html(200, "機器情報 / Device information", content);
}

DeviceResponse DeviceHttpHandler::HandleVersion(const DeviceRequest& request) const {
  if (!state_.config().show_firmware_version) return Error(404, "not_found");
  const std::string& version = state_.FirmwareVersion();
  if (request.accept.find("text/html") != std::string::npos) {
    return Html(200, "ファームウェア / Firmware",
                "<p>ファームウェアバージョン / Firmware version: " + XmlEscape(version) + "</p>\n");
  }
  return Json(200, {{"firmware_version", version}});
}

DeviceResponse DeviceHttpHandler::HandleApi(const DeviceRequest& request, const std::string& path) {
  // Authentication: session cookie first, then HTTP Basic.
  bool authenticated = false;
  std::chrono::milliseconds delay{0};
  std::string token = CookieValue(request.cookie, kSessionCookie);
  if (!token.empty() && state_.HasSession(token)) authenticated = true;
  if (!authenticated && !request.authorization.empty() && state_.config().login.basic) {
    std::string username, password;
    if (ParseBasicAuthorization(request.authorization, username, password)) {
      LoginOutcome outcome = state_.Authenticate(username, password);
      delay = outcome.delay;
      if (outcome.result == LoginResult::kLockedOut) {
        DeviceResponse response = Error(429, "locked_out");
        AddRetryAfter(response, outcome.retry_after_seconds);
        return response;
      }
      authenticated = outcome.result == LoginResult::kOk;
    }
  }
  if (!authenticated) {
    DeviceResponse response = Error(401, "unauthenticated");
    if (state_.config().login.basic) {
      response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"iotmark-sim\"");
    }
    response.delay = delay;
    return response;
  }
  DeviceResponse response = Error(404, "not_found");
  if (path == "/api/password" && request.method == "POST") {
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("new_password") ||
        !body["new_password"].is_string()) {
      response = Error(400, "invalid_request");
    } else {
      std::optional<std::string> current;
      if (body.contains("current_password") && body["current_password"].is_string()) {
        current = body["current_password"].get<std::string>();
      }
      switch (state_.ChangePassword(body["new_password"].get<std::string>(), current)) {
        case PasswordChangeResult::kOk:
          response = Json(200, {{"ok", true}});
          break;
        case PasswordChangeResult::kWeak:
          response = Error(400, "weak_password");
          break;
        case PasswordChangeResult::kWrongCurrent:
          response = Error(403, "wrong_current_password");
          break;
      }
    }
  } else if (state_.PasswordChangeRequired()) {
    response = Error(403, "password_change_required");
  } else if (path == "/api/settings" && (request.method == "GET" || request.method == "PUT")) {
    if (request.method == "PUT") {
      nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
      SettingsMap changes;
      bool valid = !body.is_discarded() && body.is_object();
      if (valid) {
        for (const auto& [key, value] : body.items()) {
          if (key.empty() || key.size() > 64 ||
              !(value.is_string() || value.is_number() || value.is_boolean())) {
            valid = false;
            break;
          }
          changes[key] = value.dump();
        }
      }
      if (!valid || !state_.UpdateSettings(changes).ok()) {
        response = Error(400, "invalid_settings");
        response.delay = delay;
        return response;
      }
    }
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& [key, value] : state_.Settings()) settings[key] = nlohmann::json::parse(value);
    response = Json(200, settings);
  } else if (path == "/api/firmware" && request.method == "POST") {
    FirmwareOutcome outcome = state_.InstallFirmware(request.body);
    if (outcome.accepted) {
      response =
          Json(200, {{"ok", true}, {"version", outcome.version}, {"verified", outcome.verified}});
    } else {
      response = Error(400, outcome.error);
    }
  } else if (path == "/api/factory-reset" && request.method == "POST") {
    (void)state_.FactoryReset();
    if (on_factory_reset_) on_factory_reset_();
    response = Json(200, {{"ok", true}});
  } else if (path == "/api/status" && request.method == "GET") {
    response = Json(200, {{"model_number", state_.config().model_number},
                          {"firmware_version", state_.FirmwareVersion()},
                          {"password_changed", state_.PasswordChanged()}});
  }
  response.delay = delay;
  return response;
}

}  // namespace iotmark::simdevice
