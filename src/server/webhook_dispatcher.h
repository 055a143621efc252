// Delivers webhook batches: claims due subscriptions from the registry
// (leased, so several servers on one store never send the same batch at
// once), POSTs each batch signed with the subscription's secret
// (registry/webhooks.h has the wire format), and records the outcome, which
// moves the cursor or schedules a retry with exponential back-off.
//
// Receivers must be IP literals; loopback only unless the options allow more.
// Thread-safety: DeliverDueWebhooks may run on any thread; the serve loop runs
// it on one background thread.
#ifndef IOTMARK_SERVER_WEBHOOK_DISPATCHER_H_
#define IOTMARK_SERVER_WEBHOOK_DISPATCHER_H_

#include <chrono>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "registry/registry_service.h"

namespace iotmark::server {

struct WebhookDispatchOptions {
  std::string public_url;  // for the change URLs in the body
  bool allow_non_loopback = false;
  std::chrono::milliseconds timeout{5000};  // per delivery
  int max_subscriptions = 20;               // per round
  int max_changes = 100;                    // per delivery
};

struct DispatchCounts {
  int delivered = 0;  // batches answered 2xx
  int failed = 0;
};

// One round: every due batch is attempted once.
Result<DispatchCounts> DeliverDueWebhooks(registry::RegistryService& registry, const Clock& clock,
                                          const WebhookDispatchOptions& options);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_WEBHOOK_DISPATCHER_H_
