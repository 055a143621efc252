#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../support/cli_process.h"

namespace {

namespace fs = std::filesystem;

using iotmark::testing::Quote;
using iotmark::testing::RunOutput;
using iotmark::testing::Slurp;

class StoreCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = iotmark::testing::FreshTestFolder("iotmark-store-cli");
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunOutput Iotmark(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    return iotmark::testing::RunIotmark(dir_, IOTMARK_SOURCE_SCHEMES_DIR, args, 120, stdin_text);
  }
  std::string Db(const std::string& name) { return "sqlite:" + (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(StoreCliTest, CopyOfARealRegistryVerifiesAndRefusesASecondCopy) {
  // admin init: a signing key registered in the store, an admin user.
  RunOutput init = Iotmark(
      {"admin", "init", "--db", Db("a.db"), "--email", "admin@op.example", "--password-file", "-"},
      "a long passphrase");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  RunOutput copy = Iotmark({"store", "copy", "--from", Db("a.db"), "--to", Db("b.db"), "--json"});
  ASSERT_EQ(copy.exit_code, 0) << copy.err << copy.out;
  auto json = nlohmann::json::parse(copy.out);
  EXPECT_TRUE(json["ok"].get<bool>());
  EXPECT_GE(json["rows"].get<int>(), 2);  // the user and the signing key
  EXPECT_TRUE(json["verification"]["log"]["ok"].get<bool>());
  EXPECT_FALSE(json["verification"]["log"]["key_id"].get<std::string>().empty());
  EXPECT_TRUE(json["verification"]["label_records"]["ok"].get<bool>());
  EXPECT_NE(copy.err.find("users"), std::string::npos) << "progress per table on stderr";

  RunOutput again = Iotmark({"store", "copy", "--from", Db("a.db"), "--to", Db("b.db")});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds registry data"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--replace"), std::string::npos) << again.err;
  EXPECT_EQ(
      Iotmark({"store", "copy", "--from", Db("a.db"), "--to", Db("b.db"), "--replace"}).exit_code,
      0);
  EXPECT_EQ(Iotmark({"store", "copy", "--from", Db("a.db"), "--to", Db("./a.db")}).exit_code, 2);
  // The copy is a registry: its log verifies on its own.
  EXPECT_EQ(Iotmark({"log", "verify", "--db", Db("b.db")}).exit_code, 0);
}

TEST_F(StoreCliTest, CopyOfSeedDataSaysTheLogWasNeverIntact) {
  ASSERT_EQ(Iotmark({"dev", "seed", "--db", Db("seed.db"), "--labels", "60"}).exit_code, 0);
  RunOutput copy =
      Iotmark({"store", "copy", "--from", Db("seed.db"), "--to", Db("copy.db"), "--json"});
  EXPECT_EQ(copy.exit_code, 1) << copy.err;
  auto json = nlohmann::json::parse(copy.out);
  EXPECT_FALSE(json["ok"].get<bool>());
  EXPECT_FALSE(json["verification"]["log"]["ok"].get<bool>());
  EXPECT_TRUE(json["verification"]["label_records"]["ok"].get<bool>());
  EXPECT_EQ(json["verification"]["label_records"]["compared"].get<int>(), 60);
  EXPECT_NE(copy.out.find("the source fails the same way"), std::string::npos);
}

TEST_F(StoreCliTest, BackupWritesACheckedFileOnceAndSendsPostgresqlElsewhere) {
  ASSERT_EQ(Iotmark({"dev", "seed", "--db", Db("live.db"), "--labels", "30"}).exit_code, 0);
  RunOutput backup = Iotmark(
      {"store", "backup", "--db", Db("live.db"), "--to", (dir_ / "b.db").string(), "--json"});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  auto json = nlohmann::json::parse(backup.out);
  EXPECT_EQ(json["integrity_check"], "ok");
  EXPECT_EQ(json["bytes"].get<std::int64_t>(),
            static_cast<std::int64_t>(fs::file_size(dir_ / "b.db")));
  RunOutput twice =
      Iotmark({"store", "backup", "--db", Db("live.db"), "--to", (dir_ / "b.db").string()});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("exists already"), std::string::npos) << twice.err;
  RunOutput postgres =
      Iotmark({"store", "backup", "--db", "postgresql://iotmark@127.0.0.1:1/registry", "--to",
               (dir_ / "pg.db").string()});
  EXPECT_EQ(postgres.exit_code, 2);
  EXPECT_NE(postgres.err.find("pg_dump"), std::string::npos) << postgres.err;
  EXPECT_NE(postgres.err.find("PITR"), std::string::npos) << postgres.err;
  EXPECT_FALSE(fs::exists(dir_ / "pg.db"));
  RunOutput help = Iotmark({"store", "copy", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--replace"), std::string::npos);
  EXPECT_NE(help.out.find("Examples"), std::string::npos);
}

}  // namespace
