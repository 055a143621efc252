// Crash safety (100 cycles): a child process writes a burst of transactions and reports
// each acknowledged id through a pipe; the parent kills it with SIGKILL in
// the middle, reopens the store and checks that the database is intact and
// that every acknowledged write is present.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "store/store.h"

namespace iotmark::store {
namespace {

[[noreturn]] void ChildWriter(const std::string& url, int write_fd) {
  auto store = OpenStore(url);
  if (!store.ok()) _exit(3);
  for (std::int64_t i = 0;; ++i) {
    std::int64_t id = 0;
    Status status = (*store)->RunInTransaction([&](Transaction& transaction) -> Status {
      auto organization = transaction.InsertReturningId(
          "INSERT INTO organizations (name, created_at) VALUES (?, ?) RETURNING id",
          {"crash-org-" + std::to_string(::getpid()) + "-" + std::to_string(i), i});
      if (!organization.ok()) return organization.status();
      // A second row in the same transaction: both or neither must survive.
      auto product = transaction.Execute(
          "INSERT INTO products (organization_id, model_number, name, created_at) "
          "VALUES (?, ?, ?, ?)",
          {*organization, "M-" + std::to_string(i), std::string("product"), i});
      if (!product.ok()) return product.status();
      id = *organization;
      return Status::Ok();
    });
    if (!status.ok()) _exit(4);
    // Acknowledge only after the commit returned.
    if (write(write_fd, &id, sizeof(id)) != sizeof(id)) _exit(5);
  }
}

TEST(CrashTest, KilledWriterLosesNothingAcknowledged) {
  auto dir =
      std::filesystem::temp_directory_path() / ("iotmark-crash-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string url = "sqlite:" + (dir / "crash.db").string();
  {
    auto created = OpenStore(url);  // migrate once before the burst
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  // 100 kill -9 cycles; the kill lands after 20…169 acknowledged writes.
  constexpr int kRounds = 100;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::fflush(nullptr);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      ChildWriter(url, fds[1]);
    }
    close(fds[1]);
    std::set<std::int64_t> acknowledged;
    const std::size_t kill_after = 20 + (round * 37) % 150;
    std::int64_t id = 0;
    while (acknowledged.size() < kill_after && read(fds[0], &id, sizeof(id)) == sizeof(id)) {
      acknowledged.insert(id);
    }
    ASSERT_EQ(kill(child, SIGKILL), 0);
    // Ids acknowledged between our last read and the kill still count.
    while (read(fds[0], &id, sizeof(id)) == sizeof(id)) acknowledged.insert(id);
    close(fds[0]);
    int wait_status = 0;
    ASSERT_EQ(waitpid(child, &wait_status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited early with " << wait_status;
    ASSERT_GE(acknowledged.size(), kill_after);

    auto store = OpenStore(url);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto integrity = (*store)->IntegrityCheck();
    ASSERT_TRUE(integrity.ok());
    EXPECT_EQ(*integrity, "ok");
    std::set<std::int64_t> present;
    std::int64_t organizations_without_product = -1;
    ASSERT_TRUE((*store)
                    ->RunReadOnly([&](Transaction& transaction) -> Status {
                      auto rows = transaction.Query("SELECT id FROM organizations", {});
                      if (!rows.ok()) return rows.status();
                      for (const Row& row : *rows) present.insert(row.Int(0));
                      auto orphans = transaction.Query(
                          "SELECT COUNT(*) FROM organizations o WHERE NOT EXISTS "
                          "(SELECT 1 FROM products p WHERE p.organization_id = o.id)",
                          {});
                      if (!orphans.ok()) return orphans.status();
                      organizations_without_product = orphans->front().Int(0);
                      return Status::Ok();
                    })
                    .ok());
    for (std::int64_t acknowledged_id : acknowledged) {
      EXPECT_TRUE(present.count(acknowledged_id))
          << "acknowledged id " << acknowledged_id << " lost in round " << round;
    }
    EXPECT_EQ(organizations_without_product, 0) << "a transaction was torn";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotmark::store
