// The AccountRepository (registry/account_repository.h) for every backend:
// tables users, sessions and signing_keys (store migrations), portable SQL
// only (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_ACCOUNT_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_ACCOUNT_REPOSITORY_H_

#include "registry/account_repository.h"

namespace iotmark::persistence::portable {

class PortableAccountRepository final : public registry::AccountRepository {
 public:
  Result<std::int64_t> CountUsers(store::Transaction& transaction) override;
  Result<std::int64_t> InsertUser(store::Transaction& transaction, const registry::User& user,
                                  std::string_view password_hash) override;
  Result<registry::User> LoadUser(store::Transaction& transaction, std::int64_t id) override;
  Result<std::optional<registry::UserCredentials>> FindCredentials(store::Transaction& transaction,
                                                                   std::string_view email) override;
  Result<std::vector<registry::User>> ListUsers(
      store::Transaction& transaction, const std::optional<std::int64_t>& organization_id) override;
  Status SetUserDisabled(store::Transaction& transaction, std::int64_t user_id,
                         bool disabled) override;
  Status InsertSession(store::Transaction& transaction, std::string_view token_hash,
                       std::int64_t user_id, TimePoint created_at, TimePoint expires_at) override;
  Result<std::optional<registry::SessionRecord>> FindSession(store::Transaction& transaction,
                                                             std::string_view token_hash) override;
  Status RevokeSession(store::Transaction& transaction, std::string_view token_hash,
                       TimePoint at) override;
  Status RevokeUserSessions(store::Transaction& transaction, std::int64_t user_id,
                            TimePoint at) override;
  Status RegisterSigningKey(store::Transaction& transaction, std::string_view key_id,
                            std::string_view public_key_base64, TimePoint at) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_ACCOUNT_REPOSITORY_H_
