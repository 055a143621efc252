#include "web/search_page.h"

#include <gtest/gtest.h>

namespace iotmark::web {
namespace {

SearchPageModel SampleSearch() {
  SearchPageModel model;
  model.query = "カメラ";
  model.status = "active";
  model.product_types = {"ネットワークカメラ", "ルーター"};
  model.product_type = "ルーター";
  model.page = 2;
  model.has_next_page = true;
  model.searched = true;
  model.hits = {{"JC1-2026-000123-7", "東京電機", "防犯カメラ <b>", "TK-1", "ネットワークカメラ",
                 "star1", "revoked", "2028-03-31"}};
  return model;
}

TEST(SearchPage, KeepsQueryFiltersAndPages) {
  Result<PageRenderer> renderer = PageRenderer::Create();
  ASSERT_TRUE(renderer.ok()) << renderer.status().ToString();
  Result<std::string> html = RenderSearchPage(*renderer, SampleSearch(), Language::kJapanese);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->find("value=\"カメラ\""), std::string::npos);
  EXPECT_NE(html->find("<option value=\"active\" selected>"), std::string::npos);
  EXPECT_NE(html->find("<option value=\"ルーター\" selected>"), std::string::npos);
  const std::string query = "q=%E3%82%AB%E3%83%A1%E3%83%A9&amp;status=active";
  EXPECT_NE(html->find("href=\"/search?" + query), std::string::npos);
  EXPECT_NE(html->find("&amp;page=3\""), std::string::npos);  // next
  EXPECT_NE(html->find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(html->find("取消し (Revoked)"), std::string::npos);
  EXPECT_NE(html->find("防犯カメラ &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html->find("href=\"/labels/JC1-2026-000123-7\""), std::string::npos);
}

TEST(SearchPage, FirstPageHasNoPreviousLinkAndEnglishKeepsLanguage) {
  Result<PageRenderer> renderer = PageRenderer::Create();
  ASSERT_TRUE(renderer.ok());
  SearchPageModel model = SampleSearch();
  model.page = 1;
  model.has_next_page = false;
  Result<std::string> html = RenderSearchPage(*renderer, model, Language::kEnglish);
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html->find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(html->find("rel=\"next\""), std::string::npos);
  EXPECT_NE(html->find("href=\"/labels/JC1-2026-000123-7?lang=en\""), std::string::npos);
  EXPECT_NE(html->find("<input type=\"hidden\" name=\"lang\" value=\"en\">"), std::string::npos);
}

TEST(SearchPage, EmptyResultsSaySoWithoutClaims) {
  Result<PageRenderer> renderer = PageRenderer::Create();
  ASSERT_TRUE(renderer.ok());
  SearchPageModel model = SampleSearch();
  model.hits.clear();
  Result<std::string> html = RenderSearchPage(*renderer, model, Language::kJapanese);
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("見つかりませんでした"), std::string::npos);
  EXPECT_EQ(html->find("申請中"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::web
