#include "devtest/service_probes_identify.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "net/bytes_text.h"
#include "net/service_exchange.h"

namespace iotmark::devtest {
namespace {

// Sends one probe on a fresh connection and matches the reply as it grows.
// Returns false when the port could not be reached at all.
bool RunProbe(const ServiceProbes& probes, const std::string& host, std::uint16_t port,
              const std::string& probe_name, const std::string& payload, bool tls,
              std::chrono::milliseconds wait, const IdentifyOptions& options, Identification& out,
              std::optional<ServiceMatch>& soft) {
  net::ServiceExchangeRequest request;
  request.host = host;
  request.port = port;
  request.tls = tls;
  request.send = payload;
  request.connect_timeout = options.connect_timeout;
  request.wait = wait;
  request.idle_after_data = options.idle_after_data;
  std::optional<ServiceMatch> hard;
  request.enough = [&](const std::string& reply) {
    auto match = probes.Match(reply, probe_name);
    if (match && !match->soft) {
      hard = match;
      return true;
    }
    return false;
  };
  net::ServiceExchangeResult result = net::ExchangeWithService(request);
  out.exchanges.push_back({probe_name, tls, payload, result.reply, result.error});
  if (!result.connected || (tls && !result.tls_established)) return false;
  if (!hard && !result.reply.empty()) {
    auto match = probes.Match(result.reply, probe_name);
    if (match && !match->soft) hard = match;
    if (match && match->soft && !soft) soft = match;
  }
  if (hard) out.match = hard;
  return true;
}

// Probes one layer (plain or TLS); true when a hard match was found.
bool ProbeLayer(const ServiceProbes& probes, const std::string& host, std::uint16_t port, bool tls,
                const IdentifyOptions& options, Identification& out,
                std::optional<ServiceMatch>& soft, bool& saw_ssl) {
  if (!(options.skip_null && !tls) &&
      !RunProbe(probes, host, port, "NULL", "", tls, options.null_wait, options, out, soft)) {
    return false;
  }
  auto is_ssl = [](const std::optional<ServiceMatch>& match) {
    return match && match->service == "ssl";
  };
  if (out.match && !is_ssl(out.match)) return true;
  if (is_ssl(out.match) || is_ssl(soft)) saw_ssl = true;
  if (saw_ssl && !tls) return false;
  int sent = 0;
  for (const ServiceProbe* probe : probes.ProbesFor(port, tls, options.max_rarity)) {
    // After a softmatch, only probes that can name that service (like nmap).
    if (soft && soft->service != "ssl" && !probes.CanIdentify(*probe, soft->service)) continue;
    if (sent++ >= options.max_probes) break;
    auto wait = std::min(options.probe_wait, std::chrono::milliseconds(probe->total_wait_ms));
    if (!RunProbe(probes, host, port, probe->name, probe->payload, tls, wait, options, out, soft)) {
      if (tls) return false;  // the TLS layer went away: nothing more to learn there
      continue;
    }
    if (is_ssl(out.match) || is_ssl(soft)) {
      if (!tls) {
        saw_ssl = true;
        return false;
      }
      if (is_ssl(out.match)) out.match.reset();  // TLS inside TLS: keep looking
      continue;
    }
    if (out.match) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> VersionForMatching(std::string_view version) {
  std::size_t start = version.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  version = version.substr(start);
  version = version.substr(0, version.find_first_of(" \t\r\n"));
  if (version.empty() || !std::isdigit(static_cast<unsigned char>(version[0]))) return std::nullopt;
  if (version.find_first_of("xX*") != std::string_view::npos && version.find_first_of("xX*") > 0 &&
      version[version.find_first_of("xX*") - 1] == '.') {
    return std::nullopt;  // "3.X", "2.x": a guess at a series, not a version
  }
  return std::string(version);
}

std::string Identification::ServiceName() const {
  if (!match) return "";
  return (tls ? "ssl/" : "") + match->service;
}

nlohmann::json Identification::ToJson() const {
  nlohmann::json json = {{"port", port}, {"identified", match.has_value()}, {"tls", tls}};
  if (match) {
    json["service"] = ServiceName();
    json["product"] = match->product;
    json["version"] = match->version;
    json["info"] = match->info;
    json["cpes"] = match->cpes;
    json["soft_match"] = match->soft;
    json["matched_probe"] = match->probe;
    json["nmap_probe_line"] = match->line;
  }
  nlohmann::json exchanges = nlohmann::json::array();
  for (const ProbeExchange& exchange : this->exchanges) {
    nlohmann::json item = {{"probe", exchange.probe},
                           {"tls", exchange.tls},
                           {"sent", net::EscapeBytes(exchange.sent, 512)},
                           {"received", net::EscapeBytes(exchange.received, 1024)},
                           {"received_bytes", exchange.received.size()},
                           {"received_base64", net::Base64Bytes(exchange.received)}};
    if (!exchange.error.empty()) item["error"] = exchange.error;
    exchanges.push_back(std::move(item));
  }
  json["exchanges"] = std::move(exchanges);
  return json;
}

Identification IdentifyService(const ServiceProbes& probes, const std::string& host,
                               std::uint16_t port, const IdentifyOptions& options) {
  Identification out;
  out.port = port;
  std::optional<ServiceMatch> soft;
  bool saw_ssl = false;
  if (ProbeLayer(probes, host, port, false, options, out, soft, saw_ssl)) return out;
  if (saw_ssl) {
    out.match.reset();
    std::optional<ServiceMatch> inner_soft;
    bool inner_ssl = false;
    if (ProbeLayer(probes, host, port, true, options, out, inner_soft, inner_ssl)) {
      out.tls = true;
      return out;
    }
    if (inner_soft) {
      out.tls = true;
      out.match = inner_soft;
      return out;
    }
  }
  if (!out.match && soft) out.match = soft;
  return out;
}

}  // namespace iotmark::devtest
