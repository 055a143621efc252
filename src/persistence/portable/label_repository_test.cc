// PortableLabelRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): labels as stored round-trip with their product's and
// vendor's names, surveillance columns, the registration counter per year,
// events, loading any number of ids, and the listings.
#include "persistence/portable/label_repository.h"

#include <algorithm>

#include "persistence/portable/label_test_support.h"
#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

using registry::Label;
using registry::LabelEvent;
using registry::LabelStatus;
using registry::StoredLabel;

constexpr std::int64_t kIssued = 1'700'000'000;

class LabelRepositoryTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    Write([&](store::Transaction& t) {
      auto id = InsertTestApplication(t, organization_id_, product_id_);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      application_id_ = *id;
    });
  }

  Label Draft(std::string number, std::int64_t valid_days = 365) const {
    return TestLabel(std::move(number), organization_id_, product_id_, application_id_, kIssued,
                     valid_days);
  }

  std::int64_t Insert(store::Transaction& t, const Label& label) {
    auto id = repository_.Insert(t, label);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  PortableLabelRepository repository_;
  std::int64_t application_id_ = 0;
};

TEST_F(LabelRepositoryTest, StoredLabelRoundTripsWithNames) {
  Write([&](store::Transaction& t) {
    std::int64_t id = Insert(t, Draft("JC-STAR-1-2026-000001"));
    auto found = repository_.FindByNumber(t, "JC-STAR-1-2026-000001");
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    const Label& label = found->label;
    EXPECT_EQ(label.id, id);
    EXPECT_EQ(label.product_id, product_id_);
    EXPECT_EQ(label.organization_id, organization_id_);
    EXPECT_EQ(label.application_id, application_id_);
    EXPECT_EQ(label.scheme, "jc-star");
    EXPECT_EQ(label.level, "star1");
    EXPECT_EQ(label.issued_at, FromSeconds(kIssued));
    EXPECT_EQ(label.valid_until, FromSeconds(kIssued + 365 * 86400));
    EXPECT_EQ(label.status, LabelStatus::kActive);
    EXPECT_EQ(label.product_name, "カメラ");
    EXPECT_EQ(label.model_number, "TC-1");
    EXPECT_EQ(label.vendor_name, "試験電機");
    EXPECT_FALSE(found->surveillance_request.has_value());
    EXPECT_FALSE(found->surveillance_deadline.has_value());
    EXPECT_EQ(found->change_sequence, 0);
    auto by_id = repository_.Load(t, id);
    ASSERT_TRUE(by_id.ok());
    EXPECT_EQ(by_id->label.registration_number, "JC-STAR-1-2026-000001");

    EXPECT_EQ(repository_.FindByNumber(t, "JC-STAR-9-2026-999999").status().code(),
              StatusCode::kNotFound);
    EXPECT_EQ(repository_.Load(t, id + 100).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(repository_.SetStatus(t, id + 100, LabelStatus::kRevoked).code(),
              StatusCode::kNotFound);

    ASSERT_TRUE(repository_.SetStatus(t, id, LabelStatus::kUnderSurveillance).ok());
    ASSERT_TRUE(repository_
                    .OpenSurveillance(t, id, "証跡を提出", FromSeconds(kIssued + 10),
                                      FromSeconds(kIssued + 86400))
                    .ok());
    ASSERT_TRUE(
        repository_.SetSurveillanceEvidence(t, id, "是正済み", FromSeconds(kIssued + 20)).ok());
    ASSERT_TRUE(repository_.SetValidUntil(t, id, FromSeconds(kIssued + 900 * 86400)).ok());
    ASSERT_TRUE(repository_.SetLevel(t, id, "star2").ok());
    auto changed = repository_.Load(t, id);
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->label.status, LabelStatus::kUnderSurveillance);
    EXPECT_EQ(changed->label.level, "star2");
    EXPECT_EQ(changed->label.valid_until, FromSeconds(kIssued + 900 * 86400));
    EXPECT_EQ(changed->surveillance_request, "証跡を提出");
    EXPECT_EQ(changed->surveillance_opened_at, FromSeconds(kIssued + 10));
    EXPECT_EQ(changed->surveillance_deadline, FromSeconds(kIssued + 86400));
    EXPECT_EQ(changed->surveillance_evidence, "是正済み");
    EXPECT_EQ(changed->surveillance_evidence_at, FromSeconds(kIssued + 20));
    // Opening again clears the evidence; clearing clears everything.
    ASSERT_TRUE(repository_
                    .OpenSurveillance(t, id, "再提出", FromSeconds(kIssued + 30),
                                      FromSeconds(kIssued + 2 * 86400))
                    .ok());
    changed = repository_.Load(t, id);
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->surveillance_request, "再提出");
    EXPECT_FALSE(changed->surveillance_evidence.has_value());
    EXPECT_FALSE(changed->surveillance_evidence_at.has_value());
    ASSERT_TRUE(repository_.ClearSurveillance(t, id).ok());
    changed = repository_.Load(t, id);
    ASSERT_TRUE(changed.ok());
    EXPECT_FALSE(changed->surveillance_request.has_value());
    EXPECT_FALSE(changed->surveillance_opened_at.has_value());
    EXPECT_FALSE(changed->surveillance_deadline.has_value());
  });
}

TEST_F(LabelRepositoryTest, RegistrationSequenceCountsPerYear) {
  Write([&](store::Transaction& t) {
    EXPECT_EQ(*repository_.NextRegistrationSequence(t, 2026), 1);
    EXPECT_EQ(*repository_.NextRegistrationSequence(t, 2026), 2);
    EXPECT_EQ(*repository_.NextRegistrationSequence(t, 2027), 1);
    EXPECT_EQ(*repository_.NextRegistrationSequence(t, 2026), 3);
  });
  Write([&](store::Transaction& t) {  // committed and counted on
    EXPECT_EQ(*repository_.NextRegistrationSequence(t, 2026), 4);
  });
}

TEST_F(LabelRepositoryTest, EventsKeepOrderStatusesAndLogIndex) {
  Write([&](store::Transaction& t) {
    std::int64_t first = Insert(t, Draft("JC-STAR-1-2026-000001"));
    std::int64_t second = Insert(t, Draft("JC-STAR-1-2026-000002"));
    LabelEvent issued;
    issued.kind = "issued";
    issued.to = LabelStatus::kActive;
    issued.actor_user_id = 3;
    issued.actor_email = "op@example.jp";
    issued.at = FromSeconds(kIssued);
    issued.reason = "application 1";
    auto e1 = repository_.InsertEvent(t, first, issued);
    LabelEvent withdrawn;
    withdrawn.kind = "withdrawn";
    withdrawn.from = LabelStatus::kActive;
    withdrawn.to = LabelStatus::kWithdrawn;
    withdrawn.actor_email = "system";
    withdrawn.at = FromSeconds(kIssued + 5);
    withdrawn.reason = "販売終了";
    auto e2 = repository_.InsertEvent(t, second, withdrawn);
    auto e3 = repository_.InsertEvent(t, first, withdrawn);
    ASSERT_TRUE(e1.ok() && e2.ok() && e3.ok());
    ASSERT_TRUE(repository_.SetEventLogIndex(t, *e1, 0).ok());
    ASSERT_TRUE(repository_.SetEventLogIndex(t, *e3, 7).ok());
    EXPECT_EQ(repository_.SetEventLogIndex(t, *e3 + 100, 1).code(), StatusCode::kNotFound);

    auto events = repository_.LoadEvents(t, first);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].id, *e1);
    EXPECT_EQ((*events)[0].kind, "issued");
    EXPECT_FALSE((*events)[0].from.has_value());
    EXPECT_EQ((*events)[0].to, LabelStatus::kActive);
    EXPECT_EQ((*events)[0].actor_user_id, 3);
    EXPECT_EQ((*events)[0].actor_email, "op@example.jp");
    EXPECT_EQ((*events)[0].at, FromSeconds(kIssued));
    EXPECT_EQ((*events)[0].reason, "application 1");
    EXPECT_EQ((*events)[0].log_index, 0);
    EXPECT_EQ((*events)[1].from, LabelStatus::kActive);
    EXPECT_EQ((*events)[1].to, LabelStatus::kWithdrawn);
    EXPECT_EQ((*events)[1].log_index, 7);

    auto all = repository_.ListAllEvents(t);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].registration_number, "JC-STAR-1-2026-000001");
    EXPECT_EQ((*all)[1].registration_number, "JC-STAR-1-2026-000002");
    EXPECT_EQ((*all)[1].event.id, *e2);
    EXPECT_FALSE((*all)[1].event.log_index.has_value());
    EXPECT_EQ((*all)[1].event.reason, "販売終了");
  });
}

TEST_F(LabelRepositoryTest, LoadManyTakesAnyNumberOfIds) {
  Write([&](store::Transaction& t) {
    std::vector<std::int64_t> ids;
    for (int i = 1; i <= 140; ++i) {
      char number[32];
      std::snprintf(number, sizeof number, "JC-STAR-1-2026-%06d", i);
      ids.push_back(Insert(t, Draft(number)));
    }
    auto none = repository_.LoadMany(t, {});
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    auto three = repository_.LoadMany(t, {ids[5], ids[1], ids[139] + 1000});
    ASSERT_TRUE(three.ok()) << three.status().ToString();
    std::vector<std::int64_t> got;
    for (const StoredLabel& label : *three) got.push_back(label.label.id);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::int64_t>{ids[1], ids[5]}));
    // More than one batch (128), in reverse order.
    std::vector<std::int64_t> reversed(ids.rbegin(), ids.rend());
    auto all = repository_.LoadMany(t, reversed);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    got.clear();
    for (const StoredLabel& label : *all) got.push_back(label.label.id);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, ids);
    EXPECT_EQ((*all)[0].label.vendor_name, "試験電機");
  });
}

TEST_F(LabelRepositoryTest, ListingsByOrganizationDueAndSecurityInformation) {
  Write([&](store::Transaction& t) {
    std::int64_t short_lived = Insert(t, Draft("JC-STAR-1-2026-000001", 10));
    std::int64_t long_lived = Insert(t, Draft("JC-STAR-1-2026-000002", 400));
    std::int64_t watched = Insert(t, Draft("JC-STAR-1-2026-000003", 400));
    std::int64_t withdrawn = Insert(t, Draft("JC-STAR-1-2026-000004", 10));
    ASSERT_TRUE(repository_.SetStatus(t, withdrawn, LabelStatus::kWithdrawn).ok());
    ASSERT_TRUE(repository_.SetStatus(t, watched, LabelStatus::kUnderSurveillance).ok());
    ASSERT_TRUE(repository_
                    .OpenSurveillance(t, watched, "r", FromSeconds(kIssued),
                                      FromSeconds(kIssued + 20 * 86400))
                    .ok());

    auto numbers = repository_.ListNumbers(t, organization_id_);
    ASSERT_TRUE(numbers.ok());
    EXPECT_EQ(numbers->size(), 4u);
    EXPECT_EQ(numbers->front(), "JC-STAR-1-2026-000001");
    auto others = repository_.ListNumbers(t, organization_id_ + 100);
    ASSERT_TRUE(others.ok());
    EXPECT_TRUE(others->empty());
    auto every = repository_.ListNumbers(t, std::nullopt);
    ASSERT_TRUE(every.ok());
    EXPECT_EQ(every->size(), 4u);

    using Ids = std::vector<std::int64_t>;
    EXPECT_EQ(*repository_.ListDueForTimeChange(t, FromSeconds(kIssued + 5 * 86400)), Ids{});
    // Validity of the first ended (the withdrawn one is over already).
    EXPECT_EQ(*repository_.ListDueForTimeChange(t, FromSeconds(kIssued + 10 * 86400)),
              Ids{short_lived});
    // The surveillance deadline passed too.
    EXPECT_EQ(*repository_.ListDueForTimeChange(t, FromSeconds(kIssued + 20 * 86400)),
              (Ids{short_lived, watched}));
    EXPECT_EQ(*repository_.ListDueForTimeChange(t, FromSeconds(kIssued + 400 * 86400)),
              (Ids{short_lived, long_lived, watched}));

    // Security information: none, then a vulnerability record of the product.
    EXPECT_TRUE(repository_.ListNumbersWithSecurityInformation(t, FromSeconds(kIssued))->empty());
    ASSERT_TRUE(t.Execute("INSERT INTO vulnerabilities (product_id, identifier, severity, "
                          "published_at) VALUES (?, 'CVE-2026-0001', 'high', 0)",
                          {product_id_})
                    .ok());
    auto published = repository_.ListNumbersWithSecurityInformation(t, FromSeconds(kIssued));
    ASSERT_TRUE(published.ok()) << published.status().ToString();
    EXPECT_EQ(published->size(), 4u);
  });
}

TEST_F(LabelRepositoryTest, FindingsPublishOnceTriagedOrDue) {
  Write([&](store::Transaction& t) {
    Insert(t, Draft("JC-STAR-1-2026-000001"));
    auto firmware = t.InsertReturningId(
        "INSERT INTO firmware_versions (product_id, version, covered, coverage_note) "
        "VALUES (?, '1.0', 1, '') RETURNING id",
        {product_id_});
    ASSERT_TRUE(firmware.ok());
    ASSERT_TRUE(t.Execute("INSERT INTO findings (organization_id, product_id, firmware_version_id, "
                          "source, component, component_version, component_ref, cve_id, severity, "
                          "matched_criteria, version_range, description, found_at, "
                          "acknowledge_due, status) VALUES (?, ?, ?, 'sbom', 'openssl', '3.0', "
                          "'pkg:x', 'CVE-2026-1', 'high', 'c', 'r', 'd', 0, ?, 'new')",
                          {organization_id_, product_id_, *firmware, kIssued + 100})
                    .ok());
    EXPECT_TRUE(repository_.ListNumbersWithSecurityInformation(t, FromSeconds(kIssued))->empty());
    EXPECT_EQ(repository_.ListNumbersWithSecurityInformation(t, FromSeconds(kIssued + 100))->size(),
              1u);
    ASSERT_TRUE(t.Execute("UPDATE findings SET status = 'affected'", {}).ok());
    EXPECT_EQ(repository_.ListNumbersWithSecurityInformation(t, FromSeconds(kIssued))->size(), 1u);
  });
}

}  // namespace
}  // namespace iotmark::persistence::portable
