#include "simdevice/config.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "common/files.h"
#include "net/address.h"

namespace iotmark::simdevice {
namespace {

// Reads one YAML mapping with a known key set; every error names the file,
// the dotted field path and the line.
class FieldReader {
 public:
  FieldReader(const std::string& source, std::string path, const YAML::Node& node)
      : source_(source), path_(std::move(path)), node_(node) {}

  Status Error(const std::string& key, const YAML::Node& at, const std::string& what) const {
    std::string field = path_.empty() ? key : path_ + "." + key;
    int line = at ? at.Mark().line + 1 : node_.Mark().line + 1;
    return Status::InvalidArgument(source_ + ":" + std::to_string(line) + ": field '" + field +
                                   "': " + what);
  }

  Status CheckKeys(const std::set<std::string>& known) const {
    if (!node_.IsMap()) {
      return Status::InvalidArgument(source_ + ":" + std::to_string(node_.Mark().line + 1) + ": '" +
                                     (path_.empty() ? "<top>" : path_) + "' must be a mapping");
    }
    for (const auto& entry : node_) {
      std::string key = entry.first.as<std::string>();
      if (!known.count(key)) return Error(key, entry.first, "unknown key");
    }
    return Status::Ok();
  }

  YAML::Node Get(const std::string& key) const { return node_[key]; }
  std::string Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  Status Bool(const std::string& key, bool& out) const {
    YAML::Node value = node_[key];
    if (!value) return Status::Ok();
    if (!value.IsScalar()) return Error(key, value, "must be true or false");
    std::string text = value.Scalar();
    if (text == "true" || text == "yes" || text == "on") {
      out = true;
    } else if (text == "false" || text == "no" || text == "off") {
      out = false;
    } else {
      return Error(key, value, "must be true or false, got '" + text + "'");
    }
    return Status::Ok();
  }

  Status String(const std::string& key, std::string& out) const {
    YAML::Node value = node_[key];
    if (!value) return Status::Ok();
    if (!value.IsScalar()) return Error(key, value, "must be a string");
    out = value.Scalar();
    return Status::Ok();
  }

  Status Integer(const std::string& key, long long minimum, long long maximum,
                 long long& out) const {
    YAML::Node value = node_[key];
    if (!value) return Status::Ok();
    if (!value.IsScalar()) return Error(key, value, "must be an integer");
    const std::string& text = value.Scalar();
    size_t used = 0;
    long long parsed = 0;
    try {
      parsed = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size()) {
      return Error(key, value, "must be an integer, got '" + text + "'");
    }
    if (parsed < minimum || parsed > maximum) {
      return Error(key, value,
                   "must be between " + std::to_string(minimum) + " and " +
                       std::to_string(maximum) + ", got " + text);
    }
    out = parsed;
    return Status::Ok();
  }

  Status Int(const std::string& key, long long minimum, long long maximum, int& out) const {
    long long value = out;
    IOTMARK_RETURN_IF_ERROR(Integer(key, minimum, maximum, value));
    out = static_cast<int>(value);
    return Status::Ok();
  }

  Status Port(const std::string& key, bool allow_zero, std::uint16_t& out) const {
    long long value = out;
    IOTMARK_RETURN_IF_ERROR(Integer(key, allow_zero ? 0 : 1, 65535, value));
    out = static_cast<std::uint16_t>(value);
    return Status::Ok();
  }

  Status Double(const std::string& key, double minimum, double maximum, double& out) const {
    YAML::Node value = node_[key];
    if (!value) return Status::Ok();
    if (!value.IsScalar()) return Error(key, value, "must be a number");
    const std::string& text = value.Scalar();
    size_t used = 0;
    double parsed = 0;
    try {
      parsed = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(parsed)) {
      return Error(key, value, "must be a number, got '" + text + "'");
    }
    if (parsed < minimum || parsed > maximum) {
      return Error(
          key, value,
          "must be between " + std::to_string(minimum) + " and " + std::to_string(maximum));
    }
    out = parsed;
    return Status::Ok();
  }

 private:
  const std::string& source_;
  std::string path_;
  YAML::Node node_;
};

Status ParseTls(const FieldReader& top, const std::string& source, TlsConfig& tls) {
  YAML::Node node = top.Get("tls");
  if (!node) return Status::Ok();
  FieldReader reader(source, "tls", node);
  IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"enabled", "port", "min_version"}));
  IOTMARK_RETURN_IF_ERROR(reader.Bool("enabled", tls.enabled));
  IOTMARK_RETURN_IF_ERROR(reader.Port("port", true, tls.port));
  std::string version = TlsVersionName(tls.min_version);
  IOTMARK_RETURN_IF_ERROR(reader.String("min_version", version));
  if (version == "tls1.0") {
    tls.min_version = TlsVersion::kTls10;
  } else if (version == "tls1.1") {
    tls.min_version = TlsVersion::kTls11;
  } else if (version == "tls1.2") {
    tls.min_version = TlsVersion::kTls12;
  } else if (version == "tls1.3") {
    tls.min_version = TlsVersion::kTls13;
  } else {
    return reader.Error("min_version", node["min_version"],
                        "must be tls1.0, tls1.1, tls1.2 or tls1.3, got '" + version + "'");
  }
  return Status::Ok();
}

Status ParseLogin(const FieldReader& top, const std::string& source, LoginConfig& login) {
  YAML::Node node = top.Get("login");
  if (!node) return Status::Ok();
  FieldReader reader(source, "login", node);
  IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"basic", "form", "username", "password"}));
  IOTMARK_RETURN_IF_ERROR(reader.Bool("basic", login.basic));
  IOTMARK_RETURN_IF_ERROR(reader.Bool("form", login.form));
  IOTMARK_RETURN_IF_ERROR(reader.String("username", login.username));
  IOTMARK_RETURN_IF_ERROR(reader.String("password", login.password));
  if (login.username.empty() || login.username.find(':') != std::string::npos) {
    return reader.Error("username", node["username"], "must be non-empty and contain no ':'");
  }
  if (login.password.empty()) {
    return reader.Error("password", node["password"], "must not be empty");
  }
  return Status::Ok();
}

Status ParseBruteForce(const FieldReader& top, const std::string& source,
                       BruteForceConfig& brute_force) {
  YAML::Node node = top.Get("brute_force");
  if (!node) return Status::Ok();
  FieldReader reader(source, "brute_force", node);
  IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"mode", "max_failures", "lockout_seconds",
                                            "delay_base_ms", "delay_factor", "delay_max_ms"}));
  std::string mode = "none";
  IOTMARK_RETURN_IF_ERROR(reader.String("mode", mode));
  if (mode == "none") {
    brute_force.mode = BruteForceMode::kNone;
  } else if (mode == "lockout") {
    brute_force.mode = BruteForceMode::kLockout;
  } else if (mode == "delay") {
    brute_force.mode = BruteForceMode::kDelay;
  } else {
    return reader.Error("mode", node["mode"], "must be none, lockout or delay, got '" + mode + "'");
  }
  IOTMARK_RETURN_IF_ERROR(reader.Int("max_failures", 1, 1000000, brute_force.max_failures));
  IOTMARK_RETURN_IF_ERROR(reader.Int("lockout_seconds", 1, 86400, brute_force.lockout_seconds));
  IOTMARK_RETURN_IF_ERROR(reader.Int("delay_base_ms", 0, 600000, brute_force.delay_base_ms));
  IOTMARK_RETURN_IF_ERROR(reader.Double("delay_factor", 1.0, 100.0, brute_force.delay_factor));
  IOTMARK_RETURN_IF_ERROR(reader.Int("delay_max_ms", 0, 600000, brute_force.delay_max_ms));
  return Status::Ok();
}

Status ParseSubFlags(const FieldReader& top, const std::string& source, SimDeviceConfig& config) {
  if (YAML::Node node = top.Get("firmware_update")) {
    FieldReader reader(source, "firmware_update", node);
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"require_signature", "persist_version"}));
    IOTMARK_RETURN_IF_ERROR(reader.Bool("require_signature", config.firmware_require_signature));
    IOTMARK_RETURN_IF_ERROR(reader.Bool("persist_version", config.firmware_persist_version));
  }
  if (YAML::Node node = top.Get("factory_reset")) {
    FieldReader reader(source, "factory_reset", node);
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"keep_updated_firmware"}));
    IOTMARK_RETURN_IF_ERROR(
        reader.Bool("keep_updated_firmware", config.factory_reset_keeps_updated_firmware));
  }
  if (YAML::Node node = top.Get("persistence")) {
    FieldReader reader(source, "persistence", node);
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"credentials", "settings"}));
    IOTMARK_RETURN_IF_ERROR(reader.Bool("credentials", config.persist_credentials));
    IOTMARK_RETURN_IF_ERROR(reader.Bool("settings", config.persist_settings));
  }
  return Status::Ok();
}

Status ParseSettings(const FieldReader& top, const std::string& source, SettingsMap& settings) {
  YAML::Node node = top.Get("default_settings");
  if (!node) return Status::Ok();
  FieldReader reader(source, "default_settings", node);
  if (!node.IsMap()) return top.Error("default_settings", node, "must be a mapping");
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (!entry.second.IsScalar()) return reader.Error(key, entry.second, "must be a scalar");
    const std::string& text = entry.second.Scalar();
    bool plain = entry.second.Tag() == "?";  // unquoted: may be a number or boolean
    nlohmann::json value = text;
    if (plain && (text == "true" || text == "false")) {
      value = text == "true";
    } else if (plain) {
      try {
        size_t used = 0;
        long long integer = std::stoll(text, &used);
        if (used == text.size()) value = integer;
      } catch (const std::exception&) {
      }
    }
    settings[key] = value.dump();
  }
  return Status::Ok();
}

Status ParseLoginServices(const FieldReader& top, const std::string& source,
                          LoginServicesConfig& services) {
  YAML::Node node = top.Get("login_services");
  if (!node) return Status::Ok();
  FieldReader reader(source, "login_services", node);
  IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"ssh", "telnet", "mqtt"}));
  for (auto [key, out] : {std::pair{"ssh", &services.ssh}, std::pair{"telnet", &services.telnet},
                          std::pair{"mqtt", &services.mqtt}}) {
    YAML::Node service = node[key];
    if (!service) continue;
    FieldReader item(source, std::string("login_services.") + key, service);
    IOTMARK_RETURN_IF_ERROR(item.CheckKeys({"enabled", "port"}));
    out->enabled = true;
    IOTMARK_RETURN_IF_ERROR(item.Bool("enabled", out->enabled));
    IOTMARK_RETURN_IF_ERROR(item.Port("port", true, out->port));
  }
  if (services.ssh.enabled) {
    return reader.Error("ssh", node["ssh"],
                        "the simulated SSH login is not implemented yet (use telnet or mqtt)");
  }
  return Status::Ok();
}

Status ParseExtraListeners(const FieldReader& top, const std::string& source,
                           SimDeviceConfig& config) {
  for (const char* name : {"extra_tcp", "extra_udp"}) {
    YAML::Node list = top.Get(name);
    if (!list) continue;
    if (!list.IsSequence()) return top.Error(name, list, "must be a list");
    for (size_t index = 0; index < list.size(); ++index) {
      std::string path = std::string(name) + "[" + std::to_string(index) + "]";
      FieldReader reader(source, path, list[index]);
      bool tcp = std::string(name) == "extra_tcp";
      std::string text_key = tcp ? "banner" : "reply";
      IOTMARK_RETURN_IF_ERROR(reader.CheckKeys({"port", text_key}));
      if (!list[index]["port"]) return reader.Error("port", list[index], "is required");
      std::uint16_t port = 0;
      std::string text;
      IOTMARK_RETURN_IF_ERROR(reader.Port("port", false, port));
      IOTMARK_RETURN_IF_ERROR(reader.String(text_key, text));
      if (tcp) {
        config.extra_tcp.push_back({port, text});
      } else {
        if (text.empty()) return reader.Error("reply", list[index], "must not be empty");
        config.extra_udp.push_back({port, text});
      }
    }
  }
  return Status::Ok();
}

Status ParseTop(const YAML::Node& root, const std::string& source,
                const std::filesystem::path& base_dir, SimDeviceConfig& config) {
  FieldReader top(source, "", root);
  IOTMARK_RETURN_IF_ERROR(top.CheckKeys({"listen_address",
                                         "http_port",
                                         "state_dir",
                                         "tls",
                                         "login",
                                         "default_password_accepted",
                                         "default_password",
                                         "force_password_change",
                                         "brute_force",
                                         "model_number",
                                         "show_model_number",
                                         "firmware_version",
                                         "show_firmware_version",
                                         "firmware_update",
                                         "factory_reset",
                                         "persistence",
                                         "default_settings",
                                         "extra_tcp",
                                         "extra_udp",
                                         "login_services"}));
  IOTMARK_RETURN_IF_ERROR(top.String("listen_address", config.listen_address));
  if (!net::IsLoopbackAddress(config.listen_address)) {
    return top.Error("listen_address", root["listen_address"],
                     "'" + config.listen_address +
                         "' is not a loopback address (127.0.0.0/8 or ::1); the simulated device "
                         "refuses to listen anywhere else");
  }
  if (!root["http_port"]) return top.Error("http_port", root, "is required");
  IOTMARK_RETURN_IF_ERROR(top.Port("http_port", true, config.http_port));
  std::string state_dir;
  IOTMARK_RETURN_IF_ERROR(top.String("state_dir", state_dir));
  if (!state_dir.empty()) {
    std::filesystem::path path(state_dir);
    config.state_dir = path.is_absolute() ? path : base_dir / path;
  }
  IOTMARK_RETURN_IF_ERROR(ParseTls(top, source, config.tls));
  IOTMARK_RETURN_IF_ERROR(ParseLogin(top, source, config.login));
  IOTMARK_RETURN_IF_ERROR(top.Bool("default_password_accepted", config.default_password_accepted));
  IOTMARK_RETURN_IF_ERROR(top.String("default_password", config.default_password));
  if (config.default_password.empty()) {
    return top.Error("default_password", root["default_password"], "must not be empty");
  }
  IOTMARK_RETURN_IF_ERROR(top.Bool("force_password_change", config.force_password_change));
  IOTMARK_RETURN_IF_ERROR(ParseBruteForce(top, source, config.brute_force));
  IOTMARK_RETURN_IF_ERROR(top.String("model_number", config.model_number));
  IOTMARK_RETURN_IF_ERROR(top.Bool("show_model_number", config.show_model_number));
  IOTMARK_RETURN_IF_ERROR(top.String("firmware_version", config.firmware_version));
  if (config.firmware_version.empty()) {
    return top.Error("firmware_version", root["firmware_version"], "must not be empty");
  }
  IOTMARK_RETURN_IF_ERROR(top.Bool("show_firmware_version", config.show_firmware_version));
  IOTMARK_RETURN_IF_ERROR(ParseSubFlags(top, source, config));
  config.default_settings["device_name"] = nlohmann::json(config.model_number).dump();
  IOTMARK_RETURN_IF_ERROR(ParseSettings(top, source, config.default_settings));
  IOTMARK_RETURN_IF_ERROR(ParseExtraListeners(top, source, config));
  IOTMARK_RETURN_IF_ERROR(ParseLoginServices(top, source, config.login_services));

  std::set<std::pair<bool, std::uint16_t>> used;
  auto claim = [&](bool tcp, std::uint16_t port, const std::string& field) -> Status {
    if (port == 0) return Status::Ok();
    if (!used.insert({tcp, port}).second) {
      return Status::InvalidArgument(source + ": field '" + field + "': " + (tcp ? "TCP" : "UDP") +
                                     " port " + std::to_string(port) + " is used twice");
    }
    return Status::Ok();
  };
  IOTMARK_RETURN_IF_ERROR(claim(true, config.http_port, "http_port"));
  if (config.tls.enabled) IOTMARK_RETURN_IF_ERROR(claim(true, config.tls.port, "tls.port"));
  for (auto [service, field] :
       {std::pair{&config.login_services.ssh, "login_services.ssh.port"},
        std::pair{&config.login_services.telnet, "login_services.telnet.port"},
        std::pair{&config.login_services.mqtt, "login_services.mqtt.port"}}) {
    if (service->enabled) IOTMARK_RETURN_IF_ERROR(claim(true, service->port, field));
  }
  for (size_t i = 0; i < config.extra_tcp.size(); ++i) {
    IOTMARK_RETURN_IF_ERROR(
        claim(true, config.extra_tcp[i].port, "extra_tcp[" + std::to_string(i) + "].port"));
  }
  for (size_t i = 0; i < config.extra_udp.size(); ++i) {
    IOTMARK_RETURN_IF_ERROR(
        claim(false, config.extra_udp[i].port, "extra_udp[" + std::to_string(i) + "].port"));
  }
  return Status::Ok();
}

}  // namespace

std::string TlsVersionName(TlsVersion version) {
  switch (version) {
    case TlsVersion::kTls10:
      return "tls1.0";
    case TlsVersion::kTls11:
      return "tls1.1";
    case TlsVersion::kTls12:
      return "tls1.2";
    case TlsVersion::kTls13:
      return "tls1.3";
  }
  return "tls1.2";
}

Result<SimDeviceConfig> ParseSimDeviceConfig(const std::string& yaml_text,
                                             const std::string& source_name,
                                             const std::filesystem::path& base_dir) {
  SimDeviceConfig config;
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root || root.IsNull()) {
      return Status::InvalidArgument(source_name + ": empty config (http_port is required)");
    }
    IOTMARK_RETURN_IF_ERROR(ParseTop(root, source_name, base_dir, config));
  } catch (const YAML::Exception& error) {
    return Status::ParseError(source_name + ":" + std::to_string(error.mark.line + 1) + ": " +
                              error.msg);
  }
  return config;
}

Result<SimDeviceConfig> LoadSimDeviceConfig(const std::filesystem::path& path) {
  Result<std::string> text = ReadFile(path, 1 << 20);
  if (!text.ok()) return text.status();
  std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  return ParseSimDeviceConfig(*text, path.string(), base);
}

}  // namespace iotmark::simdevice
