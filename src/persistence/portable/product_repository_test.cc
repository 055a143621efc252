// PortableProductRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): products and firmware versions round-trip, listing
// by organisation, duplicates refused, coverage changes.
#include "persistence/portable/product_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::FirmwareVersion;
using registry::Product;

class ProductRepositoryTest : public RepositoryTest {
 protected:
  Product Draft(std::string model) const {
    Product product;
    product.organization_id = organization_id_;
    product.model_number = std::move(model);
    product.name = "ルーター / Router";
    product.product_type = "router";
    product.created_at = FromSeconds(1'700'000'000);
    return product;
  }
  FirmwareVersion Version(std::int64_t product_id, std::string version) const {
    FirmwareVersion firmware;
    firmware.product_id = product_id;
    firmware.version = std::move(version);
    return firmware;
  }
  // Runs `fn` in its own transaction and returns its status (the
  // transaction is rolled back when it fails).
  Status Attempt(const std::function<Status(store::Transaction&)>& fn) {
    return store_->RunInTransaction(fn);
  }
  PortableProductRepository repository_;
};

TEST_F(ProductRepositoryTest, InsertLoadAndFirmwareVersions) {
  Write([&](store::Transaction& t) {
    auto id = repository_.Insert(t, Draft("RT-9"));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    FirmwareVersion first = Version(*id, "1.0.0");
    first.released_on = FromSeconds(1'690'000'000);
    auto v1 = repository_.InsertFirmwareVersion(t, first);
    auto v2 = repository_.InsertFirmwareVersion(t, Version(*id, "1.1.0"));
    ASSERT_TRUE(v1.ok() && v2.ok());
    auto loaded = repository_.Load(t, *id);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->id, *id);
    EXPECT_EQ(loaded->organization_id, organization_id_);
    EXPECT_EQ(loaded->model_number, "RT-9");
    EXPECT_EQ(loaded->name, "ルーター / Router");
    EXPECT_EQ(loaded->product_type, "router");
    EXPECT_EQ(loaded->created_at, FromSeconds(1'700'000'000));
    ASSERT_EQ(loaded->firmware_versions.size(), 2u);
    EXPECT_EQ(loaded->firmware_versions[0].id, *v1);
    EXPECT_EQ(loaded->firmware_versions[0].version, "1.0.0");
    EXPECT_EQ(loaded->firmware_versions[0].released_on, FromSeconds(1'690'000'000));
    EXPECT_TRUE(loaded->firmware_versions[0].covered);
    EXPECT_EQ(loaded->firmware_versions[1].id, *v2);
    EXPECT_FALSE(loaded->firmware_versions[1].released_on.has_value());

    auto not_covered = repository_.SetFirmwareCoverage(t, *id, "1.1.0", false, "EOL / 保守終了");
    ASSERT_TRUE(not_covered.ok());
    EXPECT_TRUE(*not_covered);
    auto unknown = repository_.SetFirmwareCoverage(t, *id, "9.9.9", false, "x");
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(*unknown);
    auto reloaded = repository_.Load(t, *id);
    ASSERT_TRUE(reloaded.ok());
    EXPECT_TRUE(reloaded->firmware_versions[0].covered);
    EXPECT_FALSE(reloaded->firmware_versions[1].covered);
    EXPECT_EQ(reloaded->firmware_versions[1].coverage_note, "EOL / 保守終了");
    ASSERT_TRUE(repository_.SetFirmwareCoverage(t, *id, "1.1.0", true, "").ok());
    reloaded = repository_.Load(t, *id);
    ASSERT_TRUE(reloaded.ok());
    EXPECT_TRUE(reloaded->firmware_versions[1].covered);
    EXPECT_EQ(reloaded->firmware_versions[1].coverage_note, "");
  });
}

TEST_F(ProductRepositoryTest, ListsByOrganizationAndMissingIsNotFound) {
  std::int64_t other_organization = 0;
  std::int64_t added = 0;
  Write([&](store::Transaction& t) {
    EXPECT_EQ(repository_.Load(t, 9999).status().code(), StatusCode::kNotFound);
    auto org = t.InsertReturningId(
        "INSERT INTO organizations (name, name_en, created_at) VALUES (?, ?, 0) RETURNING id",
        {std::string("別会社"), std::string("Other")});
    ASSERT_TRUE(org.ok());
    other_organization = *org;
    Product other = Draft("OT-1");
    other.organization_id = other_organization;
    auto other_id = repository_.Insert(t, other);
    auto id = repository_.Insert(t, Draft("RT-9"));
    ASSERT_TRUE(other_id.ok() && id.ok());
    added = *id;
    auto mine = repository_.List(t, organization_id_);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 2u);  // the fixture's product and RT-9
    EXPECT_EQ((*mine)[0].id, product_id_);
    EXPECT_EQ((*mine)[1].id, *id);
    auto all = repository_.List(t, std::nullopt);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_LT((*all)[0].id, (*all)[1].id);
    EXPECT_LT((*all)[1].id, (*all)[2].id);
    auto none = repository_.List(t, other_organization + 100);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    ASSERT_TRUE(repository_.InsertFirmwareVersion(t, Version(added, "2.0")).ok());
  });
  // Duplicates: the same model number in one organisation, the same version of one product.
  EXPECT_EQ(Attempt([&](store::Transaction& t) {
              return repository_.Insert(t, Draft("RT-9")).status();
            }).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(Attempt([&](store::Transaction& t) {
              return repository_.InsertFirmwareVersion(t, Version(added, "2.0")).status();
            }).code(),
            StatusCode::kAlreadyExists);
  // Another organisation may use the model number.
  EXPECT_TRUE(Attempt([&](store::Transaction& t) {
                Product again = Draft("RT-9");
                again.organization_id = other_organization;
                return repository_.Insert(t, again).status();
              }).ok());
}

}  // namespace
}  // namespace iotmark::persistence::portable
