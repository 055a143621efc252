// RegistryService: construction, accounts, sessions, organisations.
#include <algorithm>
#include <cctype>

#include "common/http_url.h"
#include "common/sha256.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "registry/account_repository.h"
#include "registry/organization_repository.h"
#include "registry/service_internal.h"
#include "registry/transparency_log.h"

namespace iotmark::registry {

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
    return Status::InvalidArgument("not a valid address / メールアドレスが正しくありません")
        .WithField("email");
  }
  return Status::Ok();
}

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
    IOTMARK_RETURN_IF_ERROR(ValidateEmail(input.contact_email).WithField("contact_email"));
  }
  if (input.disclosure_policy.acknowledge_within_days < 1 ||
      input.disclosure_policy.acknowledge_within_days > 365) {
    return Status::InvalidArgument("must be 1…365")
        .WithField("disclosure_policy.acknowledge_within_days");
  }
  if (input.disclosure_policy.status_update_every_days < 1 ||
      input.disclosure_policy.status_update_every_days > 365) {
    return Status::InvalidArgument("must be 1…365")
        .WithField("disclosure_policy.status_update_every_days");
  }
  const std::string& url = input.disclosure_policy.policy_url;
  if (!url.empty() && !IsHttpUrl(url)) {
    return Status::InvalidArgument("must be an http:// or https:// URL / URLが正しくありません")
        .WithField("policy_url");
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
    return impl_->repos().accounts->RegisterSigningKey(transaction, key.KeyId(), key.ToBase64(),
                                                       now);
  });
}

Result<User> RegistryService::BootstrapAdmin(std::string_view email, std::string_view password) {
  IOTMARK_RETURN_IF_ERROR(ValidateEmail(email));
  auto hash = crypto::HashPassword(password);
  if (!hash.ok()) return hash.status();
  TimePoint now = impl_->Now();
  User user;
  user.email = NormaliseEmail(email);
  user.role = Role::kOperatorAdmin;
  user.created_at = now;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    AccountRepository& accounts = *impl_->repos().accounts;
    auto count = accounts.CountUsers(transaction);
    if (!count.ok()) return count.status();
    if (*count > 0) {
      return Status::FailedPrecondition(
          "the registry already has users; the first admin is created only once / "
          "既に初期化済みです");
    }
    auto id = accounts.InsertUser(transaction, user, *hash);
    if (!id.ok()) return id.status();
    user.id = *id;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return user;
}

Result<LoginResult> RegistryService::Login(std::string_view email, std::string_view password,
                                           std::string_view address) {
  TimePoint now = impl_->Now();
  std::string account = NormaliseEmail(email);
  auto blocked = impl_->throttle.BlockedUntil(account, address, now);
  if (!blocked.ok()) return blocked.status();
  if (*blocked) {
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(**blocked - now);
    return Status::ResourceExhausted("too many failed logins; try again after " +
                                     FormatIso8601(**blocked) +
                                     " / ログイン失敗が続いたため一時的にロックされています")
        .WithRetryAfter(std::max(wait, std::chrono::seconds(1)));
  }
  std::optional<UserCredentials> credentials;
  Status read = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto found = impl_->repos().accounts->FindCredentials(transaction, account);
    if (!found.ok()) return found.status();
    credentials = std::move(found).value();
    return Status::Ok();
  });
  if (!read.ok()) return read;
  bool verified = false;
  if (credentials) {
    verified =
        crypto::VerifyPassword(credentials->password_hash, password) && !credentials->user.disabled;
  } else {
    crypto::VerifyPassword(DummyPasswordHash(), password);
  }
  if (!verified) {
    IOTMARK_RETURN_IF_ERROR(impl_->throttle.RecordFailure(account, address, now));
    return Status::Unauthenticated(
        "wrong email or password / メールアドレスまたはパスワードが違います");
  }
  IOTMARK_RETURN_IF_ERROR(impl_->throttle.RecordSuccess(account, address));
  const User& user = credentials->user;
  LoginResult result;
  result.session.token = crypto::RandomToken(32);
  result.session.user_id = user.id;
  result.session.created_at = now;
  result.session.expires_at = now + impl_->options.session_lifetime;
  result.principal = Principal{user.id, user.email, user.role, user.organization_id};
  Status stored = impl_->Write([&](store::Transaction& transaction) {
    return impl_->repos().accounts->InsertSession(transaction, Sha256Hex(result.session.token),
                                                  user.id, now, result.session.expires_at);
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
    auto found = impl_->repos().accounts->FindSession(transaction, Sha256Hex(token));
    if (!found.ok()) return found.status();
    if (!found->has_value())
      return Status::Unauthenticated("no valid session / ログインが必要です");
    const SessionRecord& session = **found;
    if (session.user.disabled || session.revoked_at || session.expires_at <= now) {
      return Status::Unauthenticated(
          "the session has expired or was revoked / セッションの有効期限が切れています");
    }
    principal = Principal{session.user.id, session.user.email, session.user.role,
                          session.user.organization_id};
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return principal;
}

Status RegistryService::Logout(std::string_view token) {
  TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) {
    return impl_->repos().accounts->RevokeSession(transaction, Sha256Hex(token), now);
  });
}

Status RegistryService::RevokeSessions(const Principal& actor, std::int64_t user_id) {
  if (actor.user_id != user_id) IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  TimePoint now = impl_->Now();
  return impl_->Write([&](store::Transaction& transaction) {
    return impl_->repos().accounts->RevokeUserSessions(transaction, user_id, now);
  });
}

Result<Organization> RegistryService::CreateOrganization(const Principal& actor,
                                                         const NewOrganization& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  IOTMARK_RETURN_IF_ERROR(ValidateOrganization(input));
  TimePoint now = impl_->Now();
  Organization organization;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    OrganizationRepository& organizations = *impl_->repos().organizations;
    Organization draft;
    draft.name = input.name;
    draft.name_en = input.name_en;
    draft.contact_email = input.contact_email;
    draft.disclosure_policy = input.disclosure_policy;
    draft.created_at = now;
    draft.kind = input.kind;
    auto id = organizations.Insert(transaction, draft);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("an organisation with this name exists / 登録済みです")
            .WithField("name");
      }
      return id.status();
    }
    auto loaded = organizations.Load(transaction, *id);
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
    auto loaded = impl_->repos().organizations->Load(transaction, id);
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
    auto all = impl_->repos().organizations->List(transaction);
    if (!all.ok()) return all.status();
    for (Organization& organization : *all) {
      if (!internal::RequireOrganizationAccess(actor, organization.id, "organisation").ok()) {
        continue;
      }
      organizations.push_back(std::move(organization));
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
    IOTMARK_RETURN_IF_ERROR(
        impl_->repos().organizations->SaveDisclosurePolicy(transaction, organization_id, policy));
    return internal::RecordLabelChanges(impl_->repos(), transaction, internal::ChangeScope::kOrganization,
                                        organization_id, "disclosure-policy", impl_->Now(),
                                        policy.policy_url);
  });
}

Result<User> RegistryService::CreateUser(const Principal& actor, const NewUser& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireAdmin(actor));
  IOTMARK_RETURN_IF_ERROR(ValidateEmail(input.email));
  const bool member = input.role == Role::kVendorMember || input.role == Role::kLabEvaluator;
  if (member && !input.organization_id) {
    return Status::InvalidArgument("required for a vendor member or lab evaluator / 必須です")
        .WithField("organization_id");
  }
  if (!member && input.organization_id) {
    return Status::InvalidArgument(
               "only vendor members and lab evaluators belong to an organisation")
        .WithField("organization_id");
  }
  auto hash = crypto::HashPassword(input.password);
  if (!hash.ok()) return hash.status();
  TimePoint now = impl_->Now();
  User user;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    if (input.organization_id) {
      auto organization = impl_->repos().organizations->Load(transaction, *input.organization_id);
      if (!organization.ok()) return organization.status().WithField("organization_id");
      // A lab evaluator belongs to an evaluation body, a vendor member to a vendor.
      const OrganizationKind needed = input.role == Role::kLabEvaluator
                                          ? OrganizationKind::kEvaluationLab
                                          : OrganizationKind::kVendor;
      if (organization->kind != needed) {
        return Status::InvalidArgument("a " + std::string(RoleName(input.role)) +
                                       " belongs to an organisation of kind " +
                                       std::string(OrganizationKindName(needed)) +
                                       " / 組織の種別が役割と合いません")
            .WithField("organization_id");
      }
    }
    AccountRepository& accounts = *impl_->repos().accounts;
    User draft;
    draft.email = NormaliseEmail(input.email);
    draft.role = input.role;
    draft.organization_id = input.organization_id;
    draft.created_at = now;
    auto id = accounts.InsertUser(transaction, draft, *hash);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("a user with this address exists / 登録済みです")
            .WithField("email");
      }
      return id.status();
    }
    auto loaded = accounts.LoadUser(transaction, *id);
    if (!loaded.ok()) return loaded.status();
    user = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return user;
}

Result<std::vector<User>> RegistryService::ListUsers(const Principal& actor) {
  std::vector<User> users;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    // A vendor member sees their organisation's users (none without one).
    if (actor.IsOrganizationScoped() && !actor.organization_id) return Status::Ok();
    auto listed = impl_->repos().accounts->ListUsers(
        transaction, actor.IsOrganizationScoped() ? actor.organization_id : std::nullopt);
    if (!listed.ok()) return listed.status();
    users = std::move(listed).value();
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
    AccountRepository& accounts = *impl_->repos().accounts;
    IOTMARK_RETURN_IF_ERROR(accounts.SetUserDisabled(transaction, user_id, disabled));
    if (disabled) return accounts.RevokeUserSessions(transaction, user_id, now);
    return Status::Ok();
  });
}

}  // namespace iotmark::registry
