// RegistryService: webhook subscriptions and the dispatcher's lease/cursor
// bookkeeping (the HTTP delivery itself is src/server/webhook_dispatcher).
#include "crypto/random.h"
#include "registry/service_internal.h"
#include "registry/webhook_repository.h"
#include "registry/webhooks.h"

namespace iotmark::registry {

namespace {

constexpr std::int64_t kMaxSubscriptionsPerUser = 20;

bool SeesAll(const Principal& actor) { return actor.IsOperator() || actor.role == Role::kAuditor; }

}  // namespace

Result<WebhookSubscription> RegistryService::CreateWebhook(const Principal& actor,
                                                           const NewWebhook& input) {
  IOTMARK_RETURN_IF_ERROR(ValidateWebhookUrl(input.url, impl_->options.webhook_allow_non_loopback));
  const TimePoint now = impl_->Now();
  WebhookSubscription subscription;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    if (input.registration_number) {
      auto label =
          internal::LoadLabel(impl_->repos(), transaction, *input.registration_number, now, false);
      if (!label.ok()) return label.status().WithField("registration_number");
    }
    WebhookRepository& webhooks = *impl_->repos().webhooks;
    auto count = webhooks.CountActive(transaction, actor.user_id);
    if (!count.ok()) return count.status();
    if (*count >= kMaxSubscriptionsPerUser) {
      return Status::FailedPrecondition(
          "at most 20 webhook subscriptions per user; delete one first / 購読は1人20件まで");
    }
    auto latest = internal::LatestChangeSequence(impl_->repos(), transaction);
    if (!latest.ok()) return latest.status();
    subscription.owner_user_id = actor.user_id;
    subscription.url = input.url;
    subscription.registration_number = input.registration_number;
    subscription.secret = crypto::RandomToken(32);
    subscription.cursor = *latest;
    subscription.created_at = now;
    subscription.next_attempt_at = now;
    auto id = webhooks.Insert(transaction, subscription);
    if (!id.ok()) return id.status();
    subscription.id = *id;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return subscription;
}

Result<std::vector<WebhookSubscription>> RegistryService::ListWebhooks(const Principal& actor) {
  std::vector<WebhookSubscription> subscriptions;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto listed = impl_->repos().webhooks->List(
        transaction, SeesAll(actor) ? std::nullopt : std::optional<std::int64_t>(actor.user_id));
    if (!listed.ok()) return listed.status();
    subscriptions = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return subscriptions;
}

Status RegistryService::DeleteWebhook(const Principal& actor, std::int64_t id) {
  const TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) -> Status {
    WebhookRepository& webhooks = *impl_->repos().webhooks;
    auto found = webhooks.Find(transaction, id, /*include_deleted=*/false);
    if (!found.ok()) return found.status();
    if (!*found || ((*found)->owner_user_id != actor.user_id && !actor.IsOperator())) {
      return Status::NotFound("webhook subscription " + std::to_string(id) +
                              " not found / 購読が見つかりません");
    }
    return webhooks.MarkDeleted(transaction, id, now);
  });
}

Result<std::vector<WebhookBatch>> RegistryService::ClaimWebhookBatches(TimePoint now,
                                                                       int max_subscriptions,
                                                                       int max_changes,
                                                                       std::chrono::seconds lease) {
  std::vector<WebhookBatch> batches;
  // Most rounds find nothing due: find that out without taking the write lock.
  bool any_due = false;
  IOTMARK_RETURN_IF_ERROR(impl_->Read([&](store::Transaction& transaction) -> Status {
    auto due = impl_->repos().webhooks->AnyDue(transaction, now);
    if (!due.ok()) return due.status();
    any_due = *due;
    return Status::Ok();
  }));
  if (!any_due) return batches;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    batches.clear();
    WebhookRepository& webhooks = *impl_->repos().webhooks;
    auto due = webhooks.ListDue(transaction, now, max_subscriptions);
    if (!due.ok()) return due.status();
    for (DueWebhook& subscription : *due) {
      WebhookBatch batch;
      batch.subscription_id = subscription.id;
      batch.url = std::move(subscription.url);
      batch.secret = std::move(subscription.secret);
      batch.previous_failures = subscription.consecutive_failures;
      auto changes = internal::LoadChanges(impl_->repos(), transaction, subscription.cursor,
                                           max_changes, subscription.registration_number);
      if (!changes.ok()) return changes.status();
      if (changes->empty()) continue;
      batch.changes = std::move(changes).value();
      // Conditional: another server that leased it meanwhile keeps it.
      auto leased = webhooks.Lease(transaction, batch.subscription_id, now, now + lease);
      if (!leased.ok()) return leased.status();
      if (!*leased) continue;
      batches.push_back(std::move(batch));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return batches;
}

Status RegistryService::CompleteWebhookBatch(const WebhookBatch& batch, bool delivered,
                                             std::string_view result, TimePoint now) {
  if (batch.changes.empty()) return Status::InvalidArgument("an empty webhook batch");
  const std::int64_t subscription_id = batch.subscription_id;
  const std::int64_t last_sequence = batch.changes.back().sequence;
  return impl_->Write([&](store::Transaction& transaction) -> Status {
    WebhookRepository& webhooks = *impl_->repos().webhooks;
    auto found = webhooks.Find(transaction, subscription_id, /*include_deleted=*/true);
    if (!found.ok()) return found.status();
    if (!*found) return Status::NotFound("webhook subscription not found");
    const std::string text(result.substr(0, 200));
    if (delivered) {
      // Never move the cursor back (a late duplicate completion).
      const std::int64_t previous = (*found)->cursor;
      const std::int64_t cursor = std::max(previous, last_sequence);
      std::int64_t newly_delivered = 0;
      for (const RegistryChange& change : batch.changes)
        newly_delivered += change.sequence > previous;
      return webhooks.RecordDelivered(transaction, subscription_id, cursor, newly_delivered, now,
                                      text);
    }
    const int failures = (*found)->consecutive_failures + 1;
    return webhooks.RecordFailed(transaction, subscription_id, failures,
                                 now + WebhookRetryDelay(failures), now, text);
  });
}

}  // namespace iotmark::registry
