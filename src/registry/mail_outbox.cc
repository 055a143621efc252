#include "registry/mail_outbox.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "registry/mail_outbox_repository.h"

namespace iotmark::registry {
namespace {

bool PlausibleAddress(std::string_view address) {
  std::size_t at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.size() <= 254 && address.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

// The lease a claim takes on a mail: its next attempt this far on.
constexpr std::chrono::seconds kClaimLease(600);

}  // namespace

Status QueueMail(MailOutboxRepository& mails, store::Transaction& transaction,
                 std::string_view recipient, std::string_view subject, std::string_view body,
                 TimePoint now) {
  if (!PlausibleAddress(recipient)) return Status::Ok();
  return mails.Insert(transaction, recipient, subject, body, now);
}

MailOutbox::MailOutbox(store::Store& store, std::shared_ptr<MailOutboxRepository> mails)
    : store_(store), mails_(std::move(mails)) {}

Result<std::vector<OutgoingMail>> MailOutbox::ClaimDue(TimePoint now, int limit) {
  std::vector<OutgoingMail> mails;
  Status status = store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto due = mails_->ListDue(transaction, now, kMaxMailAttempts, limit);
    if (!due.ok()) return due.status();
    for (const OutgoingMail& mail : *due) {
      IOTMARK_RETURN_IF_ERROR(mails_->SetNextAttempt(transaction, mail.id, now + kClaimLease));
    }
    mails = std::move(due).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return mails;
}

Status MailOutbox::MarkSent(std::int64_t id, TimePoint now) {
  return store_.RunInTransaction(
      [&](store::Transaction& transaction) { return mails_->MarkSent(transaction, id, now); });
}

Status MailOutbox::MarkFailed(std::int64_t id, std::string_view error, TimePoint now) {
  return store_.RunInTransaction([&](store::Transaction& transaction) -> Status {
    auto mail = mails_->Load(transaction, id);
    if (!mail.ok()) return mail.status();
    int attempts = mail->attempts + 1;
    std::int64_t delay = std::min<std::int64_t>(3600, 60LL << std::min(attempts - 1, 6));
    return mails_->RecordFailure(transaction, id, attempts, error.substr(0, 500),
                                 now + std::chrono::seconds(delay));
  });
}

Result<std::vector<OutgoingMail>> MailOutbox::List(int limit) {
  std::vector<OutgoingMail> mails;
  Status status = store_.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto listed = mails_->List(transaction, limit);
    if (!listed.ok()) return listed.status();
    mails = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return mails;
}

}  // namespace iotmark::registry
