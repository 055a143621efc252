// The registry's change stream: every change a mirror, an Atom reader or a
// webhook subscriber should hear about, one entry per affected label,
// numbered in commit order (`sequence`, strictly increasing, never reused).
//
// Kinds: the label event kinds (registry/types.h LabelEvent::kind: "issued",
// "extended", "expired", "withdrawn", "revoked", "surveillance-opened", …)
// plus "update-release", "vulnerability", "firmware-version",
// "disclosure-policy", and "baseline" (one per label that existed before the
// stream did). `status` is the label's stored status after the change.
#ifndef IOTMARK_REGISTRY_CHANGES_H_
#define IOTMARK_REGISTRY_CHANGES_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace iotmark::registry {

struct RegistryChange {
  std::int64_t sequence = 0;
  std::string registration_number;
  std::string kind;
  std::string status;
  TimePoint at;
  std::string summary;
};

struct ChangePage {
  std::vector<RegistryChange> changes;  // ascending sequence, all > the `since` asked
  std::int64_t latest_sequence = 0;     // newest sequence of the whole registry
  bool more = false;                    // more changes follow the last one returned
};

// One page of the signed bulk export (registry/label_export.h has the format).
struct LabelExportPage {
  std::string document;  // the signed JSON document
  std::int64_t since = 0;
  std::int64_t until = 0;  // sequence of the last record (== since when empty)
  std::int64_t latest_sequence = 0;
  bool more = false;
  std::size_t records = 0;
  std::optional<TimePoint> last_modified;  // newest change time in the page
};

// A webhook subscription: changes of one label, or of the whole registry
// when `registration_number` is empty, POSTed to `url`.
struct WebhookSubscription {
  std::int64_t id = 0;
  std::int64_t owner_user_id = 0;
  std::string url;
  std::optional<std::string> registration_number;
  std::string secret;       // only filled in the answer to its creation
  std::int64_t cursor = 0;  // last sequence delivered
  TimePoint created_at;
  int consecutive_failures = 0;
  TimePoint next_attempt_at;
  std::optional<TimePoint> last_attempt_at;
  std::string last_result;  // "200", "connection refused", …
  std::int64_t delivered_changes = 0;
};

struct NewWebhook {
  std::string url;
  std::optional<std::string> registration_number;
};

// What the dispatcher delivers for one subscription in one attempt. The
// subscription is leased to the caller until `lease_until`.
struct WebhookBatch {
  std::int64_t subscription_id = 0;
  std::string url;
  std::string secret;
  std::vector<RegistryChange> changes;  // ascending, non-empty
  int previous_failures = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_CHANGES_H_
