// RegistryService: webhook subscriptions and the dispatcher's lease/cursor
// bookkeeping (the HTTP delivery itself is src/server/webhook_dispatcher).
#include "crypto/random.h"
#include "registry/service_internal.h"
#include "registry/webhooks.h"

namespace iotmark::registry {

using internal::FromSeconds;
using internal::Seconds;

namespace {

constexpr std::int64_t kMaxSubscriptionsPerUser = 20;

constexpr std::string_view kSubscriptionColumns =
    "SELECT id, owner_user_id, url, registration_number, cursor, created_at, "
    "consecutive_failures, next_attempt_at, last_attempt_at, last_result, delivered_changes "
    "FROM webhook_subscriptions ";

WebhookSubscription SubscriptionFromRow(const store::Row& row) {
  WebhookSubscription subscription;
  subscription.id = row.Int(0);
  subscription.owner_user_id = row.Int(1);
  subscription.url = row.Text(2);
  subscription.registration_number = row.OptionalText(3);
  subscription.cursor = row.Int(4);
  subscription.created_at = FromSeconds(row.Int(5));
  subscription.consecutive_failures = static_cast<int>(row.Int(6));
  subscription.next_attempt_at = FromSeconds(row.Int(7));
  subscription.last_attempt_at = internal::OptionalTime(row, 8);
  subscription.last_result = row.Text(9);
  subscription.delivered_changes = row.Int(10);
  return subscription;
}

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
      if (!label.ok()) return label.status().WithPrefix("registration_number");
    }
    auto count = transaction.QueryOne(
        "SELECT COUNT(*) FROM webhook_subscriptions WHERE owner_user_id = ? AND deleted_at IS NULL",
        {actor.user_id});
    if (!count.ok()) return count.status();
    if (*count && (*count)->Int(0) >= kMaxSubscriptionsPerUser) {
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
    auto id = transaction.InsertReturningId(
        "INSERT INTO webhook_subscriptions (owner_user_id, url, registration_number, secret, "
        "cursor, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {actor.user_id, input.url, store::NullableValue(input.registration_number),
         subscription.secret, subscription.cursor, Seconds(now), Seconds(now)});
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
    auto rows =
        SeesAll(actor)
            ? transaction.Query(
                  std::string(kSubscriptionColumns) + "WHERE deleted_at IS NULL ORDER BY id", {})
            : transaction.Query(std::string(kSubscriptionColumns) +
                                    "WHERE deleted_at IS NULL AND owner_user_id = ? "
                                    "ORDER BY id",
                                {actor.user_id});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) subscriptions.push_back(SubscriptionFromRow(row));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return subscriptions;
}

Status RegistryService::DeleteWebhook(const Principal& actor, std::int64_t id) {
  const TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(
        "SELECT owner_user_id FROM webhook_subscriptions WHERE id = ? AND deleted_at IS NULL",
        {id});
    if (!row.ok()) return row.status();
    if (!*row || ((*row)->Int(0) != actor.user_id && !actor.IsOperator())) {
      return Status::NotFound("webhook subscription " + std::to_string(id) +
                              " not found / 購読が見つかりません");
    }
    auto deleted = transaction.Execute(
        "UPDATE webhook_subscriptions SET deleted_at = ? WHERE id = ?", {Seconds(now), id});
    return deleted.status();
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
    auto due = transaction.QueryOne(
        "SELECT id FROM webhook_subscriptions WHERE deleted_at IS NULL AND next_attempt_at <= ? "
        "AND lease_until <= ? LIMIT 1",
        {Seconds(now), Seconds(now)});
    if (!due.ok()) return due.status();
    any_due = due->has_value();
    return Status::Ok();
  }));
  if (!any_due) return batches;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto due = transaction.Query(
        "SELECT s.id, s.url, s.secret, s.registration_number, s.cursor, s.consecutive_failures "
        "FROM webhook_subscriptions s WHERE s.deleted_at IS NULL AND s.next_attempt_at <= ? "
        "AND s.lease_until <= ? AND ("
        " (s.registration_number IS NULL AND EXISTS (SELECT 1 FROM registry_changes c "
        "  WHERE c.sequence > s.cursor)) OR "
        " (s.registration_number IS NOT NULL AND EXISTS (SELECT 1 FROM registry_changes c "
        "  WHERE c.registration_number = s.registration_number AND c.sequence > s.cursor))) "
        "ORDER BY s.next_attempt_at, s.id LIMIT ?",
        {Seconds(now), Seconds(now), std::int64_t{max_subscriptions}});
    if (!due.ok()) return due.status();
    for (const store::Row& row : *due) {
      WebhookBatch batch;
      batch.subscription_id = row.Int(0);
      batch.url = row.Text(1);
      batch.secret = row.Text(2);
      batch.previous_failures = static_cast<int>(row.Int(5));
      auto changes = internal::LoadChanges(impl_->repos(), transaction, row.Int(4), max_changes,
                                           row.OptionalText(3));
      if (!changes.ok()) return changes.status();
      if (changes->empty()) continue;
      batch.changes = std::move(changes).value();
      auto leased =
          transaction.Execute("UPDATE webhook_subscriptions SET lease_until = ? WHERE id = ?",
                              {Seconds(now + lease), batch.subscription_id});
      if (!leased.ok()) return leased.status();
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
    auto row = transaction.QueryOne(
        "SELECT cursor, consecutive_failures FROM webhook_subscriptions WHERE id = ?",
        {subscription_id});
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("webhook subscription not found");
    const std::string text(result.substr(0, 200));
    if (delivered) {
      // Never move the cursor back (a late duplicate completion).
      const std::int64_t previous = (*row)->Int(0);
      const std::int64_t cursor = std::max(previous, last_sequence);
      std::int64_t newly_delivered = 0;
      for (const RegistryChange& change : batch.changes)
        newly_delivered += change.sequence > previous;
      return transaction
          .Execute(
              "UPDATE webhook_subscriptions SET cursor = ?, consecutive_failures = 0, "
              "next_attempt_at = ?, lease_until = 0, last_attempt_at = ?, last_result = ?, "
              "delivered_changes = delivered_changes + ? WHERE id = ?",
              {cursor, Seconds(now), Seconds(now), text, newly_delivered, subscription_id})
          .status();
    }
    const int failures = static_cast<int>((*row)->Int(1)) + 1;
    return transaction
        .Execute(
            "UPDATE webhook_subscriptions SET consecutive_failures = ?, next_attempt_at = ?, "
            "lease_until = 0, last_attempt_at = ?, last_result = ? WHERE id = ?",
            {std::int64_t{failures}, Seconds(now + WebhookRetryDelay(failures)), Seconds(now), text,
             subscription_id})
        .status();
  });
}

}  // namespace iotmark::registry
