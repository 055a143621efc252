#include "registry/webhooks.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "crypto/hmac.h"

namespace iotmark::registry {
namespace {

constexpr std::size_t kMaxUrlBytes = 2000;

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Dotted-quad IPv4 with each part 0…255; sets `loopback` for 127.0.0.0/8.
bool ParseIpv4(std::string_view host, bool& loopback) {
  int parts = 0;
  int first = -1;
  while (true) {
    std::size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    if (!IsDigits(part) || part.size() > 3) return false;
    int value = 0;
    std::from_chars(part.data(), part.data() + part.size(), value);
    if (value > 255) return false;
    if (first < 0) first = value;
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  loopback = first == 127;
  return parts == 4;
}

Status UrlError(std::string_view why) {
  return Status::InvalidArgument(std::string(why)).WithField("url");
}

}  // namespace

Status ValidateWebhookUrl(std::string_view url, bool allow_non_loopback) {
  if (url.size() > kMaxUrlBytes) return UrlError("longer than 2000 bytes / 長すぎます");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return UrlError("contains spaces or control characters / 空白・制御文字は使えません");
    }
  }
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, 8) == "https://") {
    return UrlError("https delivery is not supported yet; use http:// / https は未対応です");
  }
  if (url.substr(0, kScheme.size()) != kScheme) {
    return UrlError("must start with http:// / http:// で始まる URL を指定してください");
  }
  std::string_view rest = url.substr(kScheme.size());
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view host = authority;
  std::string_view port;
  bool loopback = false;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return UrlError("unclosed [ in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return UrlError("unexpected text after ]");
      port = after.substr(1);
    }
    if (host.empty() ||
        host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) {
      return UrlError("the host must be an IP address literal / ホストは IP アドレスで指定");
    }
    loopback = host == "::1" || host == "0:0:0:0:0:0:0:1";
  } else {
    std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (!ParseIpv4(host, loopback)) {
      return UrlError(
          "the host must be an IPv4 or [IPv6] address literal (host names are not supported "
          "yet) / ホストは IP アドレスで指定してください");
    }
  }
  if (authority.find('@') != std::string_view::npos) return UrlError("user info is not allowed");
  const bool has_port_separator = !authority.empty() && authority.back() == ':';
  if (!port.empty() || has_port_separator) {
    int value = 0;
    if (IsDigits(port) && port.size() <= 5) {
      std::from_chars(port.data(), port.data() + port.size(), value);
    }
    if (value < 1 || value > 65535) return UrlError("the port must be 1…65535");
  }
  if (!loopback && !allow_non_loopback) {
    return UrlError(
        "only loopback receivers (127.0.0.0/8, [::1]) are allowed by this server "
        "(serve --webhook-allow-non-loopback) / このサーバーではループバック宛てのみ");
  }
  return Status::Ok();
}

nlohmann::json ChangeJson(const RegistryChange& change, std::string_view public_url) {
  return {{"sequence", change.sequence},
          {"registration_number", change.registration_number},
          {"kind", change.kind},
          {"status", change.status},
          {"at", FormatIso8601(change.at)},
          {"summary", change.summary},
          {"url", std::string(public_url) + "/labels/" + change.registration_number}};
}

std::string WebhookBody(const WebhookBatch& batch, std::string_view public_url) {
  nlohmann::json changes = nlohmann::json::array();
  for (const RegistryChange& change : batch.changes)
    changes.push_back(ChangeJson(change, public_url));
  return nlohmann::json{{"format", std::string(kWebhookFormat)},
                        {"subscription_id", batch.subscription_id},
                        {"changes", std::move(changes)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string WebhookSignatureHeader(std::string_view secret, std::int64_t timestamp,
                                   std::string_view body) {
  const std::string stamp = std::to_string(timestamp);
  std::string signed_text = stamp + ".";
  signed_text.append(body);
  return "t=" + stamp + ",v1=" + crypto::HmacSha256Hex(secret, signed_text);
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view header, std::string_view body,
                            TimePoint now, std::chrono::seconds tolerance) {
  if (header.substr(0, 2) != "t=") return false;
  std::size_t comma = header.find(",v1=");
  if (comma == std::string_view::npos) return false;
  std::string_view stamp = header.substr(2, comma - 2);
  std::string_view mac = header.substr(comma + 4);
  std::int64_t timestamp = 0;
  if (!IsDigits(stamp) || stamp.size() > 15) return false;
  std::from_chars(stamp.data(), stamp.data() + stamp.size(), timestamp);
  const auto sent = TimePoint(std::chrono::seconds(timestamp));
  if (sent > now + tolerance || sent + tolerance < now) return false;
  std::string expected = WebhookSignatureHeader(secret, timestamp, body);
  return crypto::ConstantTimeEquals(expected.substr(expected.find(",v1=") + 4), mac);
}

std::chrono::seconds WebhookRetryDelay(int failures) {
  if (failures < 1) return std::chrono::seconds(0);
  if (failures >= 12) return std::chrono::hours(1);
  return std::min<std::chrono::seconds>(std::chrono::seconds(1LL << failures),
                                        std::chrono::hours(1));
}

}  // namespace iotmark::registry
