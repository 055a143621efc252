#include "persistence/portable/account_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::User;

namespace {

constexpr std::string_view kUserColumns =
    "SELECT id, email, role, organization_id, disabled, created_at, password_hash FROM users ";

User UserFromRow(const store::Row& r) {
  User user;
  user.id = r.Int(0);
  user.email = r.Text(1);
  auto role = registry::ParseRole(r.Text(2));
  user.role = role.ok() ? *role : registry::Role::kAuditor;
  user.organization_id = r.OptionalInt(3);
  user.disabled = r.Int(4) != 0;
  user.created_at = FromSeconds(r.Int(5));
  return user;
}

}  // namespace

Result<std::int64_t> PortableAccountRepository::CountUsers(store::Transaction& transaction) {
  auto count = transaction.Query("SELECT COUNT(*) FROM users", {});
  if (!count.ok()) return count.status();
  return count->front().Int(0);
}

Result<std::int64_t> PortableAccountRepository::InsertUser(store::Transaction& transaction,
                                                           const User& user,
                                                           std::string_view password_hash) {
  return transaction.InsertReturningId(
      "INSERT INTO users (email, password_hash, role, organization_id, disabled, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {user.email, std::string(password_hash), std::string(registry::RoleName(user.role)),
       store::NullableValue(user.organization_id), std::int64_t{user.disabled ? 1 : 0},
       Seconds(user.created_at)});
}

Result<User> PortableAccountRepository::LoadUser(store::Transaction& transaction, std::int64_t id) {
  auto row = transaction.QueryOne(std::string(kUserColumns) + "WHERE id = ?", {id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("user " + std::to_string(id) + " not found / 見つかりません");
  }
  return UserFromRow(**row);
}

Result<std::optional<registry::UserCredentials>> PortableAccountRepository::FindCredentials(
    store::Transaction& transaction, std::string_view email) {
  auto row =
      transaction.QueryOne(std::string(kUserColumns) + "WHERE email = ?", {std::string(email)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<registry::UserCredentials>();
  return std::optional<registry::UserCredentials>(
      registry::UserCredentials{UserFromRow(**row), (*row)->Text(6)});
}

Result<std::vector<User>> PortableAccountRepository::ListUsers(
    store::Transaction& transaction, const std::optional<std::int64_t>& organization_id) {
  auto rows =
      organization_id
          ? transaction.Query(std::string(kUserColumns) + "WHERE organization_id = ? ORDER BY id",
                              {*organization_id})
          : transaction.Query(std::string(kUserColumns) + "ORDER BY id", {});
  if (!rows.ok()) return rows.status();
  std::vector<User> users;
  for (const store::Row& row : *rows) users.push_back(UserFromRow(row));
  return users;
}

Status PortableAccountRepository::SetUserDisabled(store::Transaction& transaction,
                                                  std::int64_t user_id, bool disabled) {
  auto changed = transaction.Execute("UPDATE users SET disabled = ? WHERE id = ?",
                                     {std::int64_t{disabled ? 1 : 0}, user_id});
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status::NotFound("user not found / 見つかりません");
  return Status::Ok();
}

Status PortableAccountRepository::InsertSession(store::Transaction& transaction,
                                                std::string_view token_hash, std::int64_t user_id,
                                                TimePoint created_at, TimePoint expires_at) {
  return transaction
      .Execute(
          "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
          "VALUES (?, ?, ?, ?)",
          {std::string(token_hash), user_id, Seconds(created_at), Seconds(expires_at)})
      .status();
}

Result<std::optional<registry::SessionRecord>> PortableAccountRepository::FindSession(
    store::Transaction& transaction, std::string_view token_hash) {
  auto row = transaction.QueryOne(
      "SELECT u.id, u.email, u.role, u.organization_id, u.disabled, s.expires_at, "
      "s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
      {std::string(token_hash)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<registry::SessionRecord>();
  const store::Row& r = **row;
  auto role = registry::ParseRole(r.Text(2));
  if (!role.ok()) return role.status();
  registry::SessionRecord session;
  session.user.id = r.Int(0);
  session.user.email = r.Text(1);
  session.user.role = *role;
  session.user.organization_id = r.OptionalInt(3);
  session.user.disabled = r.Int(4) != 0;
  session.expires_at = FromSeconds(r.Int(5));
  session.revoked_at = OptionalTime(r, 6);
  return std::optional<registry::SessionRecord>(std::move(session));
}

Status PortableAccountRepository::RevokeSession(store::Transaction& transaction,
                                                std::string_view token_hash, TimePoint at) {
  return transaction
      .Execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
               {Seconds(at), std::string(token_hash)})
      .status();
}

Status PortableAccountRepository::RevokeUserSessions(store::Transaction& transaction,
                                                     std::int64_t user_id, TimePoint at) {
  return transaction
      .Execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
               {Seconds(at), user_id})
      .status();
}

Status PortableAccountRepository::RegisterSigningKey(store::Transaction& transaction,
                                                     std::string_view key_id,
                                                     std::string_view public_key_base64,
                                                     TimePoint at) {
  auto existing = transaction.QueryOne("SELECT key_id FROM signing_keys WHERE key_id = ?",
                                       {std::string(key_id)});
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) return Status::Ok();
  return transaction
      .Execute("INSERT INTO signing_keys (key_id, public_key, created_at) VALUES (?, ?, ?)",
               {std::string(key_id), std::string(public_key_base64), Seconds(at)})
      .status();
}

}  // namespace iotmark::persistence::portable
