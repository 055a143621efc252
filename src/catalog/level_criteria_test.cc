// Levels with their own criteria: `extends:` + `requirements:` of a level,
// the errors at load (duplicate id, cycle, unknown target), the overlay of a
// test pack over schemes/, and LevelCriteria on the real catalog.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "catalog/catalog.h"
#include "catalog/catalog_json.h"

namespace iotmark::catalog {
namespace {

namespace fs = std::filesystem;

const fs::path kTestPack = fs::path(IOTMARK_SOURCE_DIR) / "tests/fixtures/schemes/jcstar-test";

std::vector<std::string> Ids(const std::vector<Requirement>& requirements) {
  std::vector<std::string> ids;
  for (const Requirement& r : requirements) ids.push_back(r.id);
  return ids;
}

const std::vector<Requirement>& CriteriaOf(const Catalog& catalog, const char* level) {
  auto criteria = catalog.LevelCriteria("jcstar-star1", level);
  if (!criteria.ok()) {
    ADD_FAILURE() << level << ": " << criteria.status().ToString();
    static const std::vector<Requirement> kNone;
    return kNone;
  }
  return **criteria;
}

TEST(LevelCriteriaTest, RealCatalogHasOnlyStar1Criteria) {
  Result<Catalog> catalog = Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(CriteriaOf(*catalog, "star1").size(), 16u);
  EXPECT_EQ(Ids(CriteriaOf(*catalog, "star1")),
            Ids(catalog->FindPack("jcstar-star1")->requirements));
  for (const char* level : {"star2", "star3", "star4"}) {
    auto criteria = catalog->LevelCriteria("jcstar-star1", level);
    ASSERT_FALSE(criteria.ok()) << level;
    EXPECT_EQ(criteria.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(criteria.status().field(), "level");
    EXPECT_NE(criteria.status().message().find(std::string("(") + level), std::string::npos)
        << criteria.status().message();
    EXPECT_NE(criteria.status().message().find("are not in this catalog"), std::string::npos);
    EXPECT_NE(criteria.status().message().find("適合基準はこのカタログにありません"),
              std::string::npos);
  }
  auto unknown = catalog->LevelCriteria("jcstar-star1", "star9");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().field(), "level");
  EXPECT_EQ(catalog->LevelCriteria("no-such-pack", "star1").status().field(), "scheme");
  EXPECT_TRUE(
      ToJson(*catalog->FindPack("jcstar-star1")->FindLevel("star3"))["effective_criteria"].empty());
}

TEST(LevelCriteriaTest, TestPackOverlaysStar2ToStar4) {
  Result<Catalog> catalog = Catalog::LoadLayers({IOTMARK_SOURCE_SCHEMES_DIR, kTestPack});
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  const Pack* pack = catalog->FindPack("jcstar-star1");
  ASSERT_EQ(pack->levels.size(), 4u);  // replaced, not added
  std::vector<std::string> star1 = Ids(pack->requirements);
  // star2 extends the pack, star3 the level star1, star4 the level star3.
  std::vector<std::string> star2 = star1, star3 = star1;
  star2.insert(star2.end(), {"T2.1-01", "T2.1-02"});
  star3.insert(star3.end(), {"T3.1-01", "T3.1-02", "T3.1-03"});
  std::vector<std::string> star4 = star3;
  star4.insert(star4.end(), {"T4.1-01", "T4.1-02"});
  EXPECT_EQ(Ids(CriteriaOf(*catalog, "star1")), star1);
  EXPECT_EQ(Ids(CriteriaOf(*catalog, "star2")), star2);
  EXPECT_EQ(Ids(CriteriaOf(*catalog, "star3")), star3);
  EXPECT_EQ(Ids(CriteriaOf(*catalog, "star4")), star4);
  EXPECT_TRUE(pack->FindLevel("star3")->available);
  EXPECT_EQ(pack->FindLevel("star3")->assessment, "third-party");
  // The pack's own requirements stay ★1; level criteria are still found by id.
  EXPECT_EQ(pack->requirements.size(), 16u);
  const Requirement* t31 = catalog->FindRequirement("T3.1-01");
  ASSERT_NE(t31, nullptr);
  EXPECT_EQ(t31->pack, "jcstar-star1");
  EXPECT_EQ(t31->source_kind, "test");
  EXPECT_TRUE(t31->RequiresDeviceTest());
  EXPECT_EQ(t31->cross_references.at(0).ref, "5.7-1");
  // The JSON view (catalog list --json, the API) lists them too.
  nlohmann::ordered_json star3_json = ToJson(*pack->FindLevel("star3"));
  EXPECT_EQ(star3_json["extends"], "star1");
  EXPECT_EQ(star3_json["effective_criteria"].size(), 19u);
  EXPECT_EQ(star3_json["effective_criteria"][16], "T3.1-01");
  EXPECT_EQ(star3_json["requirements"].size(), 3u);
  // The same through a ':' list, as --schemes and IOTMARK_SCHEMES_DIR take it.
  Result<Catalog> listed =
      Catalog::Load(std::string(IOTMARK_SOURCE_SCHEMES_DIR) + ":" + kTestPack.string());
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(Ids(CriteriaOf(*listed, "star4")), star4);
}

TEST(LevelCriteriaTest, TestPackAloneDoesNotLoad) {
  Result<Catalog> alone = Catalog::Load(kTestPack);
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.status().message().find("no pack with id \"jcstar-star1\""), std::string::npos)
      << alone.status().message();
}

constexpr const char* kPack = R"(id: mini
kind: criteria
name_ja: ミニ
name_en: Mini
version: "1"
source: test
source_kind: seed
requirements:
  - id: M-01
    category_ja: 分類
    requirement_ja: 要件
    criterion_ja: 基準
    title_en: Title
    summary_en: Summary
    na_allowed: false
    giteki_deeming: false
    evaluation_methods:
      - {kind: document, description_ja: 文書}
    source: test
    source_kind: seed
levels:
  - id: base
    stars: 1
    name_ja: 基本
    name_en: Base
    assessment: self-declaration
    criteria: common
    max_validity_months: 24
    description_ja: 基本
    source: test
  - id: plus
    stars: 2
    name_ja: 追加
    name_en: Plus
    assessment: third-party
    criteria: product-type
    max_validity_months: 12
    description_ja: 追加
    source: test
    extends: base
    requirements:
      - id: P-01
        category_ja: 分類
        requirement_ja: 要件
        criterion_ja: 基準
        title_en: Plus one
        summary_en: Summary
        na_allowed: false
        giteki_deeming: false
        evaluation_methods:
          - {kind: device-test, description_ja: 実機}
        source: test
        source_kind: seed
)";

class LevelLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = fs::temp_directory_path() /
                 ("iotmark_levels_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_ / "base");
    fs::create_directories(directory_ / "overlay");
  }
  void TearDown() override { fs::remove_all(directory_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name, std::ios::binary) << text;
  }
  Result<Catalog> LoadWith(const std::string& text) {
    Write("base/mini.yaml", text);
    return Catalog::Load(directory_ / "base");
  }
  static std::string Replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }
  static int LineOf(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  }
  static void ExpectError(const Result<Catalog>& result, int line, const std::string& field,
                          const std::string& words) {
    ASSERT_FALSE(result.ok());
    const std::string& message = result.status().message();
    EXPECT_NE(message.find("mini.yaml:" + std::to_string(line) + ":"), std::string::npos)
        << message;
    EXPECT_NE(message.find(field), std::string::npos) << message;
    EXPECT_NE(message.find(words), std::string::npos) << message;
  }

  fs::path directory_;
};

TEST_F(LevelLoadTest, ExtendsThenOwnRequirements) {
  Result<Catalog> catalog = LoadWith(kPack);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  auto base = catalog->LevelCriteria("mini", "base");
  auto plus = catalog->LevelCriteria("mini", "plus");
  ASSERT_TRUE(base.ok() && plus.ok());
  EXPECT_EQ(Ids(**base), (std::vector<std::string>{"M-01"}));
  EXPECT_EQ(Ids(**plus), (std::vector<std::string>{"M-01", "P-01"}));
  EXPECT_EQ((*plus)->at(1).pack, "mini");
  EXPECT_TRUE((*plus)->at(1).RequiresDeviceTest());
  EXPECT_EQ(catalog->FindRequirement("P-01"),
            &catalog->FindPack("mini")->levels[1].requirements[0]);
  // A pack id as target: the pack's own requirements; without extends only
  // the level's own.
  Result<Catalog> by_pack = LoadWith(Replace(kPack, "extends: base", "extends: mini"));
  ASSERT_TRUE(by_pack.ok()) << by_pack.status().ToString();
  EXPECT_EQ(Ids(**by_pack->LevelCriteria("mini", "plus")),
            (std::vector<std::string>{"M-01", "P-01"}));
  Result<Catalog> own_only = LoadWith(Replace(kPack, "    extends: base\n", ""));
  ASSERT_TRUE(own_only.ok()) << own_only.status().ToString();
  EXPECT_EQ(Ids(**own_only->LevelCriteria("mini", "plus")), (std::vector<std::string>{"P-01"}));
}

TEST_F(LevelLoadTest, DuplicateCriterionIdIsRefused) {
  std::string text = Replace(kPack, "id: P-01", "id: M-01");
  ExpectError(LoadWith(text), LineOf(text, "- id: M-01\n        category_ja"),
              "levels[1].requirements[0].id", "duplicate requirement id \"M-01\"");
}

TEST_F(LevelLoadTest, ExtendsCycleIsRefused) {
  std::string text =
      Replace(kPack, "    criteria: common\n", "    criteria: common\n    extends: plus\n");
  Result<Catalog> result = LoadWith(text);
  ExpectError(result, LineOf(text, "extends: plus"), "levels[0].extends", "extends cycle");
  EXPECT_NE(result.status().message().find("mini:base → mini:plus → mini:base"), std::string::npos)
      << result.status().message();
  std::string self = Replace(kPack, "extends: base", "extends: plus");
  ExpectError(LoadWith(self), LineOf(self, "extends: plus"), "levels[1].extends", "extends cycle");
}

TEST_F(LevelLoadTest, UnknownExtendsTargetIsRefused) {
  std::string text = Replace(kPack, "extends: base", "extends: star7");
  ExpectError(LoadWith(text), LineOf(text, "extends: star7"), "levels[1].extends",
              "no level or criteria pack \"star7\" to extend");
  text = Replace(kPack, "extends: base", "extends: \"mini:star7\"");
  ExpectError(LoadWith(text), LineOf(text, "extends: \"mini:star7\""), "levels[1].extends",
              "no level or criteria pack \"mini:star7\"");
}

TEST_F(LevelLoadTest, AvailableProductTypeLevelNeedsCriteria) {
  std::string text = kPack;
  text = text.substr(0, text.find("    extends: base\n"));
  ExpectError(LoadWith(text), LineOf(text, "- id: plus"), "levels[1]",
              "neither extends: nor requirements:");
  Result<Catalog> unavailable = LoadWith(text + "    available: false\n");
  ASSERT_TRUE(unavailable.ok()) << unavailable.status().ToString();
  EXPECT_EQ(unavailable->LevelCriteria("mini", "plus").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(LevelLoadTest, LaterFolderReplacesALevelSameFolderMayNot) {
  std::string head = kPack;
  head = head.substr(0, head.find("  - id: plus"));
  std::string unavailable = head + R"(  - id: plus
    stars: 2
    name_ja: 追加
    name_en: Plus
    assessment: third-party
    criteria: product-type
    max_validity_months: 12
    description_ja: 追加
    source: test
    available: false
)";
  std::string plus = kPack;
  plus = "extends: mini\nlevels:\n" + plus.substr(plus.find("  - id: plus"));
  Write("base/mini.yaml", unavailable);
  Write("overlay/plus.yaml", plus);
  Result<Catalog> overlaid = Catalog::LoadLayers({directory_ / "base", directory_ / "overlay"});
  ASSERT_TRUE(overlaid.ok()) << overlaid.status().ToString();
  EXPECT_EQ(overlaid->FindPack("mini")->levels.size(), 2u);
  EXPECT_EQ(Ids(**overlaid->LevelCriteria("mini", "plus")),
            (std::vector<std::string>{"M-01", "P-01"}));
  // Without the overlay the level stays unavailable.
  EXPECT_FALSE(Catalog::Load(directory_ / "base")->LevelCriteria("mini", "plus").ok());
  // In one folder the same level twice is an error.
  Write("base/plus.yaml", plus);
  Result<Catalog> twice = Catalog::Load(directory_ / "base");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("duplicate level id \"plus\""), std::string::npos)
      << twice.status().message();
  EXPECT_NE(twice.status().message().find("plus.yaml:"), std::string::npos);
}

TEST_F(LevelLoadTest, EmptyFolderInAListIsRefused) {
  Write("base/mini.yaml", kPack);
  Result<Catalog> result = Catalog::Load((directory_ / "base").string() + "::x");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("an empty folder"), std::string::npos);
}

}  // namespace
}  // namespace iotmark::catalog
