// The provider files: metadata, ROLIE feed, index.txt, changes.csv, hashes.
#include "csaf/provider.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "csaf/test_input.h"

namespace iotmark::csaf {
namespace {

using nlohmann::json;

std::vector<CsafDocument> TwoDocuments() {
  ProductInput first = testing::EveryStatusInput();
  ProductInput second = testing::EveryStatusInput();
  second.tracking_id = "IOTMARK-VEX-JCS1-2025-000002-5";
  second.revisions = {{testing::At(1750000000), "初版 / Initial release"}};
  return {BuildDocument(first, Category::kVex, testing::TestPublisher()).value(),
          BuildDocument(second, Category::kVex, testing::TestPublisher()).value()};
}

crypto::OpenPgpKey Key() {
  return crypto::OpenPgpKey(crypto::SigningKey::FromSeed(std::string(32, '\x01')).value(),
                            "test <csaf@example.invalid>");
}

TEST(CsafProvider, MetadataNamesFeedKeyAndRole) {
  const auto documents = TwoDocuments();
  json metadata = json::parse(ProviderMetadataJson(testing::TestPublisher(), Key(), documents));
  EXPECT_EQ(metadata["role"], "csaf_trusted_provider");
  EXPECT_EQ(metadata["metadata_version"], "2.0");
  EXPECT_EQ(metadata["canonical_url"],
            "http://127.0.0.1:8080/.well-known/csaf/provider-metadata.json");
  EXPECT_EQ(metadata["last_updated"], "2026-09-27T09:06:40Z");
  EXPECT_EQ(metadata["public_openpgp_keys"][0]["fingerprint"], Key().Fingerprint());
  EXPECT_EQ(metadata["distributions"][0]["rolie"]["feeds"][0]["url"],
            "http://127.0.0.1:8080/.well-known/csaf/white/csaf-feed-tlp-white.json");
}

TEST(CsafProvider, FeedIndexAndChangesListEveryDocumentNewestFirst) {
  const auto documents = TwoDocuments();
  json feed = json::parse(RolieFeedJson(testing::TestPublisher(), documents));
  ASSERT_EQ(feed["feed"]["entry"].size(), 2u);
  EXPECT_EQ(feed["feed"]["entry"][0]["id"], "IOTMARK-VEX-JCS1-2026-000001-0");
  EXPECT_EQ(feed["feed"]["entry"][0]["link"][3]["rel"], "signature");
  EXPECT_EQ(IndexTxt(documents),
            "2025/iotmark-vex-jcs1-2025-000002-5.json\n"
            "2026/iotmark-vex-jcs1-2026-000001-0.json\n");
  EXPECT_EQ(ChangesCsv(documents),
            "\"2026/iotmark-vex-jcs1-2026-000001-0.json\",\"2026-09-27T09:06:40Z\"\n"
            "\"2025/iotmark-vex-jcs1-2025-000002-5.json\",\"2025-06-15T15:06:40Z\"\n");
}

TEST(CsafProvider, HashFilesUseTheSumFormat) {
  const auto documents = TwoDocuments();
  EXPECT_EQ(HashFile(documents[0], "sha256"),
            Sha256Hex(documents[0].json) + "  iotmark-vex-jcs1-2026-000001-0.json\n");
  EXPECT_EQ(HashFile(documents[0], "sha512"),
            crypto::Sha512Hex(documents[0].json) + "  iotmark-vex-jcs1-2026-000001-0.json\n");
  EXPECT_EQ(SignatureFile(documents[0], Key()), SignatureFile(documents[0], Key()));
}

}  // namespace
}  // namespace iotmark::csaf
