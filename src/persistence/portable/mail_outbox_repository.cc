#include "persistence/portable/mail_outbox_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::OutgoingMail;

namespace {

constexpr std::string_view kMailColumns =
    "SELECT id, recipient, subject, body, attempts, last_error FROM mail_outbox ";

OutgoingMail MailFromRow(const store::Row& row) {
  return OutgoingMail{
      row.Int(0), row.Text(1), row.Text(2), row.Text(3), static_cast<int>(row.Int(4)), row.Text(5)};
}

Result<std::vector<OutgoingMail>> Mails(Result<std::vector<store::Row>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<OutgoingMail> mails;
  mails.reserve(rows->size());
  for (const store::Row& row : *rows) mails.push_back(MailFromRow(row));
  return mails;
}

}  // namespace

Status PortableMailOutboxRepository::Insert(store::Transaction& transaction,
                                            std::string_view recipient, std::string_view subject,
                                            std::string_view body, TimePoint at) {
  return transaction
      .Execute(
          "INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) "
          "VALUES (?, ?, ?, ?, ?)",
          {std::string(recipient), std::string(subject), std::string(body), Seconds(at),
           Seconds(at)})
      .status();
}

Result<std::vector<OutgoingMail>> PortableMailOutboxRepository::ListDue(
    store::Transaction& transaction, TimePoint now, int max_attempts, int limit) {
  return Mails(transaction.Query(
      std::string(kMailColumns) +
          "WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY id LIMIT ?",
      {std::int64_t{max_attempts}, Seconds(now), std::int64_t{limit}}));
}

Status PortableMailOutboxRepository::SetNextAttempt(store::Transaction& transaction,
                                                    std::int64_t id, TimePoint at) {
  return transaction
      .Execute("UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?", {Seconds(at), id})
      .status();
}

Status PortableMailOutboxRepository::MarkSent(store::Transaction& transaction, std::int64_t id,
                                              TimePoint at) {
  return transaction
      .Execute(
          "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' "
          "WHERE id = ?",
          {Seconds(at), id})
      .status();
}

Result<OutgoingMail> PortableMailOutboxRepository::Load(store::Transaction& transaction,
                                                        std::int64_t id) {
  auto row = transaction.QueryOne(std::string(kMailColumns) + "WHERE id = ?", {id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("mail not found");
  return MailFromRow(**row);
}

Status PortableMailOutboxRepository::RecordFailure(store::Transaction& transaction, std::int64_t id,
                                                   int attempts, std::string_view error,
                                                   TimePoint next_attempt_at) {
  return transaction
      .Execute(
          "UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
          {std::int64_t{attempts}, std::string(error), Seconds(next_attempt_at), id})
      .status();
}

Result<std::vector<OutgoingMail>> PortableMailOutboxRepository::List(
    store::Transaction& transaction, int limit) {
  return Mails(transaction.Query(std::string(kMailColumns) + "ORDER BY id DESC LIMIT ?",
                                 {std::int64_t{limit}}));
}

}  // namespace iotmark::persistence::portable
