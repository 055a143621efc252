#include "devtest/target.h"

#include "devtest/target_vex.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <regex>
#include <set>
#include <tuple>

#include "common/files.h"
#include "common/utf8.h"
#include "net/address.h"
#include "net/udp_probes.h"

namespace iotmark::devtest {
namespace {

// Reads typed fields from one mapping and reports errors as
// "<file>:<line>: <field path>: <what>".
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  Status Error(const YAML::Node& node, const std::string& field, const std::string& what) const {
    int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    return Status::InvalidArgument(source_ + (line > 0 ? ":" + std::to_string(line) : "") + ": " +
                                   field + ": " + what);
  }

  Status CheckKeys(const YAML::Node& map, const std::string& field,
                   const std::set<std::string>& allowed) const {
    if (!map.IsMap()) return Error(map, field, "must be a mapping");
    for (const auto& entry : map) {
      std::string key = entry.first.Scalar();
      if (!allowed.count(key)) {
        return Error(entry.first, field.empty() ? key : field + "." + key, "unknown key");
      }
    }
    return Status::Ok();
  }

  Status String(const YAML::Node& map, const std::string& parent, const char* key, std::string& out,
                bool required) const {
    YAML::Node node = map[key];
    std::string field = parent.empty() ? key : parent + "." + key;
    if (!node.IsDefined() || node.IsNull()) {
      return required ? Error(map, field, "required") : Status::Ok();
    }
    if (!node.IsScalar()) return Error(node, field, "must be a string");
    out = node.Scalar();
    if (required && out.empty()) return Error(node, field, "must not be empty");
    return Status::Ok();
  }

  Status Int(const YAML::Node& map, const std::string& parent, const char* key, int& out, int min,
             int max) const {
    YAML::Node node = map[key];
    std::string field = parent.empty() ? key : parent + "." + key;
    if (!node.IsDefined() || node.IsNull()) return Status::Ok();
    try {
      out = node.as<int>();
    } catch (const YAML::Exception&) {
      return Error(node, field, "must be an integer");
    }
    if (out < min || out > max) {
      return Error(node, field,
                   "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return Status::Ok();
  }

  Status Double(const YAML::Node& map, const char* key, double& out, double min, double max) const {
    YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return Status::Ok();
    try {
      out = node.as<double>();
    } catch (const YAML::Exception&) {
      return Error(node, key, "must be a number");
    }
    if (!(out >= min && out <= max)) {
      return Error(node, key,
                   "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return Status::Ok();
  }

  // `default_ports`: what the item "default" stands for (nullptr: not allowed).
  Status Ports(const YAML::Node& map, const std::string& parent, const char* key,
               std::vector<std::uint16_t>& out,
               const std::vector<std::uint16_t>* default_ports = nullptr) const {
    YAML::Node node = map[key];
    std::string field = parent + "." + key;
    if (!node.IsDefined() || node.IsNull()) return Status::Ok();
    if (!node.IsSequence()) return Error(node, field, "must be a list of port numbers");
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::string item_field = field + "[" + std::to_string(i) + "]";
      YAML::Node item = node[i];
      // "8000-8010" ranges are allowed in lists too.
      std::string text = item.IsScalar() ? item.Scalar() : "";
      if (default_ports && text == "default") {
        out.insert(out.end(), default_ports->begin(), default_ports->end());
        continue;
      }
      std::size_t dash = text.find('-');
      try {
        if (dash != std::string::npos && dash > 0) {
          int first = std::stoi(text.substr(0, dash));
          int last = std::stoi(text.substr(dash + 1));
          if (first < 1 || last > 65535 || first > last) throw std::out_of_range("range");
          for (int port = first; port <= last; ++port)
            out.push_back(static_cast<std::uint16_t>(port));
          continue;
        }
        int port = item.as<int>();
        if (port < 1 || port > 65535) return Error(item, item_field, "must be 1..65535");
        out.push_back(static_cast<std::uint16_t>(port));
      } catch (const std::exception&) {
        return Error(item, item_field, "must be a port number (1..65535) or a range 'A-B'");
      }
    }
    return Status::Ok();
  }

  // The URL's host must be the target's (host or host_ipv6; any loopback
  // literal for a loopback target): the authorization covers that device only.
  Status TargetUrl(const YAML::Node& map, const std::string& field, const std::string& url,
                   const char* scheme_required, const Target& target) const {
    std::string rest;
    for (const char* scheme : {"http://", "https://"}) {
      if (url.rfind(scheme, 0) == 0) rest = url.substr(std::string(scheme).size());
    }
    if (rest.empty()) return Error(map, field, "must start with http:// or https://");
    if (scheme_required && url.rfind(scheme_required, 0) != 0) {
      return Error(map, field, std::string("must start with ") + scheme_required);
    }
    std::string host;
    if (!rest.empty() && rest[0] == '[') {
      host = rest.substr(1, rest.find(']') - 1);
    } else {
      host = rest.substr(0, rest.find_first_of(":/"));
    }
    if (std::size_t zone = host.find("%25"); zone != std::string::npos) host.erase(zone + 1, 2);
    auto same = [](const std::string& a, const std::string& b) {
      return !a.empty() && a.size() == b.size() &&
             std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
             });
    };
    if (IsLoopbackTarget(target) && net::IsLoopbackAddress(host)) return Status::Ok();
    if (same(host, target.host) || same(host, target.host_ipv6)) return Status::Ok();
    return Error(map, field,
                 "host '" + host + "' is not the target's host (" + target.host +
                     (target.host_ipv6.empty() ? "" : " or " + target.host_ipv6) +
                     "); the device test only talks to the authorised device");
  }

 private:
  std::string source_;
};

// ---------------------------------------------------------------------------
// login: (issue 10 §3, logins beyond HTTP). Kept in one block so the
// parsers of other sections merge without touching it.
// ---------------------------------------------------------------------------
Status ParseLoginSection(const YAML::Node& node, const Reader& reader, Target& target) {
  IOTMARK_RETURN_IF_ERROR(
      reader.CheckKeys(node, "login",
                       {"kind", "path", "username", "password", "username_field", "password_field",
                        "success_marker", "port", "login_prompt", "password_prompt",
                        "success_pattern", "failure_pattern", "client_id"}));
  LoginSection login;
  std::string kind = "http-basic";
  IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", "kind", kind, false));
  static const std::pair<const char*, LoginKind> kKinds[] = {
      {"http-basic", LoginKind::kHttpBasic},   {"http-form", LoginKind::kHttpForm},
      {"http-digest", LoginKind::kHttpDigest}, {"ssh-password", LoginKind::kSshPassword},
      {"telnet", LoginKind::kTelnet},          {"mqtt", LoginKind::kMqtt}};
  bool known = false;
  for (const auto& [name, value] : kKinds) {
    if (kind == name) login.kind = value, known = true;
  }
  if (!known) {
    return reader.Error(node["kind"], "login.kind",
                        "'" + kind +
                            "' is not one of http-basic, http-form, http-digest, ssh-password, "
                            "telnet, mqtt");
  }
  IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", "path", login.path, false));
  IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", "username", login.username, true));
  // The password must be given; it may be empty only in the sense of "" being refused later.
  if (!node["password"].IsDefined() || node["password"].IsNull()) {
    return reader.Error(node, "login.password", "required");
  }
  IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", "password", login.password, true));
  IOTMARK_RETURN_IF_ERROR(
      reader.String(node, "login", "username_field", login.username_field, false));
  IOTMARK_RETURN_IF_ERROR(
      reader.String(node, "login", "password_field", login.password_field, false));
  IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", "success_marker", login.success_marker,
                                        login.kind == LoginKind::kHttpForm));
  int port = 0;
  IOTMARK_RETURN_IF_ERROR(reader.Int(node, "login", "port", port, 1, 65535));
  login.port = static_cast<std::uint16_t>(port);
  if (port != 0 && IsHttpLogin(login.kind)) {
    return reader.Error(node["port"], "login.port",
                        "only for ssh-password, telnet and mqtt (HTTP logins use web.base_url)");
  }
  for (auto [key, out] : {std::pair{"login_prompt", &login.login_prompt},
                          std::pair{"password_prompt", &login.password_prompt},
                          std::pair{"success_pattern", &login.success_pattern},
                          std::pair{"failure_pattern", &login.failure_pattern}}) {
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", key, *out, false));
    try {
      std::regex check(*out, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& error) {
      return reader.Error(node[key], std::string("login.") + key,
                          "not a valid regular expression: " + std::string(error.what()));
    }
  }
  IOTMARK_RETURN_IF_ERROR(reader.String(node, "login", "client_id", login.mqtt_client_id, false));
  if (IsHttpLogin(login.kind) && !target.web) {
    return reader.Error(node, "login.kind", "an HTTP login (" + kind + ") needs the web section");
  }
  target.login = login;
  return Status::Ok();
}

Status ParseSections(const YAML::Node& root, const Reader& reader, Target& target) {
  IOTMARK_RETURN_IF_ERROR(
      reader.CheckKeys(root, "",
                       {"host", "host_ipv6", "authorization", "model_number", "declared_ports",
                        "web", "login", "power_cycle", "factory_reset", "firmware_update",
                        "vulndb", "cvss_threshold", "brute_force", "settings", "scan", "tls",
                        "default_passwords_file", "vex"}));
  IOTMARK_RETURN_IF_ERROR(ParseVexSection(root["vex"], target.file.string(), target.vex));
  IOTMARK_RETURN_IF_ERROR(reader.String(root, "", "host", target.host, true));
  if (std::string why = net::HostSyntaxError(target.host); !why.empty()) {
    return reader.Error(root["host"], "host",
                        "'" + target.host + "' " + why +
                            " (an IPv4/IPv6 literal such as 192.168.1.20 or fe80::1%eth0, or a "
                            "host name)");
  }
  IOTMARK_RETURN_IF_ERROR(reader.String(root, "", "host_ipv6", target.host_ipv6, false));
  if (!target.host_ipv6.empty() && !net::IsIpv6Literal(target.host_ipv6)) {
    return reader.Error(root["host_ipv6"], "host_ipv6",
                        "'" + target.host_ipv6 + "' is not an IPv6 literal");
  }
  if (YAML::Node node = root["authorization"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(
        reader.CheckKeys(node, "authorization", {"authorized_by", "device_owner", "date"}));
    Authorization authorization;
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "authorization", "authorized_by",
                                          authorization.authorized_by, true));
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "authorization", "device_owner",
                                          authorization.device_owner, true));
    IOTMARK_RETURN_IF_ERROR(
        reader.String(node, "authorization", "date", authorization.date, true));
    static const std::regex kDate(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
    if (!std::regex_match(authorization.date, kDate)) {
      return reader.Error(node["date"], "authorization.date",
                          "'" + authorization.date + "' must be a date YYYY-MM-DD");
    }
    target.authorization = authorization;
  }
  bool loopback = net::IsLoopbackAddress(target.host) &&
                  (target.host_ipv6.empty() || net::IsLoopbackAddress(target.host_ipv6));
  if (!loopback && !target.authorization) {
    return reader.Error(root["host"], "host",
                        "'" + target.host +
                            "' is outside loopback: the target file needs an `authorization` "
                            "section {authorized_by, device_owner, date} saying who allowed "
                            "this test of whose device, and when (docs/target-format.md)");
  }
  IOTMARK_RETURN_IF_ERROR(reader.String(root, "", "model_number", target.model_number, false));
  IOTMARK_RETURN_IF_ERROR(reader.String(root, "", "vulndb", target.vulndb, false));
  IOTMARK_RETURN_IF_ERROR(
      reader.String(root, "", "default_passwords_file", target.default_passwords_file, false));
  IOTMARK_RETURN_IF_ERROR(reader.Double(root, "cvss_threshold", target.cvss_threshold, 0.1, 10.0));

  if (YAML::Node node = root["declared_ports"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(node, "declared_ports", {"tcp", "udp"}));
    DeclaredPorts ports;
    IOTMARK_RETURN_IF_ERROR(reader.Ports(node, "declared_ports", "tcp", ports.tcp));
    IOTMARK_RETURN_IF_ERROR(reader.Ports(node, "declared_ports", "udp", ports.udp));
    target.declared_ports = ports;
  }
  if (YAML::Node node = root["web"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(
        reader.CheckKeys(node, "web", {"base_url", "model_page", "version_page"}));
    WebSection web;
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "web", "base_url", web.base_url, true));
    IOTMARK_RETURN_IF_ERROR(
        reader.TargetUrl(node["base_url"], "web.base_url", web.base_url, nullptr, target));
    while (!web.base_url.empty() && web.base_url.back() == '/') web.base_url.pop_back();
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "web", "model_page", web.model_page, false));
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "web", "version_page", web.version_page, false));
    target.web = web;
  }
  if (YAML::Node node = root["login"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(ParseLoginSection(node, reader, target));
  }
  for (auto [key, out] : {std::pair{"power_cycle", &target.power_cycle},
                          std::pair{"factory_reset", &target.factory_reset}}) {
    YAML::Node node = root[key];
    if (!node.IsDefined() || node.IsNull()) continue;
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(node, key, {"command", "ready_timeout_s"}));
    CommandSection section;
    IOTMARK_RETURN_IF_ERROR(reader.String(node, key, "command", section.command, true));
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, key, "ready_timeout_s", section.ready_timeout_s, 1, 3600));
    *out = section;
  }
  if (YAML::Node node = root["firmware_update"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(node, "firmware_update",
                                             {"command", "expected_version", "tampered_command"}));
    FirmwareUpdateSection firmware;
    IOTMARK_RETURN_IF_ERROR(
        reader.String(node, "firmware_update", "command", firmware.command, true));
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "firmware_update", "expected_version",
                                          firmware.expected_version, true));
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "firmware_update", "tampered_command",
                                          firmware.tampered_command, false));
    target.firmware_update = firmware;
  }
  if (YAML::Node node = root["brute_force"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(
        node, "brute_force",
        {"attempts", "lockout_after", "min_delay_ms", "request_timeout_ms", "recovery_timeout_s",
         "parallel", "parallel_attempts", "max_guesses_per_minute"}));
    BruteForceSection& bf = target.brute_force;
    IOTMARK_RETURN_IF_ERROR(reader.Int(node, "brute_force", "attempts", bf.attempts, 1, 1000));
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, "brute_force", "lockout_after", bf.lockout_after, 1, 1000));
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, "brute_force", "min_delay_ms", bf.min_delay_ms, 1, 600000));
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, "brute_force", "request_timeout_ms", bf.request_timeout_ms, 100, 600000));
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, "brute_force", "recovery_timeout_s", bf.recovery_timeout_s, 1, 86400));
    IOTMARK_RETURN_IF_ERROR(reader.Int(node, "brute_force", "parallel", bf.parallel, 1, 64));
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, "brute_force", "parallel_attempts", bf.parallel_attempts, 1, 10000));
    if (YAML::Node bound = node["max_guesses_per_minute"]; bound.IsDefined() && !bound.IsNull()) {
      try {
        bf.max_guesses_per_minute = bound.as<double>();
      } catch (const YAML::Exception&) {
        return reader.Error(bound, "brute_force.max_guesses_per_minute", "must be a number");
      }
      if (!(bf.max_guesses_per_minute > 0 && bf.max_guesses_per_minute <= 1e6)) {
        return reader.Error(bound, "brute_force.max_guesses_per_minute",
                            "must be a number above 0 (guesses per minute)");
      }
    }
    if (bf.parallel_attempts < bf.parallel) {
      return reader.Error(node, "brute_force.parallel_attempts", "must be at least `parallel`");
    }
    if (bf.attempts <= bf.lockout_after) {
      return reader.Error(node, "brute_force.attempts", "must be larger than lockout_after");
    }
  }
  if (YAML::Node node = root["settings"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(
        node, "settings",
        {"path", "password_path", "key", "value", "new_password", "password_command"}));
    SettingsSection settings;
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "settings", "path", settings.path, false));
    IOTMARK_RETURN_IF_ERROR(
        reader.String(node, "settings", "password_path", settings.password_path, false));
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "settings", "key", settings.key, false));
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "settings", "value", settings.value, false));
    IOTMARK_RETURN_IF_ERROR(
        reader.String(node, "settings", "new_password", settings.new_password, false));
    IOTMARK_RETURN_IF_ERROR(
        reader.String(node, "settings", "password_command", settings.password_command, false));
    target.settings = settings;
  }
  if (YAML::Node node = root["scan"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(
        node, "scan", {"tcp", "udp", "timeout_ms", "max_unanswered_percent"}));
    static const std::vector<std::uint16_t> kAllTcp = [] {
      std::vector<std::uint16_t> ports;
      for (int port = 1; port <= 65535; ++port) ports.push_back(static_cast<std::uint16_t>(port));
      return ports;
    }();
    static const std::vector<std::uint16_t> kDefaultUdp = net::DefaultUdpPorts();
    for (auto [key, out, defaults] :
         {std::tuple{"tcp", &target.scan.tcp, &kAllTcp},
          std::tuple{"udp", &target.scan.udp, &kDefaultUdp}}) {
      if (!node[key].IsDefined() || node[key].IsNull()) continue;
      std::vector<std::uint16_t> ports;
      IOTMARK_RETURN_IF_ERROR(reader.Ports(node, "scan", key, ports, defaults));
      std::sort(ports.begin(), ports.end());
      ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
      *out = std::move(ports);
    }
    IOTMARK_RETURN_IF_ERROR(
        reader.Int(node, "scan", "timeout_ms", target.scan.timeout_ms, 10, 60000));
    YAML::Node percent = node["max_unanswered_percent"];
    if (percent.IsDefined() && !percent.IsNull()) {
      double value = -1;
      try {
        value = percent.as<double>();
      } catch (const YAML::Exception&) {
      }
      if (!(value >= 0 && value <= 100)) {
        return reader.Error(percent, "scan.max_unanswered_percent", "must be a number 0..100");
      }
      target.scan.max_unanswered_percent = value;
    }
  }
  if (YAML::Node node = root["tls"]; node.IsDefined() && !node.IsNull()) {
    IOTMARK_RETURN_IF_ERROR(reader.CheckKeys(node, "tls", {"base_url"}));
    TlsSection tls;
    IOTMARK_RETURN_IF_ERROR(reader.String(node, "tls", "base_url", tls.base_url, true));
    IOTMARK_RETURN_IF_ERROR(
        reader.TargetUrl(node["base_url"], "tls.base_url", tls.base_url, "https://", target));
    while (!tls.base_url.empty() && tls.base_url.back() == '/') tls.base_url.pop_back();
    target.tls = tls;
  }
  return Status::Ok();
}

}  // namespace

std::string_view LoginKindName(LoginKind kind) {
  switch (kind) {
    case LoginKind::kHttpBasic:
      return "http-basic";
    case LoginKind::kHttpForm:
      return "http-form";
    case LoginKind::kHttpDigest:
      return "http-digest";
    case LoginKind::kSshPassword:
      return "ssh-password";
    case LoginKind::kTelnet:
      return "telnet";
    case LoginKind::kMqtt:
      return "mqtt";
  }
  return "http-basic";
}

bool IsHttpLogin(LoginKind kind) {
  return kind == LoginKind::kHttpBasic || kind == LoginKind::kHttpForm ||
         kind == LoginKind::kHttpDigest;
}

std::uint16_t LoginSection::EffectivePort() const {
  if (port != 0) return port;
  switch (kind) {
    case LoginKind::kSshPassword:
      return 22;
    case LoginKind::kTelnet:
      return 23;
    case LoginKind::kMqtt:
      return 1883;
    default:
      return 0;
  }
}

Result<Target> ParseTarget(std::string_view text, const std::filesystem::path& source) {
  Target target;
  target.file = source;
  Reader reader(source.string());
  // yaml-cpp passes bad bytes through (and mangles a NUL into the next
  // byte), so they are refused here with their position.
  std::optional<std::size_t> bad = FindInvalidUtf8(text);
  const char* what = "invalid UTF-8";
  if (!bad) {
    bad = FindYamlControlCharacter(text);
    what = "a control character YAML does not allow";
  }
  if (bad) {
    TextPosition position = PositionOfOffset(text, *bad);
    return Status::ParseError(source.string() + ":" + std::to_string(position.line) + ":" +
                              std::to_string(position.column) + ": " + what + " (byte offset " +
                              std::to_string(*bad) + ")");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& error) {
    return Status::ParseError(source.string() + ":" + std::to_string(error.mark.line + 1) +
                              ": not valid YAML: " + error.msg);
  }
  if (!root.IsMap()) {
    return Status::InvalidArgument(source.string() + ": the target file must be a YAML mapping");
  }
  try {
    IOTMARK_RETURN_IF_ERROR(ParseSections(root, reader, target));
  } catch (const YAML::Exception& error) {
    return Status::InvalidArgument(source.string() + ":" + std::to_string(error.mark.line + 1) +
                                   ": " + error.msg);
  }
  std::filesystem::path base = source.parent_path();
  auto resolve = [&base](std::string& path) {
    if (!path.empty() && std::filesystem::path(path).is_relative()) {
      path = (base / path).lexically_normal().string();
    }
  };
  resolve(target.vulndb);
  resolve(target.default_passwords_file);
  return target;
}

bool IsLoopbackTarget(const Target& target) {
  return net::IsLoopbackAddress(target.host) &&
         (target.host_ipv6.empty() || net::IsLoopbackAddress(target.host_ipv6));
}

std::vector<std::string> LiteralAddresses(const Target& target) {
  std::vector<std::string> addresses;
  if (net::IsIpLiteral(target.host)) addresses.push_back(target.host);
  if (!target.host_ipv6.empty() &&
      std::find(addresses.begin(), addresses.end(), target.host_ipv6) == addresses.end()) {
    addresses.push_back(target.host_ipv6);
  }
  return addresses;
}

Status CheckTargetAllowed(const Target& target, bool allow_public,
                          const std::vector<std::string>& resolved) {
  if (!IsLoopbackTarget(target) && !target.authorization) {
    return Status::InvalidArgument(target.file.string() + ": host '" + target.host +
                                   "' is outside loopback and the target file has no "
                                   "`authorization` section (docs/target-format.md)");
  }
  if (allow_public) return Status::Ok();
  std::vector<std::string> addresses = LiteralAddresses(target);
  addresses.insert(addresses.end(), resolved.begin(), resolved.end());
  for (const std::string& address : addresses) {
    if (net::IsGloballyRoutable(address)) {
      return Status::InvalidArgument(
          target.file.string() + ": " + address + (address == target.host ? "" : " (of " + target.host + ")") +
          " is a public (globally routable) address; testing it needs "
          "`devtest run --allow-public-target` as well as the `authorization` section");
    }
  }
  return Status::Ok();
}

Result<Target> LoadTarget(const std::filesystem::path& path) {
  auto text = ReadFile(path, 1u << 20);
  if (!text.ok()) return text.status();
  return ParseTarget(*text, path);
}

}  // namespace iotmark::devtest
