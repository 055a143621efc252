// The real catalog under schemes/: loads, holds all 16 ★1 criteria with the
// evaluation methods, NA rules and 技適 deeming of seed 004.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <set>

namespace iotmark::catalog {
namespace {

const Catalog& RealCatalog() {
  static const Catalog catalog = [] {
    Result<Catalog> loaded = Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().ToString();
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return catalog;
}

std::string CriterionId(int number) {
  return std::string("S1.1-") + (number < 10 ? "0" : "") + std::to_string(number);
}

TEST(CatalogTest, Star1HasAllSixteenCriteriaInOrder) {
  const Pack* pack = RealCatalog().FindPack("jcstar-star1");
  ASSERT_NE(pack, nullptr);
  EXPECT_EQ(pack->kind, "criteria");
  ASSERT_EQ(pack->requirements.size(), 16u);
  for (int i = 1; i <= 16; ++i) {
    EXPECT_EQ(pack->requirements[i - 1].id, CriterionId(i));
    EXPECT_EQ(RealCatalog().FindRequirement(CriterionId(i)), &pack->requirements[i - 1]);
  }
}

TEST(CatalogTest, NoRequiredFieldOfACriterionIsEmpty) {
  for (const Requirement& r : RealCatalog().FindPack("jcstar-star1")->requirements) {
    SCOPED_TRACE(r.id);
    EXPECT_EQ(r.pack, "jcstar-star1");
    EXPECT_FALSE(r.category_ja.empty());
    EXPECT_FALSE(r.requirement_ja.empty());
    EXPECT_FALSE(r.criterion_ja.empty());
    EXPECT_FALSE(r.title_en.empty());
    EXPECT_FALSE(r.summary_en.empty());
    EXPECT_FALSE(r.source.empty());
    EXPECT_EQ(r.source_kind, "seed");
    EXPECT_FALSE(r.evaluation_methods.empty());
    EXPECT_FALSE(r.cross_references.empty());
    for (const EvaluationMethod& method : r.evaluation_methods) {
      EXPECT_FALSE(method.description_ja.empty());
    }
    if (r.na_allowed) {
      EXPECT_FALSE(r.na_conditions_ja.empty());
      EXPECT_FALSE(r.na_reason_must_show_ja.empty());
    }
    for (const SubItem& item : r.sub_items) EXPECT_FALSE(item.text_ja.empty());
    EXPECT_EQ(r.sub_items.empty(), r.sub_items_rule.empty());
  }
}

TEST(CatalogTest, DeviceTestsAreExactlyThoseOfTheSeed) {
  const std::set<std::string> expected = {"S1.1-04", "S1.1-06", "S1.1-10",
                                          "S1.1-13", "S1.1-14", "S1.1-15"};
  std::set<std::string> actual;
  for (const Requirement& r : RealCatalog().FindPack("jcstar-star1")->requirements) {
    if (r.RequiresDeviceTest()) actual.insert(r.id);
  }
  EXPECT_EQ(actual, expected);
  // Device test only (実機テストのみ, ドキュメント評価：なし).
  for (const char* id : {"S1.1-04", "S1.1-06", "S1.1-10", "S1.1-14"}) {
    EXPECT_FALSE(RealCatalog().FindRequirement(id)->HasDocumentReview()) << id;
  }
  for (const char* id : {"S1.1-13", "S1.1-15"}) {
    const Requirement* r = RealCatalog().FindRequirement(id);
    EXPECT_TRUE(r->HasDocumentReview()) << id;
    EXPECT_EQ(r->FindMethod("device-test")->sub_items, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(r->FindMethod("document")->sub_items, (std::vector<std::string>{"1"}));
  }
}

TEST(CatalogTest, GitekiDeemingExactlyOn01_06_14) {
  std::set<std::string> deemed;
  for (const Requirement& r : RealCatalog().FindPack("jcstar-star1")->requirements) {
    if (r.giteki_deeming) {
      deemed.insert(r.id);
      EXPECT_NE(r.giteki_basic_info_field_ja.find("技術基準適合認定番号"), std::string::npos);
    }
  }
  EXPECT_EQ(deemed, (std::set<std::string>{"S1.1-01", "S1.1-06", "S1.1-14"}));
}

TEST(CatalogTest, NaAllowedWhereTheSeedGivesConditions) {
  std::set<std::string> na;
  for (const Requirement& r : RealCatalog().FindPack("jcstar-star1")->requirements) {
    if (r.na_allowed) na.insert(r.id);
  }
  EXPECT_EQ(na, (std::set<std::string>{"S1.1-01", "S1.1-02", "S1.1-03", "S1.1-04", "S1.1-08",
                                       "S1.1-12"}));
  const Requirement* constrained = RealCatalog().FindRequirement("S1.1-04");
  EXPECT_NE(constrained->na_conditions_ja.find("制約のある機器"), std::string::npos);
}

TEST(CatalogTest, SubItemsAndRules) {
  const Requirement* r16 = RealCatalog().FindRequirement("S1.1-16");
  ASSERT_EQ(r16->sub_items.size(), 5u);
  EXPECT_EQ(r16->sub_items_rule, "all");
  EXPECT_EQ(RealCatalog().FindRequirement("S1.1-02")->sub_items_rule, "any");
  EXPECT_NE(RealCatalog().FindRequirement("S1.1-13")->sub_items[0].text_ja.find("Bluetooth"),
            std::string::npos);
}

TEST(CatalogTest, EveryCrossReferencedSchemeIsAPack) {
  for (const char* id : {"etsi-en-303-645", "eu-cra", "singapore-cls", "uk-psti", "nistir-8425",
                         "iec-62443-4-2", "iec-62443-4-1", "mic-terminal-equipment-rules", "ccds",
                         "bmsec", "rbss", "special-purpose-device-pp"}) {
    const Pack* pack = RealCatalog().FindPack(id);
    ASSERT_NE(pack, nullptr) << id;
    EXPECT_EQ(pack->kind, "reference") << id;
  }
}

TEST(CatalogTest, ReferenceIdsAreQualifiedByPack) {
  // ETSI and Singapore CLS both number a provision "5.1-3".
  const Requirement* etsi = RealCatalog().FindRequirement("etsi-en-303-645", "5.1-3");
  const Requirement* cls = RealCatalog().FindRequirement("singapore-cls:5.1-3");
  ASSERT_NE(etsi, nullptr);
  ASSERT_NE(cls, nullptr);
  EXPECT_NE(etsi, cls);
  EXPECT_EQ(cls->pack, "singapore-cls");
  EXPECT_EQ(RealCatalog().FindRequirement("S1.1-99"), nullptr);
  EXPECT_EQ(RealCatalog().FindRequirement("no-such-pack:5.1-3"), nullptr);
}

TEST(CatalogTest, BmsecAndCcdsSayTheirTextIsNotAvailable) {
  for (const char* id : {"bmsec", "ccds"}) {
    const Pack* pack = RealCatalog().FindPack(id);
    ASSERT_NE(pack, nullptr);
    for (const Requirement& r : pack->requirements) {
      EXPECT_FALSE(r.full_text_available) << r.id;
      EXPECT_TRUE(r.criterion_ja.empty()) << r.id;  // nothing invented
    }
  }
  EXPECT_NE(RealCatalog().FindRequirement("bmsec", "PR-1"), nullptr);
  int public_ccds = 0;
  for (const Requirement& r : RealCatalog().FindPack("ccds")->requirements) {
    if (r.source_kind == "public") ++public_ccds;
  }
  EXPECT_EQ(public_ccds, 11);
}

TEST(CatalogTest, LevelsAndStatuses) {
  const Pack* pack = RealCatalog().FindPack("jcstar-star1");
  ASSERT_EQ(pack->levels.size(), 4u);
  EXPECT_EQ(pack->FindLevel("star1")->assessment, "self-declaration");
  EXPECT_EQ(pack->FindLevel("star2")->assessment, "self-declaration");
  EXPECT_EQ(pack->FindLevel("star3")->assessment, "third-party");
  EXPECT_EQ(pack->FindLevel("star4")->criteria, "product-type");
  EXPECT_EQ(pack->FindLevel("star1")->criteria, "common");
  for (const Level& level : pack->levels) EXPECT_EQ(level.max_validity_months, 24);
  EXPECT_NE(pack->FindLevel("star1")->validity_rules_ja.find("自主取下げ"), std::string::npos);
  EXPECT_EQ(pack->label_statuses, (std::vector<std::string>{"active", "expired", "withdrawn",
                                                            "revoked", "under-surveillance"}));
  EXPECT_EQ(pack->FindStatus("withdrawn")->name_ja, "失効(自主取下げ)");
  EXPECT_EQ(pack->FindStatus("expired")->name_ja, "失効(有効期限切れ)");
  EXPECT_EQ(pack->FindStatus("revoked")->name_ja, "取消し");
  EXPECT_EQ(pack->FindStatus("under-surveillance")->name_ja, "サーベイランス実施中");
  EXPECT_TRUE(pack->FindStatus("active")->label_effective);
  EXPECT_FALSE(pack->FindStatus("revoked")->label_effective);
}

TEST(CatalogTest, FeeWindow) {
  const Catalog& catalog = RealCatalog();
  auto fee = [&](const char* day) {
    Result<FeeRule> rule = catalog.FeeFor("jcstar-star1", "star1", "new", *ParseDate(day));
    EXPECT_TRUE(rule.ok()) << rule.status().ToString();
    return rule.ok() ? rule->amount_jpy : -1;
  };
  EXPECT_EQ(fee("2025-03-01"), 110000);
  EXPECT_EQ(fee("2025-09-30"), 110000);
  EXPECT_EQ(fee("2025-10-01"), 198000);
  EXPECT_EQ(fee("2026-11-23"), 198000);
  // 2025-09-30 23:30 JST is still the old fee; 2025-10-01 00:30 JST is the new one.
  EXPECT_EQ(catalog.FeeFor("jcstar-star1", "star1", "new", *ParseIso8601("2025-09-30T14:30:00Z"))
                ->amount_jpy,
            110000);
  EXPECT_EQ(catalog.FeeFor("jcstar-star1", "star1", "new", *ParseIso8601("2025-09-30T15:30:00Z"))
                ->amount_jpy,
            198000);
  EXPECT_TRUE(
      catalog.FeeFor("jcstar-star1", "star1", "new", *ParseDate("2025-10-01"))->tax_included);
  EXPECT_EQ(
      catalog.FeeFor("jcstar-star1", "star9", "new", *ParseDate("2025-10-01")).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(catalog.FeeFor("nope", "star1", "new", *ParseDate("2025-10-01")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(catalog.FeeFor("jcstar-star1", "star1", "extension", *ParseDate("2025-10-01"))
                .status()
                .code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace iotmark::catalog
