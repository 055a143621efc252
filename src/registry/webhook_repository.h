// WebhookRepository: storage of the webhook subscription aggregate: the
// subscription, its delivery cursor and retry state, and the lease that
// gives one dispatcher (of any server on the store) the right to deliver its
// next batch. See registry/repositories.h for the contract every repository
// keeps.
//
// Leases: Lease is one conditional update (taken only when the current lease
// has run out), so of several servers trying at once exactly one gets it,
// whatever the backend's transaction isolation.
#ifndef IOTMARK_REGISTRY_WEBHOOK_REPOSITORY_H_
#define IOTMARK_REGISTRY_WEBHOOK_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "registry/changes.h"
#include "store/store.h"

namespace iotmark::registry {

// A subscription due for delivery: what the dispatcher needs.
struct DueWebhook {
  std::int64_t id = 0;
  std::string url;
  std::string secret;
  std::optional<std::string> registration_number;
  std::int64_t cursor = 0;
  int consecutive_failures = 0;
};

class WebhookRepository {
 public:
  virtual ~WebhookRepository() = default;
  // Undeleted subscriptions of `owner_user_id`.
  virtual Result<std::int64_t> CountActive(store::Transaction& transaction,
                                           std::int64_t owner_user_id) = 0;
  // Stores a new subscription (id ignored; secret, cursor, created_at and
  // next_attempt_at kept); yields its id.
  virtual Result<std::int64_t> Insert(store::Transaction& transaction,
                                      const WebhookSubscription& subscription) = 0;
  // Undeleted subscriptions by ascending id: of one owner, or all when unset.
  // `secret` is not filled.
  virtual Result<std::vector<WebhookSubscription>> List(
      store::Transaction& transaction, const std::optional<std::int64_t>& owner_user_id) = 0;
  // The subscription; nullopt when unknown, or deleted unless
  // `include_deleted`. `secret` is not filled.
  virtual Result<std::optional<WebhookSubscription>> Find(store::Transaction& transaction,
                                                          std::int64_t id,
                                                          bool include_deleted) = 0;
  virtual Status MarkDeleted(store::Transaction& transaction, std::int64_t id, TimePoint at) = 0;

  // True when some undeleted subscription is due (next attempt and lease at
  // or before `now`), whether or not it has changes to deliver.
  virtual Result<bool> AnyDue(store::Transaction& transaction, TimePoint now) = 0;
  // Due subscriptions with at least one registry change after their cursor
  // (of their label, when they follow one), earliest next attempt first, at
  // most `limit`.
  virtual Result<std::vector<DueWebhook>> ListDue(store::Transaction& transaction, TimePoint now,
                                                  int limit) = 0;
  // Leases undeleted subscription `id` until `until` when its lease ran out
  // at `now`; false when another holder's lease is still running.
  virtual Result<bool> Lease(store::Transaction& transaction, std::int64_t id, TimePoint now,
                             TimePoint until) = 0;
  // A delivered batch: cursor to `cursor`, failures to 0, next attempt and
  // last attempt at `at`, lease released, delivered_changes += `newly_delivered`.
  virtual Status RecordDelivered(store::Transaction& transaction, std::int64_t id,
                                 std::int64_t cursor, std::int64_t newly_delivered, TimePoint at,
                                 std::string_view result) = 0;
  // A failed attempt: failures to `failures`, next attempt at `next_attempt_at`,
  // last attempt at `at`, lease released.
  virtual Status RecordFailed(store::Transaction& transaction, std::int64_t id, int failures,
                              TimePoint next_attempt_at, TimePoint at, std::string_view result) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_WEBHOOK_REPOSITORY_H_
