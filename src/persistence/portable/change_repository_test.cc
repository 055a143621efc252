// PortableChangeRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): one change per label in scope with its stored
// status, labels' change sequence moved on (changed_at never backwards),
// paging and the per-label filter; the label repository's delta listing.
#include "persistence/portable/change_repository.h"

#include "persistence/portable/label_repository.h"
#include "persistence/portable/label_test_support.h"
#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::ChangeScope;
using registry::LabelStatus;

constexpr std::int64_t kIssued = 1'700'000'000;

class ChangeRepositoryTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    Write([&](store::Transaction& t) {
      auto application_id = InsertTestApplication(t, organization_id_, product_id_);
      ASSERT_TRUE(application_id.ok()) << application_id.status().ToString();
      auto second_product = t.InsertReturningId(
          "INSERT INTO products (organization_id, model_number, name, created_at) "
          "VALUES (?, 'TC-2', 'カメラ2', 0) RETURNING id",
          {organization_id_});
      ASSERT_TRUE(second_product.ok());
      for (int i = 0; i < 3; ++i) {
        registry::Label label =
            TestLabel("JC-STAR-1-2026-00000" + std::to_string(i + 1), organization_id_,
                      i < 2 ? product_id_ : *second_product, *application_id, kIssued, 365);
        if (i == 2) label.status = LabelStatus::kWithdrawn;
        auto id = labels_.Insert(t, label);
        ASSERT_TRUE(id.ok()) << id.status().ToString();
        label_ids_.push_back(*id);
      }
      second_product_ = *second_product;
    });
  }

  PortableChangeRepository repository_;
  PortableLabelRepository labels_;
  std::vector<std::int64_t> label_ids_;
  std::int64_t second_product_ = 0;
};

TEST_F(ChangeRepositoryTest, RecordsOneChangePerLabelInScope) {
  Write([&](store::Transaction& t) {
    EXPECT_EQ(*repository_.Latest(t), 0);
    ASSERT_TRUE(repository_
                    .Record(t, ChangeScope::kProduct, product_id_, "firmware-version",
                            FromSeconds(kIssued + 10), "1.2.0")
                    .ok());
    ASSERT_TRUE(repository_
                    .Record(t, ChangeScope::kLabel, label_ids_[2], "withdrawn",
                            FromSeconds(kIssued + 20), "販売終了")
                    .ok());
    // An earlier time does not move changed_at backwards.
    ASSERT_TRUE(repository_
                    .Record(t, ChangeScope::kOrganization, organization_id_, "disclosure-policy",
                            FromSeconds(kIssued + 5), "https://example.jp/psirt")
                    .ok());
    auto latest = repository_.Latest(t);
    ASSERT_TRUE(latest.ok());
    auto all = repository_.List(t, 0, 100, std::nullopt);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    ASSERT_EQ(all->size(), 6u);  // 2 + 1 + 3
    EXPECT_EQ(all->back().sequence, *latest);
    for (std::size_t i = 1; i < all->size(); ++i) {
      EXPECT_LT((*all)[i - 1].sequence, (*all)[i].sequence);
    }
    EXPECT_EQ((*all)[0].registration_number, "JC-STAR-1-2026-000001");
    EXPECT_EQ((*all)[0].kind, "firmware-version");
    EXPECT_EQ((*all)[0].status, "active");
    EXPECT_EQ((*all)[0].at, FromSeconds(kIssued + 10));
    EXPECT_EQ((*all)[0].summary, "1.2.0");
    EXPECT_EQ((*all)[1].registration_number, "JC-STAR-1-2026-000002");
    EXPECT_EQ((*all)[2].registration_number, "JC-STAR-1-2026-000003");
    EXPECT_EQ((*all)[2].status, "withdrawn");
    EXPECT_EQ((*all)[5].kind, "disclosure-policy");

    // Paging and the per-label filter.
    auto page = repository_.List(t, (*all)[1].sequence, 2, std::nullopt);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].sequence, (*all)[2].sequence);
    auto one = repository_.List(t, 0, 100, std::string("JC-STAR-1-2026-000003"));
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(one->size(), 2u);
    EXPECT_EQ((*one)[0].kind, "withdrawn");
    EXPECT_EQ((*one)[1].kind, "disclosure-policy");

    // The labels' change sequence and time, as the delta export reads them.
    auto changed = labels_.ListChangedSince(t, 0, 10);
    ASSERT_TRUE(changed.ok()) << changed.status().ToString();
    ASSERT_EQ(changed->size(), 3u);
    EXPECT_EQ((*changed)[0].change_sequence, (*all)[3].sequence);
    EXPECT_EQ((*changed)[0].changed_at, FromSeconds(kIssued + 10));
    EXPECT_EQ((*changed)[2].label.id, label_ids_[2]);
    EXPECT_EQ((*changed)[2].change_sequence, (*all)[5].sequence);
    EXPECT_EQ((*changed)[2].changed_at, FromSeconds(kIssued + 20));
    auto after = labels_.ListChangedSince(t, (*all)[3].sequence, 1);
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->size(), 1u);
    EXPECT_EQ(after->front().label.id, label_ids_[1]);
  });
}

TEST_F(ChangeRepositoryTest, ScopeWithoutLabelsRecordsNothing) {
  Write([&](store::Transaction& t) {
    ASSERT_TRUE(repository_
                    .Record(t, ChangeScope::kProduct, second_product_ + 100, "sbom",
                            FromSeconds(kIssued), "")
                    .ok());
    EXPECT_EQ(*repository_.Latest(t), 0);
    EXPECT_TRUE(repository_.List(t, 0, 10, std::nullopt)->empty());
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
