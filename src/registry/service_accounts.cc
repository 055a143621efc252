// RegistryService: construction, accounts, sessions, organisations.
#include <algorithm>
#include <cctype>

#include "common/http_url.h"
#include "common/sha256.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "registry/service_internal.h"
#include "registry/transparency_log.h"

namespace iotmark::registry {

using internal::FromSeconds;
using internal::Seconds;

namespace {

std::string NormaliseEmail(std::string_view email) {
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Status ValidateEmail(std::string_view email) {
  auto at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n<>") != std::string_view::npos) {
    return Status::InvalidArgument("email: not a valid address / メールアドレスが正しくありません");
  }
  return Status::Ok();
}

User UserFromRow(const store::Row& r) {
  User user;
  user.id = r.Int(0);
  user.email = r.Text(1);
  user.role = ParseRole(r.Text(2)).ok() ? *ParseRole(r.Text(2)) : Role::kAuditor;
  user.organization_id = r.OptionalInt(3);
  user.disabled = r.Int(4) != 0;
  user.created_at = FromSeconds(r.Int(5));
  return user;
}

constexpr std::string_view kUserColumns =
    "SELECT id, email, role, organization_id, disabled, created_at FROM users ";

// A hash to verify against when the account does not exist, so a wrong email
// costs the same time as a wrong password.
const std::string& DummyPasswordHash() {
  static const std::string kHash = [] {
    auto hash = crypto::HashPassword("iotmark-dummy-password-for-timing");
    return hash.ok() ? *hash : std::string();
  }();
  return kHash;
}

Status ValidateOrganization(const NewOrganization& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.name, "name"));
  if (!input.contact_email.empty()) {
    IOTMARK_RETURN_IF_ERROR(ValidateEmail(input.contact_email).WithPrefix("contact_email"));
  }
  if (input.disclosure_policy.acknowledge_within_days < 1 ||
      input.disclosure_policy.acknowledge_within_days > 365) {
    return Status::InvalidArgument("disclosure_policy.acknowledge_within_days: must be 1…365");
  }
  if (input.disclosure_policy.status_update_every_days < 1 ||
      input.disclosure_policy.status_update_every_days > 365) {
    return Status::InvalidArgument("disclosure_policy.status_update_every_days: must be 1…365");
  }
  const std::string& url = input.disclosure_policy.policy_url;
  if (!url.empty() && !IsHttpUrl(url)) {
    return Status::InvalidArgument(
        "policy_url: must be an http:// or https:// URL / URLが正しくありません");
  }
  return Status::Ok();
}

}  // namespace

RegistryService::RegistryService(store::Store& store, const Clock& clock,
                                 const catalog::Catalog& catalog, crypto::SigningKey signing_key,
                                 RegistryOptions options,
                                 std::shared_ptr<const ChecklistValidator> validator) {
  if (!validator) validator = std::make_shared<StructuralChecklistValidator>();
  impl_ = std::make_unique<Impl>(store, clock, catalog, std::move(signing_key), std::move(options),
                                 std::move(validator));
}

RegistryService::~RegistryService() = default;

const crypto::PublicKey& RegistryService::public_key() const { return impl_->key.public_key(); }

Status RegistryService::RegisterSigningKey() {
  const crypto::PublicKey& key = impl_->key.public_key();
  TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) -> Status {
    auto existing =
        transaction.QueryOne("SELECT key_id FROM signing_keys WHERE key_id = ?", {key.KeyId()});
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) return Status::Ok();
    return transaction
        .Execute("INSERT INTO signing_keys (key_id, public_key, created_at) VALUES (?, ?, ?)",
                 {key.KeyId(), key.ToBase64(), Seconds(now)})
        .status();
  });
}

Result<User> RegistryService::BootstrapAdmin(std::string_view email, std::string_view password) {
  IOTMARK_RETURN_IF_ERROR(ValidateEmail(email));
  auto hash = crypto::HashPassword(password);
  if (!hash.ok()) return hash.status();
  TimePoint now = impl_->Now();
  User user;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto count = transaction.Query("SELECT COUNT(*) FROM users", {});
    if (!count.ok()) return count.status();
    if (count->front().Int(0) > 0) {
      return Status::FailedPrecondition(
          "the registry already has users; the first admin is created only once / "
          "既に初期化済みです");
    }
    auto id = transaction.InsertReturningId(
        "INSERT INTO users (email, password_hash, role, organization_id, disabled, created_at) "
        "VALUES (?, ?, ?, NULL, 0, ?) RETURNING id",
        {NormaliseEmail(email), *hash, std::string(RoleName(Role::kOperatorAdmin)), Seconds(now)});
    if (!id.ok()) return id.status();
    user.id = *id;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  user.email = NormaliseEmail(email);
  user.role = Role::kOperatorAdmin;
  user.created_at = now;
  return user;
}

Result<LoginResult> RegistryService::Login(std::string_view email, std::string_view password,
                                           std::string_view address) {
  TimePoint now = impl_->Now();
  std::string account = NormaliseEmail(email);
  auto blocked = impl_->throttle.BlockedUntil(account, address, now);
  if (!blocked.ok()) return blocked.status();
  if (*blocked) {
    return Status::Unavailable("too many failed logins; try again after " +
                               FormatIso8601(**blocked) +
                               " / ログイン失敗が続いたため一時的にロックされています");
  }
  std::optional<store::Row> row;
  Status read = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto found = transaction.QueryOne(
        "SELECT id, email, role, organization_id, disabled, created_at, password_hash "
        "FROM users WHERE email = ?",
        {account});
    if (!found.ok()) return found.status();
    row = std::move(found).value();
    return Status::Ok();
  });
  if (!read.ok()) return read;
  bool verified = false;
  if (row) {
    verified = crypto::VerifyPassword(row->Text(6), password) && row->Int(4) == 0;
  } else {
    crypto::VerifyPassword(DummyPasswordHash(), password);
  }
  if (!verified) {
    IOTMARK_RETURN_IF_ERROR(impl_->throttle.RecordFailure(account, address, now));
    return Status::Unauthenticated(
        "wrong email or password / メールアドレスまたはパスワードが違います");
  }
  IOTMARK_RETURN_IF_ERROR(impl_->throttle.RecordSuccess(account, address));
  User user = UserFromRow(*row);
  LoginResult result;
  result.session.token = crypto::RandomToken(32);
  result.session.user_id = user.id;
  result.session.created_at = now;
  result.session.expires_at = now + impl_->options.session_lifetime;
  result.principal = Principal{user.id, user.email, user.role, user.organization_id};
  Status stored = impl_->Write([&](store::Transaction& transaction) {
    return transaction
        .Execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            {Sha256Hex(result.session.token), user.id, Seconds(now),
             Seconds(result.session.expires_at)})
        .status();
  });
  if (!stored.ok()) return stored;
  return result;
}

Result<Principal> RegistryService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 200) {
    return Status::Unauthenticated("no valid session / ログインが必要です");
  }
  TimePoint now = impl_->Now();
  Principal principal;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(
        "SELECT u.id, u.email, u.role, u.organization_id, u.disabled, s.expires_at, "
        "s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
        {Sha256Hex(token)});
    if (!row.ok()) return row.status();
    if (!row->has_value()) return Status::Unauthenticated("no valid session / ログインが必要です");
    const store::Row& r = **row;
    if (r.Int(4) != 0 || !r.IsNull(6) || FromSeconds(r.Int(5)) <= now) {
      return Status::Unauthenticated(
          "the session has expired or was revoked / セッションの有効期限が切れています");
    }
    auto role = ParseRole(r.Text(2));
    if (!role.ok()) return role.status();
    principal = Principal{r.Int(0), r.Text(1), *role, r.OptionalInt(3)};
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return principal;
}

Status RegistryService::Logout(std::string_view token) {
  TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) {
    return transaction
        .Execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                 {Seconds(now), Sha256Hex(token)})
        .status();
  });
}

Status RegistryService::RevokeSessions(const Principal& actor, std::int64_t user_id) {
  if (actor.user_id != user_id) IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) {
    return transaction
        .Execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                 {Seconds(now), user_id})
        .status();
  });
}

Result<Organization> RegistryService::CreateOrganization(const Principal& actor,
                                                         const NewOrganization& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  IOTMARK_RETURN_IF_ERROR(ValidateOrganization(input));
  TimePoint now = impl_->Now();
  Organization organization;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto id = transaction.InsertReturningId(
        "INSERT INTO organizations (name, name_en, contact_email, acknowledge_within_days, "
        "status_update_every_days, policy_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {input.name, input.name_en, input.contact_email,
         std::int64_t{input.disclosure_policy.acknowledge_within_days},
         std::int64_t{input.disclosure_policy.status_update_every_days},
         input.disclosure_policy.policy_url, Seconds(now)});
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("name: an organisation with this name exists / 登録済みです");
      }
      return id.status();
    }
    auto loaded = internal::LoadOrganization(transaction, *id);
    if (!loaded.ok()) return loaded.status();
    organization = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return organization;
}

Result<Organization> RegistryService::GetOrganization(const Principal& actor, std::int64_t id) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireOrganizationAccess(actor, id, "organisation"));
  Organization organization;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto loaded = internal::LoadOrganization(transaction, id);
    if (!loaded.ok()) return loaded.status();
    organization = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return organization;
}

Result<std::vector<Organization>> RegistryService::ListOrganizations(const Principal& actor) {
  std::vector<Organization> organizations;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query("SELECT id FROM organizations ORDER BY id", {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) {
      if (!internal::RequireOrganizationAccess(actor, row.Int(0), "organisation").ok()) continue;
      auto loaded = internal::LoadOrganization(transaction, row.Int(0));
      if (!loaded.ok()) return loaded.status();
      organizations.push_back(std::move(loaded).value());
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return organizations;
}

Status RegistryService::SetDisclosurePolicy(const Principal& actor, std::int64_t organization_id,
                                            const DisclosurePolicy& policy) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  if (actor.role == Role::kOperatorReviewer) return internal::RequireAdmin(actor);
  IOTMARK_RETURN_IF_ERROR(
      internal::RequireOrganizationAccess(actor, organization_id, "organisation"));
  NewOrganization check{"x", "", "", policy};
  IOTMARK_RETURN_IF_ERROR(ValidateOrganization(check));
  return impl_->Write([&](store::Transaction& transaction) -> Status {
    auto changed = transaction.Execute(
        "UPDATE organizations SET acknowledge_within_days = ?, status_update_every_days = ?, "
        "policy_url = ? WHERE id = ?",
        {std::int64_t{policy.acknowledge_within_days},
         std::int64_t{policy.status_update_every_days}, policy.policy_url, organization_id});
    if (!changed.ok()) return changed.status();
    if (*changed == 0) return Status::NotFound("organisation not found / 見つかりません");
    return internal::RecordLabelChanges(transaction, internal::ChangeScope::kOrganization,
                                        organization_id, "disclosure-policy", impl_->Now(),
                                        policy.policy_url);
  });
}

Result<User> RegistryService::CreateUser(const Principal& actor, const NewUser& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  IOTMARK_RETURN_IF_ERROR(ValidateEmail(input.email));
  if (input.role == Role::kVendorMember && !input.organization_id) {
    return Status::InvalidArgument("organization_id: required for a vendor member / 必須です");
  }
  if (input.role != Role::kVendorMember && input.organization_id) {
    return Status::InvalidArgument(
        "organization_id: only vendor members belong to an organisation");
  }
  auto hash = crypto::HashPassword(input.password);
  if (!hash.ok()) return hash.status();
  TimePoint now = impl_->Now();
  User user;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    if (input.organization_id) {
      auto organization = internal::LoadOrganization(transaction, *input.organization_id);
      if (!organization.ok()) return organization.status().WithPrefix("organization_id");
    }
    auto id = transaction.InsertReturningId(
        "INSERT INTO users (email, password_hash, role, organization_id, disabled, created_at) "
        "VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
        {NormaliseEmail(input.email), *hash, std::string(RoleName(input.role)),
         store::NullableValue(input.organization_id), Seconds(now)});
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("email: a user with this address exists / 登録済みです");
      }
      return id.status();
    }
    auto row = transaction.QueryOne(std::string(kUserColumns) + "WHERE id = ?", {*id});
    if (!row.ok()) return row.status();
    user = UserFromRow(**row);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return user;
}

Result<std::vector<User>> RegistryService::ListUsers(const Principal& actor) {
  std::vector<User> users;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto rows =
        actor.role == Role::kVendorMember
            ? transaction.Query(std::string(kUserColumns) + "WHERE organization_id = ? ORDER BY id",
                                {store::NullableValue(actor.organization_id)})
            : transaction.Query(std::string(kUserColumns) + "ORDER BY id", {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) users.push_back(UserFromRow(row));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return users;
}

Status RegistryService::SetUserDisabled(const Principal& actor, std::int64_t user_id,
                                        bool disabled) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  if (actor.user_id == user_id && disabled) {
    return Status::FailedPrecondition("an admin cannot disable their own account");
  }
  TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) -> Status {
    auto changed = transaction.Execute("UPDATE users SET disabled = ? WHERE id = ?",
                                       {std::int64_t{disabled ? 1 : 0}, user_id});
    if (!changed.ok()) return changed.status();
    if (*changed == 0) return Status::NotFound("user not found / 見つかりません");
    if (disabled) {
      return transaction
          .Execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                   {Seconds(now), user_id})
          .status();
    }
    return Status::Ok();
  });
}

}  // namespace iotmark::registry
