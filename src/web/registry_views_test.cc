// The product page of labels with a history, built from registry types as
// the site does (BuildLabelPageModel over schemes/): the status box and the
// history read in the workflow's wording of the page's language, with dates
// and no ISO timestamps.
#include "web/registry_views.h"

#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "web/product_page.h"

namespace iotmark::web {
namespace {

TimePoint At(const char* iso) { return *ParseIso8601(iso); }

class RegistryViewsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = catalog::Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new catalog::Catalog(std::move(loaded).value());
  }
  static void TearDownTestSuite() { delete catalog_; }
  void SetUp() override {
    Result<PageRenderer> created = PageRenderer::Create();
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    renderer_ = std::make_unique<PageRenderer>(std::move(created).value());
  }

  static registry::Label Issued() {
    registry::Label label;
    label.registration_number = "JCS1-2026-000002-5";
    label.application_id = 2;
    label.scheme = "jcstar-star1";
    label.level = "star1";
    label.issued_at = label.valid_from = At("2026-12-01T02:00:00Z");
    label.valid_until = At("2028-12-01T15:00:00Z");  // ends at midnight 2 December JST
    label.product_name = "防犯カメラ";
    label.model_number = "CAM-1";
    label.vendor_name = "東京電機";
    registry::LabelEvent issued;
    issued.kind = "issued";
    issued.to = registry::LabelStatus::kActive;
    issued.actor_user_id = 3;
    issued.actor_email = "reviewer@operator.example";
    issued.at = label.issued_at;
    issued.reason = "application 2, valid until 2028-12-01T15:00:00Z";
    label.history.push_back(issued);
    return label;
  }

  // The status box: from the status section to its end.
  static std::string StatusBox(const std::string& html) {
    const std::size_t start = html.find("<section class=\"status");
    const std::size_t end = html.find("</section>", start);
    EXPECT_NE(start, std::string::npos);
    return start == std::string::npos ? "" : html.substr(start, end - start);
  }
  static std::string History(const std::string& html) {
    const std::size_t start = html.find("<ol class=\"history\">");
    const std::size_t end = html.find("</ol>", start);
    EXPECT_NE(start, std::string::npos);
    return start == std::string::npos ? "" : html.substr(start, end - start);
  }
  static bool HasIsoTimestamp(const std::string& text) {
    return std::regex_search(text, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:"));
  }

  std::string Render(const registry::Label& label, Language language) {
    const LabelPageModel model = BuildLabelPageModel(label, {}, nullptr, "{}", catalog_);
    ProductPageContext context;
    context.csrf_token = "token";
    Result<std::string> html = RenderProductPage(*renderer_, model, language, context);
    EXPECT_TRUE(html.ok()) << html.status().ToString();
    return html.ok() ? *html : "";
  }

  static inline catalog::Catalog* catalog_ = nullptr;
  std::unique_ptr<PageRenderer> renderer_;
};

TEST_F(RegistryViewsTest, IssuedLabelReadsAsASentence) {
  const registry::Label label = Issued();
  const std::string ja = StatusBox(Render(label, Language::kJapanese));
  EXPECT_NE(ja.find("2026年12月1日"), std::string::npos) << ja;
  EXPECT_NE(ja.find("ラベル付与（申請 2）。有効期限 2028年12月1日"), std::string::npos) << ja;
  EXPECT_FALSE(HasIsoTimestamp(ja)) << ja;
  const std::string en = StatusBox(Render(label, Language::kEnglish));
  EXPECT_NE(en.find("1 December 2026"), std::string::npos) << en;
  EXPECT_NE(en.find("Label issued (application 2); valid until 1 December 2028"), std::string::npos)
      << en;
  EXPECT_FALSE(HasIsoTimestamp(en)) << en;
}

TEST_F(RegistryViewsTest, ExtendedThenWithdrawn) {
  registry::Label label = Issued();
  registry::LabelEvent extended;
  extended.kind = "extended";
  extended.actor_user_id = 3;
  extended.at = At("2028-10-01T01:00:00Z");
  extended.reason = "application 7, valid until 2028-12-01T15:00:00Z → 2030-12-01T15:00:00Z";
  label.history.push_back(extended);
  label.valid_until = At("2030-12-01T15:00:00Z");

  // After the extension the status box names the new end of validity.
  std::string ja = StatusBox(Render(label, Language::kJapanese));
  EXPECT_NE(ja.find("有効期間延長（申請 7）。有効期限 2030年12月1日"), std::string::npos) << ja;
  EXPECT_NE(ja.find("2028年10月1日"), std::string::npos) << ja;

  registry::LabelEvent withdrawn;
  withdrawn.kind = "withdrawn";
  withdrawn.from = registry::LabelStatus::kActive;
  withdrawn.to = registry::LabelStatus::kWithdrawn;
  withdrawn.actor_user_id = 4;
  withdrawn.at = At("2029-03-01T03:00:00Z");
  withdrawn.reason = "vendor request / 自主取下げ: 販売終了";  // as WithdrawLabel stores it
  label.history.push_back(withdrawn);
  label.status = registry::LabelStatus::kWithdrawn;

  const std::string ja_page = Render(label, Language::kJapanese);
  ja = StatusBox(ja_page);
  EXPECT_NE(ja.find("取下げ：販売終了"), std::string::npos) << ja;
  EXPECT_NE(ja.find("2029年3月1日"), std::string::npos) << ja;
  EXPECT_FALSE(HasIsoTimestamp(ja)) << ja;
  const std::string history = History(ja_page);
  EXPECT_FALSE(HasIsoTimestamp(history)) << history;
  // Newest first: withdrawn, extended, issued.
  const std::size_t w = history.find("取下げ：販売終了");
  const std::size_t e = history.find("有効期間延長（申請 7）。有効期限 2030年12月1日");
  const std::size_t i = history.find("ラベル付与（申請 2）。有効期限 2028年12月1日");
  ASSERT_NE(w, std::string::npos) << history;
  ASSERT_NE(e, std::string::npos) << history;
  ASSERT_NE(i, std::string::npos) << history;
  EXPECT_LT(w, e);
  EXPECT_LT(e, i);

  const std::string en_page = Render(label, Language::kEnglish);
  const std::string en = StatusBox(en_page);
  EXPECT_NE(en.find("Withdrawn: 販売終了"), std::string::npos) << en;
  EXPECT_NE(en.find("1 March 2029"), std::string::npos) << en;
  EXPECT_FALSE(HasIsoTimestamp(en)) << en;
  const std::string en_history = History(en_page);
  EXPECT_NE(en_history.find("Validity extended (application 7); valid until 1 December 2030"),
            std::string::npos)
      << en_history;
  EXPECT_NE(en_history.find("Label issued (application 2); valid until 1 December 2028"),
            std::string::npos)
      << en_history;
  EXPECT_EQ(en_history.find("年"), std::string::npos) << en_history;
}

TEST_F(RegistryViewsTest, ExpiredRecordedOrComputedOnRead) {
  registry::Label label = Issued();
  label.status = registry::LabelStatus::kExpired;
  // Not swept yet: no event, the workflow's timed rule words it.
  std::string ja = StatusBox(Render(label, Language::kJapanese));
  EXPECT_NE(ja.find("有効期間満了"), std::string::npos) << ja;
  EXPECT_NE(ja.find("2028年12月1日"), std::string::npos) << ja;
  EXPECT_EQ(ja.find("validity period ended"), std::string::npos) << ja;
  std::string en = StatusBox(Render(label, Language::kEnglish));
  EXPECT_NE(en.find("Validity period ended"), std::string::npos) << en;
  EXPECT_NE(en.find("1 December 2028"), std::string::npos) << en;

  // Swept by the registry (the system, the timed rule's own reason).
  registry::LabelEvent expired;
  expired.kind = "expired";
  expired.from = registry::LabelStatus::kActive;
  expired.to = registry::LabelStatus::kExpired;
  expired.actor_email = "system";
  expired.at = label.valid_until;
  expired.reason = "validity period ended without extension / 有効期間満了";
  label.history.push_back(expired);
  const std::string page = Render(label, Language::kJapanese);
  ja = StatusBox(page);
  EXPECT_NE(ja.find("有効期間満了"), std::string::npos) << ja;
  EXPECT_EQ(ja.find("without extension"), std::string::npos) << ja;
  EXPECT_NE(ja.find("2028年12月2日"), std::string::npos) << ja;  // midnight JST, 2 December
  EXPECT_FALSE(HasIsoTimestamp(page)) << page;
  en = StatusBox(Render(label, Language::kEnglish));
  EXPECT_NE(en.find("Validity period ended"), std::string::npos) << en;
  EXPECT_FALSE(HasIsoTimestamp(en)) << en;
}

TEST_F(RegistryViewsTest, OldEntriesAndPrivateEventsStillRender) {
  registry::Label label = Issued();
  label.history[0].reason = "ラベル交付 / label issued";  // a seeded / older entry
  registry::LabelEvent evidence;
  evidence.kind = "evidence-submitted";
  evidence.at = At("2027-01-01T00:00:00Z");
  evidence.reason = "secret evidence";
  label.history.push_back(evidence);
  const std::string page = Render(label, Language::kJapanese);
  EXPECT_NE(StatusBox(page).find("ラベル付与"), std::string::npos);
  EXPECT_EQ(page.find("label issued"), std::string::npos);
  EXPECT_EQ(page.find("secret evidence"), std::string::npos);  // public: false
}

}  // namespace
}  // namespace iotmark::web
