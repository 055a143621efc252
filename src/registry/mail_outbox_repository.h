// MailOutboxRepository: storage of the registry's outgoing mail
// (registry/mail_outbox.h): queued messages with their attempts, last error
// and the time of the next attempt (also the mailer's lease). See
// registry/repositories.h for the contract every repository keeps.
#ifndef IOTMARK_REGISTRY_MAIL_OUTBOX_REPOSITORY_H_
#define IOTMARK_REGISTRY_MAIL_OUTBOX_REPOSITORY_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "registry/mail_outbox.h"
#include "store/store.h"

namespace iotmark::registry {

class MailOutboxRepository {
 public:
  virtual ~MailOutboxRepository() = default;
  // Queues a mail created at `at` and due at `at`, with no attempt yet.
  virtual Status Insert(store::Transaction& transaction, std::string_view recipient,
                        std::string_view subject, std::string_view body, TimePoint at) = 0;
  // Unsent mails with fewer than `max_attempts` attempts whose next attempt
  // is at or before `now`, by ascending id, at most `limit`.
  virtual Result<std::vector<OutgoingMail>> ListDue(store::Transaction& transaction, TimePoint now,
                                                    int max_attempts, int limit) = 0;
  // Moves the next attempt of mail `id` to `at`.
  virtual Status SetNextAttempt(store::Transaction& transaction, std::int64_t id, TimePoint at) = 0;
  // Mail `id` was sent at `at`: one attempt more, last error cleared.
  virtual Status MarkSent(store::Transaction& transaction, std::int64_t id, TimePoint at) = 0;
  // The mail; kNotFound ("mail not found").
  virtual Result<OutgoingMail> Load(store::Transaction& transaction, std::int64_t id) = 0;
  // A failed attempt: attempts to `attempts`, last error to `error`, next
  // attempt at `next_attempt_at`.
  virtual Status RecordFailure(store::Transaction& transaction, std::int64_t id, int attempts,
                               std::string_view error, TimePoint next_attempt_at) = 0;
  // Every mail, newest (highest id) first, at most `limit`.
  virtual Result<std::vector<OutgoingMail>> List(store::Transaction& transaction, int limit) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_MAIL_OUTBOX_REPOSITORY_H_
