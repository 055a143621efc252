// PortableOrganizationRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): fields round-trip, List by id, the disclosure policy
// is the one field set saved, missing rows are kNotFound, names are unique.
#include "persistence/portable/organization_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::Organization;

class OrganizationRepositoryTest : public RepositoryTest {
 protected:
  PortableOrganizationRepository organizations_;
};

TEST_F(OrganizationRepositoryTest, RoundTripListAndPolicy) {
  std::int64_t id = 0;
  Write([&](store::Transaction& t) {
    Organization o;
    o.name = "サンプル電機株式会社";
    o.name_en = "Sample Electric";
    o.contact_email = "psirt@sample.example";
    o.disclosure_policy = {14, 60, "https://sample.example/psirt"};
    o.created_at = FromSeconds(1'700'000'000);
    auto inserted = organizations_.Insert(t, o);
    ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
    id = *inserted;
    auto loaded = organizations_.Load(t, id);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->name, "サンプル電機株式会社");
    EXPECT_EQ(loaded->name_en, "Sample Electric");
    EXPECT_EQ(loaded->contact_email, "psirt@sample.example");
    EXPECT_EQ(loaded->disclosure_policy.acknowledge_within_days, 14);
    EXPECT_EQ(loaded->disclosure_policy.status_update_every_days, 60);
    EXPECT_EQ(loaded->disclosure_policy.policy_url, "https://sample.example/psirt");
    EXPECT_EQ(loaded->created_at, FromSeconds(1'700'000'000));

    ASSERT_TRUE(organizations_.SaveDisclosurePolicy(t, id, {3, 10, ""}).ok());
    auto changed = organizations_.Load(t, id);
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->disclosure_policy.acknowledge_within_days, 3);
    EXPECT_EQ(changed->disclosure_policy.status_update_every_days, 10);
    EXPECT_EQ(changed->disclosure_policy.policy_url, "");
    EXPECT_EQ(changed->name, "サンプル電機株式会社");

    auto all = organizations_.List(t);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);  // the fixture's and this one, by id
    EXPECT_EQ((*all)[0].id, organization_id_);
    EXPECT_EQ((*all)[1].id, id);

    EXPECT_EQ(organizations_.Load(t, id + 100).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(organizations_.SaveDisclosurePolicy(t, id + 100, {}).code(), StatusCode::kNotFound);
  });
  // Its own transaction: PostgreSQL aborts the rest of one after an error.
  Status duplicate = store_->RunInTransaction([&](store::Transaction& t) {
    Organization again;
    again.name = "サンプル電機株式会社";
    return organizations_.Insert(t, again).status();
  });
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists) << duplicate.ToString();
}

}  // namespace
}  // namespace iotmark::persistence::portable
