#include "registry/mail_outbox.h"

#include <algorithm>
#include <chrono>

namespace iotmark::registry {
namespace {

std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

bool PlausibleAddress(std::string_view address) {
  std::size_t at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.size() <= 254 && address.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

}  // namespace

Status QueueMail(store::Transaction& transaction, std::string_view recipient,
                 std::string_view subject, std::string_view body, TimePoint now) {
  if (!PlausibleAddress(recipient)) return Status::Ok();
  auto inserted = transaction.Execute(
      "INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {std::string(recipient), std::string(subject), std::string(body), Seconds(now),
       Seconds(now)});
  return inserted.status();
}

Result<std::vector<OutgoingMail>> MailOutbox::ClaimDue(TimePoint now, int limit) {
  std::vector<OutgoingMail> mails;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    mails.clear();
    auto rows = transaction.Query(
        "SELECT id, recipient, subject, body, attempts, last_error FROM mail_outbox "
        "WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        {std::int64_t{kMaxMailAttempts}, Seconds(now), std::int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) {
      mails.push_back(OutgoingMail{row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                                   static_cast<int>(row.Int(4)), row.Text(5)});
      auto leased = transaction.Execute("UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?",
                                        {Seconds(now) + 600, row.Int(0)});
      if (!leased.ok()) return leased.status();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return mails;
}

Status MailOutbox::MarkSent(std::int64_t id, TimePoint now) {
  return store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    return transaction
        .Execute(
            "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' "
            "WHERE id = ?",
            {Seconds(now), id})
        .status();
  });
}

Status MailOutbox::MarkFailed(std::int64_t id, std::string_view error, TimePoint now) {
  return store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne("SELECT attempts FROM mail_outbox WHERE id = ?", {id});
    if (!row.ok()) return row.status();
    if (!row->has_value()) return Status::NotFound("mail not found");
    std::int64_t attempts = (*row)->Int(0) + 1;
    std::int64_t delay =
        std::min<std::int64_t>(3600, 60LL << std::min<std::int64_t>(attempts - 1, 6));
    return transaction
        .Execute(
            "UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? "
            "WHERE id = ?",
            {attempts, std::string(error.substr(0, 500)), Seconds(now) + delay, id})
        .status();
  });
}

Result<std::vector<OutgoingMail>> MailOutbox::List(int limit) {
  std::vector<OutgoingMail> mails;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT id, recipient, subject, body, attempts, last_error FROM mail_outbox "
        "ORDER BY id DESC LIMIT ?",
        {std::int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) {
      mails.push_back(OutgoingMail{row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                                   static_cast<int>(row.Int(4)), row.Text(5)});
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return mails;
}

}  // namespace iotmark::registry
