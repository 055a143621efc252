// PortableApplicationRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): every field round-trips, Save writes the mutable
// fields only, history and filters.
#include "persistence/portable/application_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::Application;
using registry::ApplicationState;

class ApplicationRepositoryTest : public RepositoryTest {
 protected:
  Application Draft() const {
    Application a;
    a.organization_id = organization_id_;
    a.product_id = product_id_;
    a.kind = registry::ApplicationKind::kNew;
    a.checklist_json = "{\"items\":[]}";
    a.requested_validity_months = 12;
    a.created_at = a.updated_at = FromSeconds(1'700'000'000);
    return a;
  }
  PortableApplicationRepository repository_;
};

TEST_F(ApplicationRepositoryTest, InsertLoadSaveAndHistory) {
  Write([&](store::Transaction& t) {
    auto id = repository_.Insert(t, Draft());
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    auto loaded = repository_.Load(t, *id);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->organization_id, organization_id_);
    EXPECT_EQ(loaded->state, ApplicationState::kDraft);
    EXPECT_EQ(loaded->requested_validity_months, 12);
    EXPECT_FALSE(loaded->label_registration_number.has_value());
    EXPECT_FALSE(loaded->fee_amount_jpy.has_value());
    EXPECT_FALSE(loaded->submitted_at.has_value());
    EXPECT_TRUE(loaded->history.empty());

    Application changed = *loaded;
    changed.state = ApplicationState::kSubmitted;
    changed.submitted_at = FromSeconds(1'700'000'100);
    changed.fee_amount_jpy = 4'300;
    changed.fee_tax_included = false;
    changed.fee_source = "規程 / rules";
    changed.rejection_reason = "理由";
    changed.updated_at = FromSeconds(1'700'000'100);
    changed.level = "ignored-by-save";
    ASSERT_TRUE(repository_.Save(t, changed).ok());
    registry::ApplicationEvent event;
    event.from = ApplicationState::kDraft;
    event.to = ApplicationState::kSubmitted;
    event.actor_user_id = 7;
    event.actor_email = "v@example.jp";
    event.at = FromSeconds(1'700'000'100);
    event.note = "submitted";
    ASSERT_TRUE(repository_.AppendEvent(t, *id, event).ok());

    auto reloaded = repository_.Load(t, *id);
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ(reloaded->state, ApplicationState::kSubmitted);
    EXPECT_EQ(reloaded->submitted_at, FromSeconds(1'700'000'100));
    EXPECT_EQ(reloaded->fee_amount_jpy, 4'300);
    EXPECT_FALSE(reloaded->fee_tax_included);
    EXPECT_EQ(reloaded->fee_source, "規程 / rules");
    EXPECT_EQ(reloaded->rejection_reason, "理由");
    EXPECT_EQ(reloaded->level, "star1");  // not a mutable field
    ASSERT_EQ(reloaded->history.size(), 1u);
    EXPECT_EQ(reloaded->history[0].to, ApplicationState::kSubmitted);
    EXPECT_EQ(reloaded->history[0].actor_email, "v@example.jp");
  });
}

TEST_F(ApplicationRepositoryTest, MissingIsNotFoundAndListFilters) {
  Write([&](store::Transaction& t) {
    EXPECT_EQ(repository_.Load(t, 999).status().code(), StatusCode::kNotFound);
    Application ghost = Draft();
    ghost.id = 999;
    EXPECT_EQ(repository_.Save(t, ghost).code(), StatusCode::kNotFound);
    Application submitted = Draft();
    submitted.state = ApplicationState::kSubmitted;
    auto first = repository_.Insert(t, Draft());
    auto second = repository_.Insert(t, submitted);
    ASSERT_TRUE(first.ok() && second.ok());
    auto all = repository_.List(t, {});
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, *first);
    auto only = repository_.List(t, {organization_id_, ApplicationState::kSubmitted, std::nullopt});
    ASSERT_TRUE(only.ok());
    ASSERT_EQ(only->size(), 1u);
    EXPECT_EQ((*only)[0].id, *second);
    auto other = repository_.List(t, {organization_id_ + 100, std::nullopt, std::nullopt});
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->empty());
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
