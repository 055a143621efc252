// The MailOutboxRepository (registry/mail_outbox_repository.h) for every
// backend: table mail_outbox (store migrations), portable SQL only
// (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_MAIL_OUTBOX_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_MAIL_OUTBOX_REPOSITORY_H_

#include "registry/mail_outbox_repository.h"

namespace iotmark::persistence::portable {

class PortableMailOutboxRepository final : public registry::MailOutboxRepository {
 public:
  Status Insert(store::Transaction& transaction, std::string_view recipient,
                std::string_view subject, std::string_view body, TimePoint at) override;
  Result<std::vector<registry::OutgoingMail>> ListDue(store::Transaction& transaction,
                                                      TimePoint now, int max_attempts,
                                                      int limit) override;
  Status SetNextAttempt(store::Transaction& transaction, std::int64_t id, TimePoint at) override;
  Status MarkSent(store::Transaction& transaction, std::int64_t id, TimePoint at) override;
  Result<registry::OutgoingMail> Load(store::Transaction& transaction, std::int64_t id) override;
  Status RecordFailure(store::Transaction& transaction, std::int64_t id, int attempts,
                       std::string_view error, TimePoint next_attempt_at) override;
  Result<std::vector<registry::OutgoingMail>> List(store::Transaction& transaction,
                                                   int limit) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_MAIL_OUTBOX_REPOSITORY_H_
