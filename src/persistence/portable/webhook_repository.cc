#include "persistence/portable/webhook_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::WebhookSubscription;

namespace {

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
  subscription.last_attempt_at = OptionalTime(row, 8);
  subscription.last_result = row.Text(9);
  subscription.delivered_changes = row.Int(10);
  return subscription;
}

Status MustChange(Result<std::int64_t> changed, std::int64_t id) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) {
    return Status::NotFound("webhook subscription " + std::to_string(id) + " not found");
  }
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> PortableWebhookRepository::CountActive(store::Transaction& transaction,
                                                            std::int64_t owner_user_id) {
  auto count = transaction.QueryOne(
      "SELECT COUNT(*) FROM webhook_subscriptions WHERE owner_user_id = ? AND deleted_at IS NULL",
      {owner_user_id});
  if (!count.ok()) return count.status();
  return *count ? (*count)->Int(0) : 0;
}

Result<std::int64_t> PortableWebhookRepository::Insert(store::Transaction& transaction,
                                                       const WebhookSubscription& s) {
  return transaction.InsertReturningId(
      "INSERT INTO webhook_subscriptions (owner_user_id, url, registration_number, secret, "
      "cursor, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {s.owner_user_id, s.url, store::NullableValue(s.registration_number), s.secret, s.cursor,
       Seconds(s.created_at), Seconds(s.next_attempt_at)});
}

Result<std::vector<WebhookSubscription>> PortableWebhookRepository::List(
    store::Transaction& transaction, const std::optional<std::int64_t>& owner_user_id) {
  auto rows =
      owner_user_id
          ? transaction.Query(std::string(kSubscriptionColumns) +
                                  "WHERE deleted_at IS NULL AND owner_user_id = ? "
                                  "ORDER BY id",
                              {*owner_user_id})
          : transaction.Query(
                std::string(kSubscriptionColumns) + "WHERE deleted_at IS NULL ORDER BY id", {});
  if (!rows.ok()) return rows.status();
  std::vector<WebhookSubscription> subscriptions;
  for (const store::Row& row : *rows) subscriptions.push_back(SubscriptionFromRow(row));
  return subscriptions;
}

Result<std::optional<WebhookSubscription>> PortableWebhookRepository::Find(
    store::Transaction& transaction, std::int64_t id, bool include_deleted) {
  auto row = transaction.QueryOne(
      std::string(kSubscriptionColumns) +
          (include_deleted ? "WHERE id = ?" : "WHERE id = ? AND deleted_at IS NULL"),
      {id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<WebhookSubscription>();
  return std::optional<WebhookSubscription>(SubscriptionFromRow(**row));
}

Status PortableWebhookRepository::MarkDeleted(store::Transaction& transaction, std::int64_t id,
                                              TimePoint at) {
  return transaction
      .Execute("UPDATE webhook_subscriptions SET deleted_at = ? WHERE id = ?", {Seconds(at), id})
      .status();
}

Result<bool> PortableWebhookRepository::AnyDue(store::Transaction& transaction, TimePoint now) {
  auto due = transaction.QueryOne(
      "SELECT id FROM webhook_subscriptions WHERE deleted_at IS NULL AND next_attempt_at <= ? "
      "AND lease_until <= ? LIMIT 1",
      {Seconds(now), Seconds(now)});
  if (!due.ok()) return due.status();
  return due->has_value();
}

Result<std::vector<registry::DueWebhook>> PortableWebhookRepository::ListDue(
    store::Transaction& transaction, TimePoint now, int limit) {
  auto rows = transaction.Query(
      "SELECT s.id, s.url, s.secret, s.registration_number, s.cursor, s.consecutive_failures "
      "FROM webhook_subscriptions s WHERE s.deleted_at IS NULL AND s.next_attempt_at <= ? "
      "AND s.lease_until <= ? AND ("
      " (s.registration_number IS NULL AND EXISTS (SELECT 1 FROM registry_changes c "
      "  WHERE c.sequence > s.cursor)) OR "
      " (s.registration_number IS NOT NULL AND EXISTS (SELECT 1 FROM registry_changes c "
      "  WHERE c.registration_number = s.registration_number AND c.sequence > s.cursor))) "
      "ORDER BY s.next_attempt_at, s.id LIMIT ?",
      {Seconds(now), Seconds(now), std::int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<registry::DueWebhook> due;
  for (const store::Row& row : *rows) {
    due.push_back(registry::DueWebhook{row.Int(0), row.Text(1), row.Text(2), row.OptionalText(3),
                                       row.Int(4), static_cast<int>(row.Int(5))});
  }
  return due;
}

Result<bool> PortableWebhookRepository::Lease(store::Transaction& transaction, std::int64_t id,
                                              TimePoint now, TimePoint until) {
  auto changed = transaction.Execute(
      "UPDATE webhook_subscriptions SET lease_until = ? "
      "WHERE id = ? AND deleted_at IS NULL AND lease_until <= ?",
      {Seconds(until), id, Seconds(now)});
  if (!changed.ok()) return changed.status();
  return *changed == 1;
}

Status PortableWebhookRepository::RecordDelivered(store::Transaction& transaction, std::int64_t id,
                                                  std::int64_t cursor, std::int64_t newly_delivered,
                                                  TimePoint at, std::string_view result) {
  return MustChange(
      transaction.Execute(
          "UPDATE webhook_subscriptions SET cursor = ?, consecutive_failures = 0, "
          "next_attempt_at = ?, lease_until = 0, last_attempt_at = ?, last_result = ?, "
          "delivered_changes = delivered_changes + ? WHERE id = ?",
          {cursor, Seconds(at), Seconds(at), std::string(result), newly_delivered, id}),
      id);
}

Status PortableWebhookRepository::RecordFailed(store::Transaction& transaction, std::int64_t id,
                                               int failures, TimePoint next_attempt_at,
                                               TimePoint at, std::string_view result) {
  return MustChange(
      transaction.Execute(
          "UPDATE webhook_subscriptions SET consecutive_failures = ?, next_attempt_at = ?, "
          "lease_until = 0, last_attempt_at = ?, last_result = ? WHERE id = ?",
          {std::int64_t{failures}, Seconds(next_attempt_at), Seconds(at), std::string(result), id}),
      id);
}

}  // namespace iotmark::persistence::portable
