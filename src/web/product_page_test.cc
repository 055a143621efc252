#include "web/product_page.h"

#include <gtest/gtest.h>

#include <regex>

#include "web/test_labels.h"

namespace iotmark::web {
namespace {

class ProductPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<PageRenderer> created = PageRenderer::Create();
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    renderer_ = std::make_unique<PageRenderer>(std::move(created).value());
  }
  std::string Render(const LabelPageModel& label, Language language) {
    ProductPageContext context;
    context.csrf_token = "token123";
    Result<std::string> html = RenderProductPage(*renderer_, label, language, context);
    EXPECT_TRUE(html.ok()) << html.status().ToString();
    return html.ok() ? html.value() : "";
  }
  std::unique_ptr<PageRenderer> renderer_;
};

std::size_t Find(const std::string& html, std::string_view needle) {
  const std::size_t at = html.find(needle);
  EXPECT_NE(at, std::string::npos) << "missing: " << needle;
  return at;
}

TEST_F(ProductPageTest, StatusComesFirstWithDateAndReason) {
  LabelPageModel label = SampleLabel();
  label.status = "under-surveillance";
  label.status_changed_on = "2026-09-02";
  label.status_reason = "脆弱性報告の調査";
  const std::string html = Render(label, Language::kJapanese);
  const std::size_t main = Find(html, "<main id=\"main\">");
  const std::size_t status = Find(html, "サーベイランス実施中 (Under Surveillance)");
  // Nothing about the product comes between the start of main and the status.
  const std::size_t first_section = html.find("<section", main);
  EXPECT_NE(html.find("status-under-surveillance", first_section), std::string::npos);
  EXPECT_LT(status, html.find("JC1-2026-000123-7", main));
  EXPECT_LT(status, html.find("TK-CAM-200", main));
  const std::size_t date = Find(html, "2026-09-02");
  const std::size_t reason = Find(html, "脆弱性報告の調査");
  EXPECT_LT(date, Find(html, "label-heading"));
  EXPECT_LT(reason, Find(html, "label-heading"));
  // The status heading is the page's h1.
  EXPECT_TRUE(std::regex_search(html, std::regex("<h1[^>]*>.*サーベイランス実施中")));
}

TEST_F(ProductPageTest, EveryStatusHasItsOwnWords) {
  for (const char* status : {"active", "expired", "withdrawn", "revoked", "under-surveillance"}) {
    LabelPageModel label = SampleLabel();
    label.status = status;
    const std::string html = Render(label, Language::kEnglish);
    const std::string word = StatusWord(*renderer_, status, Language::kEnglish);
    EXPECT_NE(word, std::string("status_") + status) << "no message for " << status;
    EXPECT_NE(html.find("<span class=\"status-word\">" + word), std::string::npos) << status;
    EXPECT_NE(html.find("status-" + std::string(status)), std::string::npos);
  }
}

TEST_F(ProductPageTest, EveryApplicationStateHasItsOwnWords) {
  // The names registry::ApplicationStateName gives (web_pages does not link the
  // registry); several contain '-' while the message keys use '_'.
  for (const char* name :
       {"draft", "submitted", "supply-chain-inquiry", "inquiry-cleared", "inquiry-flagged",
        "accepted", "rejected", "fee-invoiced", "paid", "label-issued"}) {
    for (Language language : {Language::kJapanese, Language::kEnglish}) {
      const std::string word = ApplicationStateWord(*renderer_, name, language);
      EXPECT_EQ(word.find("app_state_"), std::string::npos) << "no message for " << name;
    }
  }
  EXPECT_EQ(ApplicationStateWord(*renderer_, "label-issued", Language::kJapanese),
            "ラベル交付済み");
}

TEST_F(ProductPageTest, JapaneseByDefaultEnglishOnRequest) {
  const std::string japanese = Render(SampleLabel(), Language::kJapanese);
  EXPECT_NE(japanese.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(japanese.find("登録番号"), std::string::npos);
  EXPECT_NE(japanese.find("有効 (Active)"), std::string::npos);
  EXPECT_NE(japanese.find("初期パスワードの変更"), std::string::npos);
  EXPECT_NE(japanese.find("href=\"/labels/JC1-2026-000123-7?lang=en\""), std::string::npos);

  const std::string english = Render(SampleLabel(), Language::kEnglish);
  EXPECT_NE(english.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(english.find("Registration number"), std::string::npos);
  EXPECT_NE(english.find("Active (有効)"), std::string::npos);
  EXPECT_NE(english.find("Default passwords"), std::string::npos);
  EXPECT_EQ(english.find("登録番号"), std::string::npos);
}

TEST_F(ProductPageTest, HostileInputIsEscaped) {
  LabelPageModel label = SampleLabel();
  label.product_name = "<script>alert('x')</script>";
  label.vendor_name = "\"><img src=x onerror=alert(1)>";
  label.status_reason = "<b>bold</b> & more";
  label.vendor_contact_url = "javascript:alert(1)";
  label.disclosure_policy_url = "javascript:alert(2)";
  label.vulnerabilities[0].advisory_url = "data:text/html,<script>";
  const std::string html = Render(label, Language::kJapanese);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(html.find("data:text"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; more"), std::string::npos);
}

TEST_F(ProductPageTest, SecurityInformationNewestFirst) {
  const std::string html = Render(SampleLabel(), Language::kJapanese);
  EXPECT_LT(Find(html, "CVE-2026-0002"), Find(html, "CVE-2026-0001"));
  EXPECT_LT(Find(html, "<strong>1.0.2</strong>"), Find(html, "<strong>1.0.1</strong>"));
  EXPECT_NE(html.find("未修正"), std::string::npos);  // CVE-2026-0002 has no fix yet
}

TEST_F(ProductPageTest, ShowsEverythingTheIssueLists) {
  const std::string html = Render(SampleLabel(), Language::kJapanese);
  for (const char* needle :
       {"★", "JC1-2026-000123-7", "2026-04-01", "2028-03-31", "東京電機株式会社",
        "psirt@example.jp", "防犯カメラ ミハル", "TK-CAM-200", "1.0.0", "2031-03-31",
        "https://example.jp/security/policy", "/labels/JC1-2026-000123-7/vulnerability-reports",
        "name=\"csrf_token\" value=\"token123\"", "/labels/JC1-2026-000123-7/label.svg", "S1.1-01",
        "S1.1-04", "対象外", "認証機能を持たない"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
}

TEST_F(ProductPageTest, CrosswalkColumns) {
  const nlohmann::json view =
      ProductPageView(*renderer_, SampleLabel(), Language::kJapanese, ProductPageContext{});
  ASSERT_EQ(view["criteria"].size(), 2u);
  EXPECT_EQ(view["criteria"][0]["etsi"], "5.1-1");
  EXPECT_EQ(view["criteria"][0]["psti"], "1");
  EXPECT_EQ(view["criteria"][0]["cls"], "1.1");
  EXPECT_EQ(view["criteria"][1]["etsi"], "5.1-5");
  EXPECT_EQ(view["criteria"][1]["psti"], "");
}

TEST_F(ProductPageTest, NoForbiddenClaimsInAnyLanguageOrStatus) {
  for (Language language : {Language::kJapanese, Language::kEnglish}) {
    for (const char* status : {"active", "expired", "withdrawn", "revoked", "under-surveillance"}) {
      LabelPageModel label = SampleLabel();
      label.status = status;
      label.vulnerabilities.clear();
      label.security_updates.clear();
      std::string html = Render(label, language);
      for (char& c : html) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const char* forbidden :
           {"脆弱性がないこと", "脆弱性はありません", "脆弱性なし", "申請中", "適合予定",
            "no vulnerabilities", "no known vulnerabilit", "complete security", "completely secure",
            "fully secure", "guaranteed secure"}) {
        EXPECT_EQ(html.find(forbidden), std::string::npos) << forbidden << " / " << status;
      }
    }
  }
}

TEST_F(ProductPageTest, NoInlineScriptOrStyleAndLabelledFields) {
  const std::string html = Render(SampleLabel(), Language::kJapanese);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("<[^>]+ on[a-z]+=")));
  // Every visible field has a <label for=…> naming its id.
  const std::regex field_id("<(input|textarea|select) id=\"([^\"]+)\"");
  int fields = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), field_id);
       it != std::sregex_iterator(); ++it) {
    ++fields;
    EXPECT_NE(html.find("<label for=\"" + (*it)[2].str() + "\""), std::string::npos)
        << (*it)[2].str();
  }
  EXPECT_EQ(fields, 3);
}

TEST(PercentEncode, EncodesEverythingOutsideUnreserved) {
  EXPECT_EQ(PercentEncode("JC1-2026_a.b~"), "JC1-2026_a.b~");
  EXPECT_EQ(PercentEncode("a/b?c"), "a%2Fb%3Fc");
  EXPECT_EQ(PercentEncode("カ"), "%E3%82%AB");
}

TEST_F(ProductPageTest, CertificationKindAndEvaluationBody) {
  LabelPageModel label = SampleLabel();
  label.level = "star3";
  label.stars = 3;
  label.certification_kind = "third-party";
  label.evaluation_lab = "第三者評価ラボ";
  const std::string ja = Render(label, Language::kJapanese);
  const std::size_t term = Find(ja, "<dt>適合性評価</dt>");
  const std::size_t value =
      Find(ja,
           "<dd class=\"certification certification-third-party\">第三者認証 · "
           "評価機関: <span class=\"evaluation-lab\">第三者評価ラボ</span></dd>");
  EXPECT_LT(term, value);
  EXPECT_GT(term, Find(ja, "<dd class=\"level\">★★★"));  // right after the level
  Find(Render(label, Language::kEnglish),
       "<dd class=\"certification certification-third-party\">Third-party certification · "
       "Evaluation body: <span class=\"evaluation-lab\">第三者評価ラボ</span></dd>");

  label.level = "star1";
  label.stars = 1;
  label.certification_kind = "self-declaration";
  label.evaluation_lab = "";
  const std::string declared = Render(label, Language::kJapanese);
  Find(declared, "<dd class=\"certification certification-self-declaration\">自己適合宣言</dd>");
  EXPECT_EQ(declared.find("第三者認証"), std::string::npos);
  EXPECT_EQ(declared.find("evaluation-lab"), std::string::npos);
  Find(Render(label, Language::kEnglish),
       "<dd class=\"certification certification-self-declaration\">Self-declaration</dd>");

  // Unknown (a model built without it): nothing is claimed.
  label.certification_kind = "";
  const std::string unknown = Render(label, Language::kJapanese);
  EXPECT_EQ(unknown.find("class=\"certification"), std::string::npos);
  EXPECT_EQ(unknown.find("<dt>適合性評価</dt>"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::web
