// PortableSecurityInformationRepository on SQLite (and on PostgreSQL with
// IOTMARK_TEST_DB_URL): update releases and vulnerabilities round-trip and
// list newest first (ties: higher id first), per product; an identifier is
// recorded once per product.
#include "persistence/portable/security_information_repository.h"

#include "persistence/portable/repository_test_support.h"
#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {
namespace {

class SecurityInformationRepositoryTest : public RepositoryTest {
 protected:
  PortableSecurityInformationRepository security_;
};

TEST_F(SecurityInformationRepositoryTest, NewestFirstAndUniqueIdentifiers) {
  Write([&](store::Transaction& t) {
    auto older = security_.InsertUpdateRelease(
        t, {0, product_id_, "1.0.1", FromSeconds(1'700'000'000), "修正", false});
    auto newer = security_.InsertUpdateRelease(
        t, {0, product_id_, "1.1.0", FromSeconds(1'700'100'000), "telnet 無効化", true});
    auto same_day = security_.InsertUpdateRelease(
        t, {0, product_id_, "1.1.1", FromSeconds(1'700'100'000), "same day", false});
    ASSERT_TRUE(older.ok() && newer.ok() && same_day.ok()) << older.status().ToString();
    auto releases = security_.ListUpdateReleases(t, product_id_);
    ASSERT_TRUE(releases.ok());
    ASSERT_EQ(releases->size(), 3u);
    EXPECT_EQ((*releases)[0].id, *same_day);  // same date: higher id first
    EXPECT_EQ((*releases)[1].id, *newer);
    EXPECT_TRUE((*releases)[1].security_relevant);
    EXPECT_EQ((*releases)[1].summary, "telnet 無効化");
    EXPECT_EQ((*releases)[2].version, "1.0.1");
    EXPECT_EQ((*releases)[2].released_on, FromSeconds(1'700'000'000));

    auto cve = security_.InsertVulnerability(t, {0, product_id_, "CVE-2026-0001", "high", "1.1.0",
                                                 "https://jvn.jp/x", FromSeconds(1'700'000'000)});
    auto jvn = security_.InsertVulnerability(
        t, {0, product_id_, "JVN#0002", "low", "", "", FromSeconds(1'700'000'500)});
    ASSERT_TRUE(cve.ok() && jvn.ok());
    auto vulnerabilities = security_.ListVulnerabilities(t, product_id_);
    ASSERT_TRUE(vulnerabilities.ok());
    ASSERT_EQ(vulnerabilities->size(), 2u);
    EXPECT_EQ((*vulnerabilities)[0].identifier, "JVN#0002");
    EXPECT_EQ((*vulnerabilities)[1].identifier, "CVE-2026-0001");
    EXPECT_EQ((*vulnerabilities)[1].severity, "high");
    EXPECT_EQ((*vulnerabilities)[1].fixed_in_version, "1.1.0");
    EXPECT_EQ((*vulnerabilities)[1].advisory_url, "https://jvn.jp/x");
    EXPECT_EQ((*vulnerabilities)[1].published_at, FromSeconds(1'700'000'000));
    EXPECT_TRUE(security_.ListUpdateReleases(t, product_id_ + 100)->empty());
  });
  Status duplicate = store_->RunInTransaction([&](store::Transaction& t) {
    return security_
        .InsertVulnerability(t, {0, product_id_, "CVE-2026-0001", "low", "", "", FromSeconds(0)})
        .status();
  });
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists) << duplicate.ToString();
}

}  // namespace
}  // namespace iotmark::persistence::portable
