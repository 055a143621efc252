#include "store/sqlite_backup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/migrations.h"
#include "store/store.h"

namespace iotmark::store {
namespace {

std::filesystem::path TempFolder(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("iotmark-backup-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// One organisation and its product per transaction, so a torn copy shows as
// an organisation without product.
Status WriteOne(Store& store, std::int64_t n) {
  return store.RunInTransaction([&](Transaction& t) -> Status {
    auto organization = t.InsertReturningId(
        "INSERT INTO organizations (name, created_at) VALUES (?, 0) RETURNING id",
        {"org " + std::to_string(n)});
    if (!organization.ok()) return organization.status();
    return t
        .Execute(
            "INSERT INTO products (organization_id, model_number, name, created_at) "
            "VALUES (?, ?, 'カメラ', 0)",
            {*organization, "M-" + std::to_string(n)})
        .status();
  });
}

TEST(SqliteBackupTest, BackupWhileWritingIsConsistentAndComplete) {
  const auto dir = TempFolder("live");
  const std::string path = (dir / "registry.db").string();
  auto opened = OpenStore("sqlite:" + path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(WriteOne(store, i).ok());
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> acknowledged{300};
  // A second process would do the same; a thread of its own store is a
  // separate connection pool and writer.
  std::thread writer([&] {
    auto other = OpenStore("sqlite:" + path);
    ASSERT_TRUE(other.ok());
    for (std::int64_t n = 300; !stop; ++n) {
      ASSERT_TRUE(WriteOne(**other, n).ok());
      acknowledged = n + 1;
    }
  });
  for (int round = 0; round < 3; ++round) {
    while (acknowledged < 300 + 50 * (round + 1))
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::int64_t before = acknowledged;
    const std::string destination = (dir / ("backup-" + std::to_string(round) + ".db")).string();
    auto report = BackupSqlite(path, destination);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->integrity, "ok");
    EXPECT_EQ(report->schema_version, Migrations().back().version);
    EXPECT_GT(report->pages, 0);
    EXPECT_EQ(report->bytes, report->pages * report->page_size);
    EXPECT_FALSE(std::filesystem::exists(destination + ".partial"));
    auto copy = OpenStore("sqlite:" + destination);
    ASSERT_TRUE(copy.ok()) << copy.status().ToString();
    EXPECT_EQ(*(*copy)->IntegrityCheck(), "ok");
    std::int64_t organizations = 0, orphans = -1;
    ASSERT_TRUE((*copy)
                    ->RunReadOnly([&](Transaction& t) -> Status {
                      organizations =
                          (*t.QueryOne("SELECT COUNT(*) FROM organizations", {}))->Int(0);
                      orphans = (*t.QueryOne("SELECT COUNT(*) FROM organizations o WHERE NOT "
                                             "EXISTS (SELECT 1 FROM products p WHERE "
                                             "p.organization_id = o.id)",
                                             {}))
                                    ->Int(0);
                      return Status::Ok();
                    })
                    .ok());
    EXPECT_GE(organizations, before) << "a commit acknowledged before the backup is missing";
    EXPECT_EQ(orphans, 0) << "the backup holds half a transaction";
  }
  stop = true;
  writer.join();
  EXPECT_GE(acknowledged.load(), 450);
  std::filesystem::remove_all(dir);
}

TEST(SqliteBackupTest, RefusesAnExistingDestinationAndAMissingSource) {
  const auto dir = TempFolder("refuse");
  const std::string path = (dir / "registry.db").string();
  { ASSERT_TRUE(OpenStore("sqlite:" + path).ok()); }
  const std::string destination = (dir / "taken.db").string();
  { std::ofstream(destination) << "keep me"; }
  auto refused = BackupSqlite(path, destination);
  EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists);
  std::string kept;
  std::getline(std::ifstream(destination), kept);
  EXPECT_EQ(kept, "keep me");
  EXPECT_EQ(BackupSqlite((dir / "none.db").string(), (dir / "x.db").string()).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.db"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotmark::store
