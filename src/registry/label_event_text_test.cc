// Label history entries read in the workflow's wording (schemes/jcstar/workflow.yaml,
// workflow.label.history): entries written by today's registry, and older ones.
#include "registry/label_event_text.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace iotmark::registry {
namespace {

class LabelEventTextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = catalog::Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new catalog::Catalog(std::move(loaded).value());
  }
  static void TearDownTestSuite() { delete catalog_; }
  static const catalog::StateMachine& Label() {
    return catalog_->FindPack("jcstar-star1")->workflow->label;
  }
  static LabelEvent Event(std::string kind, std::string reason, std::int64_t actor = 7) {
    LabelEvent event;
    event.kind = std::move(kind);
    event.reason = std::move(reason);
    event.actor_user_id = actor;
    event.actor_email = actor ? "reviewer@operator.example" : "system";
    event.at = *ParseIso8601("2026-12-01T02:00:00Z");
    return event;
  }
  static inline catalog::Catalog* catalog_ = nullptr;
};

TEST_F(LabelEventTextTest, DatesAreJapanCalendarDates) {
  // 22:11:59 UTC is already the next day in Japan.
  EXPECT_EQ(FormatDateJapanese(*ParseIso8601("2028-12-01T22:11:59Z")), "2028年12月2日");
  EXPECT_EQ(FormatDateEnglish(*ParseIso8601("2028-12-01T14:59:59Z")), "1 December 2028");
  EXPECT_EQ(FormatDateEnglish(*ParseIso8601("2027-01-05T00:00:00Z")), "5 January 2027");
}

TEST_F(LabelEventTextTest, IssueStepReadsAsASentence) {
  LabelEvent issued = Event("issued", "application 2, valid until 2028-12-01T14:00:00Z");
  issued.to = LabelStatus::kActive;
  LabelEventParameters parameters = ParametersOf(issued, Label());
  EXPECT_EQ(parameters.application_id, 2);
  ASSERT_TRUE(parameters.valid_until.has_value());
  EXPECT_EQ(FormatIso8601(*parameters.valid_until), "2028-12-01T14:00:00Z");
  LabelEventText text = DescribeLabelEvent(issued, Label());
  EXPECT_EQ(text.ja, "ラベル付与（申請 2）。有効期限 2028年12月1日");
  EXPECT_EQ(text.en, "Label issued (application 2); valid until 1 December 2028");
  EXPECT_TRUE(text.shown);

  LabelEventText extended = DescribeLabelEvent(
      Event("extended", "application 5, valid until 2028-12-01T14:00:00Z → 2030-12-01T14:00:00Z"),
      Label());
  EXPECT_EQ(extended.ja, "有効期間延長（申請 5）。有効期限 2030年12月1日");
  EXPECT_EQ(extended.en, "Validity extended (application 5); valid until 1 December 2030");

  LabelEventText changed =
      DescribeLabelEvent(Event("changed", "application 9 (change / 変更申請)"), Label());
  EXPECT_EQ(changed.ja, "変更申請によるラベル変更（申請 9）");
  EXPECT_EQ(changed.en, "Label changed by a change application (application 9)");
}

TEST_F(LabelEventTextTest, ActorsReasonAndTimedRules) {
  LabelEvent withdrawn = Event("withdrawn", "販売終了");
  withdrawn.from = LabelStatus::kActive;
  withdrawn.to = LabelStatus::kWithdrawn;
  LabelEventText text = DescribeLabelEvent(withdrawn, Label());
  EXPECT_EQ(text.ja, "取下げ：販売終了");
  EXPECT_EQ(text.en, "Withdrawn: 販売終了");

  LabelEvent expired =
      Event("expired", "validity period ended without extension / 有効期間満了", 0);
  expired.from = LabelStatus::kActive;
  expired.to = LabelStatus::kExpired;
  text = DescribeLabelEvent(expired, Label());
  EXPECT_EQ(text.ja, "有効期間満了");
  EXPECT_EQ(text.en, "Validity period ended");
  EXPECT_TRUE(text.shown);

  // The deadline rule and an operator's revocation share the kind "revoked".
  LabelEvent deadline = Event("revoked",
                              "surveillance deadline passed without remediation / "
                              "期限までに是正されなかったため取消し",
                              0);
  deadline.from = LabelStatus::kUnderSurveillance;
  deadline.to = LabelStatus::kRevoked;
  EXPECT_EQ(DescribeLabelEvent(deadline, Label()).en,
            "Revoked; not remedied by the surveillance deadline");
  // The withdraw steps' and surveillance's own framing is not repeated.
  LabelEvent vendor = Event("withdrawn", "vendor request / 自主取下げ: 販売終了");
  vendor.to = LabelStatus::kWithdrawn;
  EXPECT_EQ(DescribeLabelEvent(vendor, Label()).ja, "取下げ：販売終了");
  LabelEvent change = Event("withdrawn",
                            "security-relevant specification change reported / "
                            "セキュリティ仕様の変更報告: TLS 無効化");
  change.to = LabelStatus::kWithdrawn;
  EXPECT_EQ(DescribeLabelEvent(change, Label()).ja,
            "セキュリティ仕様の変更報告による取下げ：TLS 無効化");
  EXPECT_EQ(ParametersOf(change, Label()).step, "report-specification-change");
  LabelEvent opened =
      Event("surveillance-opened", "ログ設定の証跡 (deadline 2027-01-15T03:00:00Z)");
  opened.to = LabelStatus::kUnderSurveillance;
  text = DescribeLabelEvent(opened, Label());
  EXPECT_EQ(text.ja, "サーベイランス開始：ログ設定の証跡（回答期限 2027年1月15日）");
  EXPECT_EQ(text.en, "Surveillance opened: ログ設定の証跡 (respond by 15 January 2027)");

  LabelEvent revoked = Event("revoked", "是正されず");
  revoked.to = LabelStatus::kRevoked;
  EXPECT_EQ(DescribeLabelEvent(revoked, Label()).ja, "取消し：是正されず");
}

TEST_F(LabelEventTextTest, OldAndUnwordedEntriesStillRead) {
  // Seeded / older entries without the issue step's parameters.
  LabelEventText seeded =
      DescribeLabelEvent(Event("issued", "ラベル交付 / label issued", 0), Label());
  EXPECT_EQ(seeded.ja, "ラベル付与");
  EXPECT_EQ(seeded.en, "Label issued");
  EXPECT_EQ(DescribeLabelEvent(Event("withdrawn", ""), Label()).en, "Withdrawn");

  LabelEventText coverage = DescribeLabelEvent(
      Event("firmware-coverage", "2.0.1: not covered / 対象外: 脆弱性"), Label());
  EXPECT_EQ(coverage.ja, "対象ファームウェアの変更（2.0.1）：脆弱性");
  EXPECT_FALSE(coverage.shown);

  LabelEventText unknown = DescribeLabelEvent(Event("archived", "moved to the archive"), Label());
  EXPECT_EQ(unknown.ja, "moved to the archive");
  EXPECT_FALSE(unknown.shown);
}

}  // namespace
}  // namespace iotmark::registry
