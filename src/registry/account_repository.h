// AccountRepository: storage of who may act on the registry: user accounts
// (with their password hashes), login sessions (by token hash: the token
// itself is never stored) and the registry's signing public keys. See
// registry/repositories.h for the contract every repository keeps.
#ifndef IOTMARK_REGISTRY_ACCOUNT_REPOSITORY_H_
#define IOTMARK_REGISTRY_ACCOUNT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// A user with the stored Argon2id hash of their password (for Login only).
struct UserCredentials {
  User user;
  std::string password_hash;
};

// A stored session with its user as it is now (role, organisation, disabled);
// `user.created_at` is not filled.
struct SessionRecord {
  User user;
  TimePoint expires_at;
  std::optional<TimePoint> revoked_at;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;

  // ---- users. Emails are stored as given (the service normalises them);
  // a role that does not parse reads as auditor (the least privileged).
  virtual Result<std::int64_t> CountUsers(store::Transaction& transaction) = 0;
  // Stores a new user (id ignored); kAlreadyExists when the email is taken.
  virtual Result<std::int64_t> InsertUser(store::Transaction& transaction, const User& user,
                                          std::string_view password_hash) = 0;
  // kNotFound when there is none.
  virtual Result<User> LoadUser(store::Transaction& transaction, std::int64_t id) = 0;
  // The user with this (normalised) email, if any.
  virtual Result<std::optional<UserCredentials>> FindCredentials(store::Transaction& transaction,
                                                                 std::string_view email) = 0;
  // Users by ascending id: of one organisation, or all when unset.
  virtual Result<std::vector<User>> ListUsers(
      store::Transaction& transaction, const std::optional<std::int64_t>& organization_id) = 0;
  // kNotFound when there is no such user.
  virtual Status SetUserDisabled(store::Transaction& transaction, std::int64_t user_id,
                                 bool disabled) = 0;

  // ---- sessions, by the SHA-256 hex of their token.
  virtual Status InsertSession(store::Transaction& transaction, std::string_view token_hash,
                               std::int64_t user_id, TimePoint created_at,
                               TimePoint expires_at) = 0;
  // The session and its user; nullopt when unknown. kInvalidArgument when the
  // stored role does not parse (a session never grants a guessed role).
  virtual Result<std::optional<SessionRecord>> FindSession(store::Transaction& transaction,
                                                           std::string_view token_hash) = 0;
  // Marks the session revoked at `at` unless it already is (no error when
  // unknown).
  virtual Status RevokeSession(store::Transaction& transaction, std::string_view token_hash,
                               TimePoint at) = 0;
  // Marks every unrevoked session of `user_id` revoked at `at`.
  virtual Status RevokeUserSessions(store::Transaction& transaction, std::int64_t user_id,
                                    TimePoint at) = 0;

  // ---- signing keys: records a public key (base64) under its key id; a key
  // id recorded before is left as it is.
  virtual Status RegisterSigningKey(store::Transaction& transaction, std::string_view key_id,
                                    std::string_view public_key_base64, TimePoint at) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_ACCOUNT_REPOSITORY_H_
