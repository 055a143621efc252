// `iotmark checklist` for a level above ★1: init and validate answer the
// level's effective criteria with the test pack overlaid on schemes/
// (tests/fixtures/schemes/jcstar-test), and refuse the level (exit 2, naming
// it) with the real schemes/, whose ★2–★4 criteria are not in the catalog.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog/catalog.h"

#include "../support/cli_process.h"

namespace iotmark::checklist {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kSchemes = std::string(IOTMARK_SOURCE_DIR) + "/schemes";
const std::string kWithTestPack =
    kSchemes + ":" + IOTMARK_SOURCE_DIR + "/tests/fixtures/schemes/jcstar-test";

using iotmark::testing::Quote;
using iotmark::testing::RunOutput;
using iotmark::testing::Slurp;

class LevelCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = iotmark::testing::FreshTestFolder("iotmark-level-cli");
  }
  void TearDown() override { fs::remove_all(folder_); }

  RunOutput Iotmark(const std::string& schemes, const std::vector<std::string>& args) {
    return iotmark::testing::RunIotmark(folder_, schemes, args);
  }

  // Fills in basic_info and every result of `file` (a `level` checklist)
  // through the CLI, with evidence for the device-test criteria.
  void FillIn(const std::string& file, const char* level) {
    RunOutput info = Iotmark(kWithTestPack, {"checklist",
                                             "set-info",
                                             file,
                                             "--vendor",
                                             "テスト電機",
                                             "--product-name",
                                             "カメラ",
                                             "--model-number",
                                             "TC-3",
                                             "--firmware-version",
                                             "1.0",
                                             "--product-type",
                                             "ネットワークカメラ",
                                             "--giteki-number",
                                             "D 22-0001 201",
                                             "--contact",
                                             "psirt@example.jp",
                                             "--vulnerability-policy-url",
                                             "https://example.jp/security",
                                             "--support-end",
                                             "2030-03-31"});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    auto catalog = catalog::Catalog::Load(kWithTestPack);
    ASSERT_TRUE(catalog.ok()) << catalog.status().message();
    auto criteria = catalog->LevelCriteria("jcstar-star1", level);
    ASSERT_TRUE(criteria.ok()) << criteria.status().message();
    for (const catalog::Requirement& requirement : **criteria) {
      std::vector<std::string> args = {"checklist",   "set",          file,
                                       "--criterion", requirement.id, "--verdict",
                                       "conform",     "--method",     "document"};
      if (requirement.giteki_deeming) {
        args.back() = "deemed";
      } else if (requirement.RequiresDeviceTest()) {
        std::string evidence = "evidence/" + requirement.id + ".json";
        fs::create_directories(folder_ / "evidence");
        std::ofstream(folder_ / evidence) << "{\"criterion\": \"" << requirement.id << "\"}";
        RunOutput added = Iotmark(kWithTestPack, {"evidence", "add", file, evidence, "--criterion",
                                                  requirement.id, "--method", "device-test"});
        ASSERT_EQ(added.exit_code, 0) << added.err;
        args.resize(args.size() - 2);
      }
      RunOutput set = Iotmark(kWithTestPack, args);
      ASSERT_EQ(set.exit_code, 0) << requirement.id << ": " << set.err;
    }
  }

  fs::path folder_;
};

TEST_F(LevelCliTest, InitForStar3WritesItsEffectiveCriteria) {
  RunOutput init = Iotmark(kWithTestPack, {"checklist", "init", "--scheme", "jcstar-star1",
                                           "--level", "star3", "-o", "cl.json", "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto printed = nlohmann::json::parse(init.out);
  EXPECT_EQ(printed["level"], "star3");
  EXPECT_EQ(printed["criteria"], 19);
  auto tree = nlohmann::json::parse(Slurp(folder_ / "cl.json"));
  EXPECT_EQ(tree["scheme"], "jcstar-star1");
  EXPECT_EQ(tree["level"], "star3");
  ASSERT_EQ(tree["results"].size(), 19u);
  EXPECT_EQ(tree["results"][0]["criterion"], "S1.1-01");
  EXPECT_EQ(tree["results"][15]["criterion"], "S1.1-16");
  EXPECT_EQ(tree["results"][16]["criterion"], "T3.1-01");
  EXPECT_EQ(tree["results"][18]["criterion"], "T3.1-03");
  // Without --level: the ★1 template, as before.
  ASSERT_EQ(
      Iotmark(kWithTestPack, {"checklist", "init", "--scheme", "jcstar-star1", "-o", "star1.json"})
          .exit_code,
      0);
  auto star1 = nlohmann::json::parse(Slurp(folder_ / "star1.json"));
  EXPECT_FALSE(star1.contains("level"));
  EXPECT_EQ(star1["results"].size(), 16u);
  // An unknown level is a usage error naming it.
  RunOutput unknown = Iotmark(kWithTestPack, {"checklist", "init", "--scheme", "jcstar-star1",
                                              "--level", "star9", "-o", "x.json"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("\"star9\" is not a level"));
}

TEST_F(LevelCliTest, ValidateChecksTheLevelsCriteria) {
  ASSERT_EQ(Iotmark(kWithTestPack, {"checklist", "init", "--scheme", "jcstar-star1", "--level",
                                    "star3", "-o", "cl.json"})
                .exit_code,
            0);
  FillIn("cl.json", "star3");
  RunOutput valid = Iotmark(kWithTestPack, {"checklist", "validate", "cl.json", "--json"});
  ASSERT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  auto report = nlohmann::json::parse(valid.out);
  EXPECT_EQ(report["level"], "star3");
  EXPECT_EQ(report["summary"]["conform"], 19);

  // Dropping a ★3 criterion is a missing result; a ★4 criterion is unknown to ★3.
  auto tree = nlohmann::json::parse(Slurp(folder_ / "cl.json"));
  ASSERT_EQ(tree["results"][17]["criterion"], "T3.1-02");
  tree["results"][17]["criterion"] = "T4.1-01";
  std::ofstream(folder_ / "broken.json") << tree.dump(2);
  RunOutput broken = Iotmark(kWithTestPack, {"checklist", "validate", "broken.json"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out << broken.err;
  EXPECT_THAT(broken.out, HasSubstr("no result for criterion T3.1-02"));
  EXPECT_THAT(broken.out, HasSubstr("$.results[17].criterion: "));
  EXPECT_THAT(broken.out, HasSubstr("unknown criterion \"T4.1-01\" in jcstar-star1 star3"));

  // The same file as a ★1 checklist: the ★3 criteria are not ★1's.
  tree = nlohmann::json::parse(Slurp(folder_ / "cl.json"));
  tree.erase("level");
  std::ofstream(folder_ / "as-star1.json") << tree.dump(2);
  RunOutput as_star1 = Iotmark(kWithTestPack, {"checklist", "validate", "as-star1.json"});
  EXPECT_EQ(as_star1.exit_code, 1);
  EXPECT_THAT(as_star1.out, HasSubstr("unknown criterion \"T3.1-01\" in jcstar-star1"));
  // `set` refuses a criterion the level does not have.
  RunOutput set = Iotmark(kWithTestPack, {"checklist", "set", "cl.json", "--criterion", "T4.1-01",
                                          "--verdict", "conform", "--method", "document"});
  EXPECT_EQ(set.exit_code, 2);
  EXPECT_THAT(set.err, HasSubstr("unknown criterion \"T4.1-01\""));
}

TEST_F(LevelCliTest, RealSchemesRefuseStar3) {
  RunOutput init = Iotmark(kSchemes, {"checklist", "init", "--scheme", "jcstar-star1", "--level",
                                      "star3", "-o", "cl.json"});
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_THAT(init.err, HasSubstr("level: the criteria of Level 3 (star3"));
  EXPECT_THAT(init.err, HasSubstr("are not in this catalog"));
  EXPECT_FALSE(fs::exists(folder_ / "cl.json"));

  // A ★3 checklist made with the test pack cannot be validated without it.
  ASSERT_EQ(Iotmark(kWithTestPack, {"checklist", "init", "--scheme", "jcstar-star1", "--level",
                                    "star3", "-o", "cl.json"})
                .exit_code,
            0);
  RunOutput validate = Iotmark(kSchemes, {"checklist", "validate", "cl.json"});
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_THAT(validate.err, HasSubstr("star3"));
  EXPECT_THAT(validate.err, HasSubstr("★3（レベル3） の適合基準はこのカタログにありません"));
  RunOutput json = Iotmark(kSchemes, {"checklist", "validate", "cl.json", "--json"});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(json.out)["error"]["code"], "failed precondition") << json.out;
}

TEST_F(LevelCliTest, CatalogValidateAcceptsTheOverlay) {
  RunOutput real = Iotmark(kSchemes, {"catalog", "validate"});
  EXPECT_EQ(real.exit_code, 0) << real.out << real.err;
  EXPECT_THAT(real.out, HasSubstr("jcstar-star1 star1: 16 "));
  EXPECT_THAT(real.out,
              HasSubstr("jcstar-star1 star3: 適合基準なし / criteria not in this catalog"));
  RunOutput overlaid = Iotmark(kSchemes, {"catalog", "validate", kWithTestPack});
  EXPECT_EQ(overlaid.exit_code, 0) << overlaid.out << overlaid.err;
  EXPECT_THAT(overlaid.out, HasSubstr("jcstar-star1 star2: 18 "));
  EXPECT_THAT(overlaid.out, HasSubstr("jcstar-star1 star3: 19 "));
  EXPECT_THAT(overlaid.out, HasSubstr("jcstar-star1 star4: 21 "));
}

}  // namespace
}  // namespace iotmark::checklist
