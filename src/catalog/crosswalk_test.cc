// Crosswalk and coverage over the real catalog.
#include <gtest/gtest.h>

#include <algorithm>

#include "catalog/catalog.h"

namespace iotmark::catalog {
namespace {

Catalog LoadReal() {
  Result<Catalog> loaded = Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(loaded).value();
}

std::vector<std::string> Ids(const std::vector<CrosswalkHit>& hits) {
  std::vector<std::string> ids;
  for (const CrosswalkHit& hit : hits) ids.push_back(hit.requirement->id);
  return ids;
}

TEST(CrosswalkTest, Etsi515MapsToS1104) {
  Catalog catalog = LoadReal();
  std::vector<CrosswalkHit> hits = catalog.Crosswalk("etsi-en-303-645", "5.1-5");
  // ★1 first (criteria packs come first), then Singapore CLS's provision of the same number.
  EXPECT_EQ(Ids(hits), (std::vector<std::string>{"S1.1-04", "5.1-5"}));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].requirement->pack, "jcstar-star1");
  EXPECT_EQ(hits[0].reference->note, "M C (5)");
  EXPECT_EQ(hits[1].requirement->pack, "singapore-cls");
}

TEST(CrosswalkTest, SharedProvisionsAndPacksOtherThanStar1) {
  Catalog catalog = LoadReal();
  // UK PSTI 1-(3) is cited by S1.1-01 and S1.1-02.
  EXPECT_EQ(Ids(catalog.Crosswalk("uk-psti", "SCHEDULE 1: 1-(3)")),
            (std::vector<std::string>{"S1.1-01", "S1.1-02"}));
  // ETSI 5.1-2 is cited by S1.1-02, by the CLS provision of the same number and by UK PSTI §1.
  std::vector<std::string> ids = Ids(catalog.Crosswalk("etsi-en-303-645", "5.1-2"));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "S1.1-02"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "SCHEDULE 1: 1"), ids.end());
  EXPECT_TRUE(catalog.Crosswalk("etsi-en-303-645", "9.9-9").empty());
  EXPECT_TRUE(catalog.Crosswalk("no-such-scheme", "5.1-5").empty());
  // BMSec PT-1 is cited by four criteria.
  EXPECT_EQ(Ids(catalog.Crosswalk("bmsec", "PT-1")),
            (std::vector<std::string>{"S1.1-06", "S1.1-07", "S1.1-09", "S1.1-16"}));
}

TEST(CrosswalkTest, CoverageOfUkPsti) {
  Catalog catalog = LoadReal();
  Result<Coverage> coverage = catalog.CoverageOf("jcstar-star1", "uk-psti");
  ASSERT_TRUE(coverage.ok()) << coverage.status().ToString();
  EXPECT_EQ(coverage->pack, "jcstar-star1");
  EXPECT_EQ(coverage->against, "uk-psti");
  ASSERT_EQ(coverage->entries.size(), 6u);
  auto entry = [&](const std::string& id) -> const Coverage::Entry& {
    for (const auto& e : coverage->entries) {
      if (e.provision == id) return e;
    }
    ADD_FAILURE() << id;
    return coverage->entries.front();
  };
  EXPECT_EQ(entry("SCHEDULE 1: 1-(3)").covered_by,
            (std::vector<std::string>{"S1.1-01", "S1.1-02"}));
  EXPECT_EQ(entry("SCHEDULE 1: 2-(2)").covered_by, (std::vector<std::string>{"S1.1-05"}));
  EXPECT_EQ(entry("SCHEDULE 1: 2-(3)").covered_by, (std::vector<std::string>{"S1.1-05"}));
  // Paragraph 1 is met through ETSI 5.1-2, which S1.1-02 references.
  EXPECT_TRUE(entry("SCHEDULE 1: 1").covered_by.empty());
  EXPECT_EQ(entry("SCHEDULE 1: 1").related_by,
            (std::vector<std::string>{"S1.1-02 (etsi-en-303-645 5.1-2)"}));
  EXPECT_EQ(entry("SCHEDULE 1: 2").related_by,
            (std::vector<std::string>{"S1.1-05 (etsi-en-303-645 5.2-1)"}));
  // Paragraph 3 (support period, ETSI 5.3-13) is not among ★1's references.
  EXPECT_TRUE(entry("SCHEDULE 1: 3").covered_by.empty());
  EXPECT_TRUE(entry("SCHEDULE 1: 3").related_by.empty());
  EXPECT_EQ(coverage->covered_count, 3);
}

TEST(CrosswalkTest, CoverageOfEtsiCountsEveryReferencedProvision) {
  Catalog catalog = LoadReal();
  Result<Coverage> coverage = catalog.CoverageOf("jcstar-star1", "etsi-en-303-645");
  ASSERT_TRUE(coverage.ok());
  EXPECT_EQ(coverage->covered_count, 16);  // 16 distinct ETSI provisions, one per criterion
  EXPECT_GT(coverage->entries.size(), 60u);
  EXPECT_EQ(catalog.CoverageOf("jcstar-star1", "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog.CoverageOf("nope", "uk-psti").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace iotmark::catalog
