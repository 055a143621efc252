// The PostgreSQL backend against a real server: run with IOTMARK_TEST_DB_URL
// set to a postgresql:// URL (scripts/pg-test-cluster.sh starts a throwaway
// cluster; scripts/test.sh does that). Without it these tests are skipped.
#include "store/postgres_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <set>
#include <thread>
#include <vector>

#include "store/migrations.h"

namespace iotmark::store {
namespace {

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("IOTMARK_TEST_DB_URL");
    if (base == nullptr || std::string_view(base).substr(0, 13) != "postgresql://") {
      GTEST_SKIP() << "IOTMARK_TEST_DB_URL names no PostgreSQL server";
    }
    auto url = TestStoreUrl("unused");
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
  }

  std::unique_ptr<Store> Open(const std::string& suffix = "") {
    auto store = OpenStore(url_ + suffix);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static Status Insert(Store& store, const std::string& name) {
    return store.RunInTransaction([&](Transaction& transaction) {
      return transaction
          .Execute("INSERT INTO organizations (name, created_at) VALUES (?, ?)",
                   {name, std::int64_t{1}})
          .status();
    });
  }

  static std::int64_t Count(Store& store, const std::string& sql) {
    std::int64_t count = -1;
    EXPECT_TRUE(store
                    .RunReadOnly([&](Transaction& transaction) -> Status {
                      auto row = transaction.QueryOne(sql, {});
                      if (!row.ok()) return row.status();
                      count = (*row)->Int(0);
                      return Status::Ok();
                    })
                    .ok());
    return count;
  }

  // Ends every other connection to this test's database (what a server
  // restart does to a pool).
  void TerminateOtherConnections() {
    pqxx::connection admin(ParsePostgresUrl(url_).libpq_url);
    pqxx::nontransaction work(admin);
    work.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }

  std::string url_;
};

TEST_F(PostgresStoreTest, MigratesOnceToTheVersionOfTheSharedList) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->BackendName(), "postgresql");
    auto version = store->SchemaVersion();
    ASSERT_TRUE(version.ok()) << version.status().ToString();
    EXPECT_EQ(*version, Migrations().back().version);
    auto integrity = store->IntegrityCheck();
    ASSERT_TRUE(integrity.ok());
    EXPECT_EQ(*integrity, "ok");
  }
  auto again = Open();
  ASSERT_TRUE(again);
  EXPECT_EQ(Count(*again, "SELECT COUNT(*) FROM schema_version"),
            static_cast<std::int64_t>(Migrations().size()));
}

TEST_F(PostgresStoreTest, CommitsRollsBackAndMapsErrors) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(Insert(*store, "A社").ok());
  EXPECT_EQ(Insert(*store, "A社").code(), StatusCode::kAlreadyExists);
  Status aborted = store->RunInTransaction([](Transaction& transaction) {
    auto inserted = transaction.Execute(
        "INSERT INTO organizations (name, created_at) VALUES (?, ?)", {std::string("B"), 2});
    if (!inserted.ok()) return inserted.status();
    return Status::FailedPrecondition("abort on purpose");
  });
  EXPECT_EQ(aborted.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count(*store, "SELECT COUNT(*) FROM organizations"), 1);
  Status foreign = store->RunInTransaction([](Transaction& transaction) {
    return transaction
        .Execute(
            "INSERT INTO products (organization_id, model_number, name, created_at) VALUES (?, "
            "?, ?, ?)",
            {std::int64_t{999}, std::string("M"), std::string("N"), std::int64_t{1}})
        .status();
  });
  EXPECT_EQ(foreign.code(), StatusCode::kInvalidArgument) << foreign.ToString();
  Status bad = store->RunReadOnly(
      [](Transaction& transaction) { return transaction.Query("SELEC nonsense", {}).status(); });
  EXPECT_EQ(bad.code(), StatusCode::kInternal);
  EXPECT_NE(bad.message().find("SELEC nonsense"), std::string::npos);
  Status wrong_count = store->RunReadOnly(
      [](Transaction& transaction) { return transaction.Query("SELECT ? + 1", {}).status(); });
  EXPECT_EQ(wrong_count.code(), StatusCode::kInternal);
  // The pool still works after failed transactions.
  ASSERT_TRUE(Insert(*store, "C").ok());
}

TEST_F(PostgresStoreTest, ValuesRoundTripWithTheirTypes) {
  auto store = Open();
  ASSERT_TRUE(store);
  Status status = store->RunInTransaction([](Transaction& transaction) -> Status {
    auto id = transaction.InsertReturningId(
        "INSERT INTO organizations (name, name_en, created_at) VALUES (?, ?, ?) RETURNING id",
        {std::string("サンプル電機 '?'"), std::string("Sample"), std::int64_t{1'700'000'000'000}});
    if (!id.ok()) return id.status();
    auto row = transaction.QueryOne(
        "SELECT name, created_at, NULL, COUNT(*), SUM(created_at), 1.5, true FROM organizations "
        "WHERE id = ? GROUP BY name, created_at",
        {*id});
    if (!row.ok()) return row.status();
    EXPECT_TRUE(row->has_value());
    const Row& r = **row;
    EXPECT_EQ(r.Text(0), "サンプル電機 '?'");
    EXPECT_EQ(r.Int(1), 1'700'000'000'000);
    EXPECT_TRUE(r.IsNull(2));
    EXPECT_EQ(r.Int(3), 1);
    EXPECT_TRUE(std::holds_alternative<std::int64_t>(r.at(4)));  // numeric SUM
    EXPECT_EQ(r.Int(4), 1'700'000'000'000);
    EXPECT_DOUBLE_EQ(r.Real(5), 1.5);
    EXPECT_EQ(r.Int(6), 1);
    // The registry's page read: labels by a JSON array of ids (migration 2).
    auto ids = transaction.Query("SELECT value FROM json_each(?) ORDER BY value", {"[3,1,2]"});
    if (!ids.ok()) return ids.status();
    EXPECT_EQ(ids->size(), 3u);
    if (ids->size() == 3) {
      EXPECT_EQ((*ids)[2].Int(0), 3);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
}

TEST_F(PostgresStoreTest, ExplicitIdsThenSyncKeepGeneratedIdsUnique) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store
                  ->RunInTransaction([](Transaction& transaction) {
                    return transaction
                        .Execute(
                            "INSERT INTO organizations (id, name, created_at) VALUES (41, "
                            "'explicit', 0)",
                            {})
                        .status();
                  })
                  .ok());
  ASSERT_TRUE(store->SyncIdSequences().ok());
  std::int64_t next = 0;
  ASSERT_TRUE(store
                  ->RunInTransaction([&](Transaction& transaction) -> Status {
                    auto id = transaction.InsertReturningId(
                        "INSERT INTO organizations (name, created_at) VALUES ('generated', 0) "
                        "RETURNING id",
                        {});
                    if (!id.ok()) return id.status();
                    next = *id;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(next, 42);
}

// Writers are serialised across stores (the advisory lock): a
// read-modify-write counter from several threads and two stores (as two
// servers would) loses no increment.
TEST_F(PostgresStoreTest, WritersOfTwoStoresAreSerialised) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first
                  ->RunInTransaction([](Transaction& transaction) {
                    return transaction
                        .Execute(
                            "INSERT INTO registration_sequences (year, last_value) VALUES "
                            "(2026, 0)",
                            {})
                        .status();
                  })
                  .ok());
  constexpr int kThreads = 6, kIncrements = 40;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *first : *second;
      for (int i = 0; i < kIncrements; ++i) {
        Status status = store.RunInTransaction([](Transaction& transaction) -> Status {
          auto row = transaction.QueryOne(
              "SELECT last_value FROM registration_sequences WHERE year = ?", {2026});
          if (!row.ok()) return row.status();
          return transaction
              .Execute("UPDATE registration_sequences SET last_value = ? WHERE year = ?",
                       {(*row)->Int(0) + 1, 2026})
              .status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(*first, "SELECT last_value FROM registration_sequences WHERE year = 2026"),
            kThreads * kIncrements);
}

// A commit through one store wakes the watcher of another (two servers):
// LISTEN/NOTIFY, delivered at commit, not at the write inside the transaction.
TEST_F(PostgresStoreTest, WatchersHearCommitsOfOtherStores) {
  auto writer = Open();
  auto reader = Open();
  ASSERT_TRUE(writer && reader);
  std::unique_ptr<WriteWatcher> watcher = reader->WatchWrites();
  ASSERT_NE(watcher, nullptr);
  EXPECT_TRUE(watcher->Wait(std::chrono::milliseconds(100)));  // first call: just connected
  EXPECT_FALSE(watcher->Wait(std::chrono::milliseconds(200)));  // quiet
  // A rolled-back transaction notifies nobody.
  EXPECT_FALSE(writer->RunInTransaction([](Transaction&) { return Status::Internal("no"); }).ok());
  EXPECT_FALSE(watcher->Wait(std::chrono::milliseconds(200)));
  // Read-only transactions do not notify either.
  ASSERT_TRUE(writer->RunReadOnly([](Transaction&) { return Status::Ok(); }).ok());
  EXPECT_FALSE(watcher->Wait(std::chrono::milliseconds(200)));
  std::thread commit([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(Insert(*writer, "watched").ok());
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(watcher->Wait(std::chrono::seconds(5)));
  const auto waited = std::chrono::steady_clock::now() - started;
  commit.join();
  EXPECT_LT(waited, std::chrono::seconds(2)) << "woken by the timeout, not by the commit";
  EXPECT_FALSE(watcher->Wait(std::chrono::milliseconds(200)));
}

TEST_F(PostgresStoreTest, LostConnectionsAreReplacedAndTimeoutsAnswerUnavailable) {
  auto store = Open("?statement_timeout_ms=300");
  ASSERT_TRUE(store);
  ASSERT_TRUE(Insert(*store, "before").ok());
  TerminateOtherConnections();
  // The pooled connection is dead; the transaction is retried on a new one.
  EXPECT_TRUE(Insert(*store, "after").ok());
  EXPECT_EQ(Count(*store, "SELECT COUNT(*) FROM organizations"), 2);
  Status slow = store->RunReadOnly([](Transaction& transaction) {
    return transaction.Query("SELECT pg_sleep(2)", {}).status();
  });
  EXPECT_EQ(slow.code(), StatusCode::kUnavailable) << slow.ToString();
  EXPECT_EQ(slow.message().rfind("store unavailable", 0), 0u) << slow.message();
  // A connection dropped in the middle of a transaction's work: 503, nothing
  // written, and the next transaction works.
  Status torn = store->RunInTransaction([&](Transaction& transaction) -> Status {
    auto inserted =
        transaction.Execute("INSERT INTO organizations (name, created_at) VALUES ('torn', 1)", {});
    if (!inserted.ok()) return inserted.status();
    TerminateOtherConnections();
    return transaction.Execute("INSERT INTO organizations (name, created_at) VALUES ('x', 1)", {})
        .status();
  });
  EXPECT_EQ(torn.code(), StatusCode::kUnavailable) << torn.ToString();
  EXPECT_EQ(Count(*store, "SELECT COUNT(*) FROM organizations"), 2);
}

TEST_F(PostgresStoreTest, UnreachableServerAnswersUnavailable) {
  // Port 1 on loopback: nothing listens there.
  auto store = OpenStore("postgresql://iotmark@127.0.0.1:1/none?connect_timeout=1");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
}

}  // namespace
}  // namespace iotmark::store
