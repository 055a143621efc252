// The registry's outgoing mail: messages are queued in the same transaction
// as what they announce (a vulnerability report, new findings), and a mailer
// (the server's, over SMTP) claims and sends them. A failed send is retried
// with a growing delay (1 min, 2, 4, … at most 1 h); after 20 attempts the
// message stays unsent with its last error, visible to the operator.
// Storage: registry/mail_outbox_repository.h.
// Thread-safety: as the Store.
#ifndef IOTMARK_REGISTRY_MAIL_OUTBOX_H_
#define IOTMARK_REGISTRY_MAIL_OUTBOX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace iotmark::registry {

struct OutgoingMail {
  std::int64_t id = 0;
  std::string recipient;
  std::string subject;  // UTF-8
  std::string body;     // UTF-8 plain text
  int attempts = 0;
  std::string last_error;
};

inline constexpr int kMaxMailAttempts = 20;

class MailOutboxRepository;  // registry/mail_outbox_repository.h

// Queues one mail inside the caller's transaction, in `mails`
// (Repositories::mail_outbox). An empty or malformed recipient queues
// nothing (the organisation has no usable contact).
Status QueueMail(MailOutboxRepository& mails, store::Transaction& transaction,
                 std::string_view recipient, std::string_view subject, std::string_view body,
                 TimePoint now);

class MailOutbox {
 public:
  // `store` must outlive the outbox; `mails` is Repositories::mail_outbox
  // (persistence/repositories_factory.h) for that store.
  MailOutbox(store::Store& store, std::shared_ptr<MailOutboxRepository> mails);
  // Unsent mails due at `now`, oldest first, and pushes their next attempt
  // 10 minutes on (a lease, so two servers do not send the same mail at once).
  Result<std::vector<OutgoingMail>> ClaimDue(TimePoint now, int limit);
  Status MarkSent(std::int64_t id, TimePoint now);
  Status MarkFailed(std::int64_t id, std::string_view error, TimePoint now);
  // Every mail, newest first (operator view and tests).
  Result<std::vector<OutgoingMail>> List(int limit);

 private:
  store::Store& store_;
  std::shared_ptr<MailOutboxRepository> mails_;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_MAIL_OUTBOX_H_
