// The WebhookRepository (registry/webhook_repository.h) for every backend:
// table webhook_subscriptions, due checks against registry_changes (store
// migrations), portable SQL only (store/store.h). Lease is one
// `UPDATE … WHERE lease_until <= now`: SQLite runs it under its write lock,
// PostgreSQL re-checks the condition on the locked row (READ COMMITTED), so
// two servers never both get the lease.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_WEBHOOK_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_WEBHOOK_REPOSITORY_H_

#include "registry/webhook_repository.h"

namespace iotmark::persistence::portable {

class PortableWebhookRepository final : public registry::WebhookRepository {
 public:
  Result<std::int64_t> CountActive(store::Transaction& transaction,
                                   std::int64_t owner_user_id) override;
  Result<std::int64_t> Insert(store::Transaction& transaction,
                              const registry::WebhookSubscription& subscription) override;
  Result<std::vector<registry::WebhookSubscription>> List(
      store::Transaction& transaction, const std::optional<std::int64_t>& owner_user_id) override;
  Result<std::optional<registry::WebhookSubscription>> Find(store::Transaction& transaction,
                                                            std::int64_t id,
                                                            bool include_deleted) override;
  Status MarkDeleted(store::Transaction& transaction, std::int64_t id, TimePoint at) override;
  Result<bool> AnyDue(store::Transaction& transaction, TimePoint now) override;
  Result<std::vector<registry::DueWebhook>> ListDue(store::Transaction& transaction, TimePoint now,
                                                    int limit) override;
  Result<bool> Lease(store::Transaction& transaction, std::int64_t id, TimePoint now,
                     TimePoint until) override;
  Status RecordDelivered(store::Transaction& transaction, std::int64_t id, std::int64_t cursor,
                         std::int64_t newly_delivered, TimePoint at,
                         std::string_view result) override;
  Status RecordFailed(store::Transaction& transaction, std::int64_t id, int failures,
                      TimePoint next_attempt_at, TimePoint at, std::string_view result) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_WEBHOOK_REPOSITORY_H_
