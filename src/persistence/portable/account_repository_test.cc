// PortableAccountRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): users round-trip, missing rows are kNotFound, unique
// emails are kAlreadyExists, sessions revoke once, signing keys register once.
#include "persistence/portable/account_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::Role;
using registry::User;

class AccountRepositoryTest : public RepositoryTest {
 protected:
  User Vendor(const std::string& email) const {
    User user;
    user.email = email;
    user.role = Role::kVendorMember;
    user.organization_id = organization_id_;
    user.created_at = FromSeconds(1'700'000'000);
    return user;
  }
  PortableAccountRepository accounts_;
};

TEST_F(AccountRepositoryTest, UsersCredentialsListAndDisable) {
  std::int64_t vendor = 0;
  std::int64_t admin = 0;
  Write([&](store::Transaction& t) {
    auto none = accounts_.CountUsers(t);
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(*none, 0);
    auto v = accounts_.InsertUser(t, Vendor("v@sample.example"), "$argon2id$hash-v");
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    vendor = *v;
    User operator_admin;
    operator_admin.email = "admin@registry.example";
    operator_admin.role = Role::kOperatorAdmin;
    operator_admin.created_at = FromSeconds(1'700'000'001);
    auto a = accounts_.InsertUser(t, operator_admin, "$argon2id$hash-a");
    ASSERT_TRUE(a.ok());
    admin = *a;
    EXPECT_EQ(*accounts_.CountUsers(t), 2);

    auto loaded = accounts_.LoadUser(t, vendor);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->email, "v@sample.example");
    EXPECT_EQ(loaded->role, Role::kVendorMember);
    EXPECT_EQ(loaded->organization_id, organization_id_);
    EXPECT_FALSE(loaded->disabled);
    EXPECT_EQ(loaded->created_at, FromSeconds(1'700'000'000));
    auto loaded_admin = accounts_.LoadUser(t, admin);
    ASSERT_TRUE(loaded_admin.ok());
    EXPECT_FALSE(loaded_admin->organization_id.has_value());
    EXPECT_EQ(accounts_.LoadUser(t, admin + 100).status().code(), StatusCode::kNotFound);

    auto credentials = accounts_.FindCredentials(t, "v@sample.example");
    ASSERT_TRUE(credentials.ok());
    ASSERT_TRUE(credentials->has_value());
    EXPECT_EQ((*credentials)->user.id, vendor);
    EXPECT_EQ((*credentials)->password_hash, "$argon2id$hash-v");
    auto unknown = accounts_.FindCredentials(t, "nobody@sample.example");
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown->has_value());

    auto everyone = accounts_.ListUsers(t, std::nullopt);
    ASSERT_TRUE(everyone.ok());
    ASSERT_EQ(everyone->size(), 2u);
    EXPECT_EQ((*everyone)[0].id, vendor);
    auto of_vendor = accounts_.ListUsers(t, organization_id_);
    ASSERT_TRUE(of_vendor.ok());
    ASSERT_EQ(of_vendor->size(), 1u);
    EXPECT_EQ((*of_vendor)[0].id, vendor);
    auto of_other = accounts_.ListUsers(t, organization_id_ + 100);
    ASSERT_TRUE(of_other.ok());
    EXPECT_TRUE(of_other->empty());

    ASSERT_TRUE(accounts_.SetUserDisabled(t, vendor, true).ok());
    EXPECT_TRUE(accounts_.LoadUser(t, vendor)->disabled);
    ASSERT_TRUE(accounts_.SetUserDisabled(t, vendor, false).ok());
    EXPECT_FALSE(accounts_.LoadUser(t, vendor)->disabled);
    EXPECT_EQ(accounts_.SetUserDisabled(t, admin + 100, true).code(), StatusCode::kNotFound);
  });
  // Its own transaction: PostgreSQL aborts the rest of one after an error.
  Status duplicate = store_->RunInTransaction([&](store::Transaction& t) {
    return accounts_.InsertUser(t, Vendor("v@sample.example"), "x").status();
  });
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists) << duplicate.ToString();
}

TEST_F(AccountRepositoryTest, SessionsFindAndRevoke) {
  Write([&](store::Transaction& t) {
    auto user = accounts_.InsertUser(t, Vendor("s@sample.example"), "h");
    ASSERT_TRUE(user.ok());
    ASSERT_TRUE(accounts_
                    .InsertSession(t, "hash-1", *user, FromSeconds(1'700'000'000),
                                   FromSeconds(1'700'028'800))
                    .ok());
    ASSERT_TRUE(accounts_
                    .InsertSession(t, "hash-2", *user, FromSeconds(1'700'000'000),
                                   FromSeconds(1'700'028'800))
                    .ok());
    auto found = accounts_.FindSession(t, "hash-1");
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->user.id, *user);
    EXPECT_EQ((*found)->user.email, "s@sample.example");
    EXPECT_EQ((*found)->user.role, Role::kVendorMember);
    EXPECT_EQ((*found)->user.organization_id, organization_id_);
    EXPECT_EQ((*found)->expires_at, FromSeconds(1'700'028'800));
    EXPECT_FALSE((*found)->revoked_at.has_value());
    auto missing = accounts_.FindSession(t, "hash-unknown");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());

    // Revoking twice keeps the first time.
    ASSERT_TRUE(accounts_.RevokeSession(t, "hash-1", FromSeconds(1'700'000'100)).ok());
    ASSERT_TRUE(accounts_.RevokeSession(t, "hash-1", FromSeconds(1'700'000'200)).ok());
    ASSERT_TRUE(accounts_.RevokeSession(t, "hash-unknown", FromSeconds(1'700'000'200)).ok());
    EXPECT_EQ((*accounts_.FindSession(t, "hash-1"))->revoked_at, FromSeconds(1'700'000'100));
    EXPECT_FALSE((*accounts_.FindSession(t, "hash-2"))->revoked_at.has_value());
    ASSERT_TRUE(accounts_.RevokeUserSessions(t, *user, FromSeconds(1'700'000'300)).ok());
    EXPECT_EQ((*accounts_.FindSession(t, "hash-1"))->revoked_at, FromSeconds(1'700'000'100));
    EXPECT_EQ((*accounts_.FindSession(t, "hash-2"))->revoked_at, FromSeconds(1'700'000'300));
  });
}

TEST_F(AccountRepositoryTest, SigningKeyRegistersOnce) {
  Write([&](store::Transaction& t) {
    ASSERT_TRUE(accounts_.RegisterSigningKey(t, "key-1", "AAAA", FromSeconds(1'700'000'000)).ok());
    ASSERT_TRUE(accounts_.RegisterSigningKey(t, "key-1", "BBBB", FromSeconds(1'700'000'500)).ok());
    auto rows = t.Query("SELECT key_id, public_key, created_at FROM signing_keys", {});
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].Text(1), "AAAA");
    EXPECT_EQ((*rows)[0].Int(2), 1'700'000'000);
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
