#include "server/webhook_dispatcher.h"

#include <spdlog/spdlog.h>

#include "common/log_text.h"
#include "net/http_client.h"
#include "registry/webhooks.h"

namespace iotmark::server {

Result<DispatchCounts> DeliverDueWebhooks(registry::RegistryService& registry, const Clock& clock,
                                          const WebhookDispatchOptions& options) {
  // The lease outlasts one delivery with its timeout, with room to spare.
  const auto lease =
      std::chrono::duration_cast<std::chrono::seconds>(options.timeout) + std::chrono::seconds(30);
  auto batches = registry.ClaimWebhookBatches(clock.Now(), options.max_subscriptions,
                                              options.max_changes, lease);
  if (!batches.ok()) return batches.status();
  DispatchCounts counts;
  for (const registry::WebhookBatch& batch : *batches) {
    const std::string body = registry::WebhookBody(batch, options.public_url);
    const std::int64_t sent_at =
        std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
    net::HttpRequest request;
    request.method = "POST";
    request.url = batch.url;
    request.body = body;
    request.timeout = options.timeout;
    request.allow_non_loopback = options.allow_non_loopback;
    request.headers = {
        {"Content-Type", "application/json"},
        {"User-Agent", "iotmark-webhook/1"},
        {"X-Iotmark-Delivery", std::to_string(batch.subscription_id) + "-" +
                                   std::to_string(batch.changes.back().sequence)},
        {"X-Iotmark-Signature", registry::WebhookSignatureHeader(batch.secret, sent_at, body)},
    };
    auto response = net::HttpFetch(request);
    const bool delivered = response.ok() && response->status >= 200 && response->status < 300;
    const std::string result =
        response.ok() ? std::to_string(response->status) : response.status().message();
    if (delivered) {
      ++counts.delivered;
    } else {
      ++counts.failed;
      spdlog::warn("webhook {} → {}: {} (attempt {})", batch.subscription_id, CutForLog(batch.url),
                   CutForLog(result),
                   batch.previous_failures + 1);
    }
    Status recorded = registry.CompleteWebhookBatch(batch, delivered, result, clock.Now());
    if (!recorded.ok()) {
      spdlog::warn("webhook {}: could not record the delivery: {}", batch.subscription_id,
                   CutForLog(recorded.ToString()));
    }
  }
  return counts;
}

}  // namespace iotmark::server
