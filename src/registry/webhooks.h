// Webhook deliveries: what a subscription URL may be, the payload of one
// delivery, and the signature receivers check.
//
// A delivery is `POST <url>` with Content-Type application/json and
//   X-Iotmark-Delivery:  <subscription id>-<last sequence in the batch>
//   X-Iotmark-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>
// Body: { "format": "iotmark-webhook/1", "subscription_id": N,
//         "changes": [ { "sequence", "registration_number", "kind", "status",
//                        "at", "summary", "url" }, … ] }
// Delivery is at least once, in sequence order; a receiver drops sequences it
// has seen. Any 2xx answer acknowledges the batch. Pure functions, thread-safe.
#ifndef IOTMARK_REGISTRY_WEBHOOKS_H_
#define IOTMARK_REGISTRY_WEBHOOKS_H_

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "registry/changes.h"

namespace iotmark::registry {

inline constexpr std::string_view kWebhookFormat = "iotmark-webhook/1";

// Accepts `http://<IPv4 or [IPv6] literal>[:port][/path]`, at most 2000
// bytes; loopback hosts only unless `allow_non_loopback`. kInvalidArgument
// naming the field `url` otherwise (https and host names: not supported yet).
Status ValidateWebhookUrl(std::string_view url, bool allow_non_loopback);

// One change as the API and webhooks show it (the url is
// `<public_url>/labels/<regno>`).
nlohmann::json ChangeJson(const RegistryChange& change, std::string_view public_url);

// The delivery body for `batch`.
std::string WebhookBody(const WebhookBatch& batch, std::string_view public_url);

// "t=<timestamp>,v1=<hex>" for `body` sent at `timestamp` (Unix seconds).
std::string WebhookSignatureHeader(std::string_view secret, std::int64_t timestamp,
                                   std::string_view body);

// A receiver's check: the header parses, the MAC matches, and the timestamp
// is within `tolerance` of `now`.
bool VerifyWebhookSignature(std::string_view secret, std::string_view header, std::string_view body,
                            TimePoint now,
                            std::chrono::seconds tolerance = std::chrono::minutes(5));

// Seconds to wait after the `failures`-th consecutive failed attempt:
// 2, 4, 8, … capped at one hour.
std::chrono::seconds WebhookRetryDelay(int failures);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_WEBHOOKS_H_
