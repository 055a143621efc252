#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/migrations.h"

namespace iotmark::store {
namespace {

std::filesystem::path TempDatabase(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("iotmark-store-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir / "test.db";
}

TEST(StoreTest, OpensAndMigratesToLatestVersion) {
  auto store = OpenStore("sqlite:" + TempDatabase("migrate").string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto version = (*store)->SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, SqliteMigrations().back().version);
  EXPECT_EQ((*store)->BackendName(), "sqlite");
  auto integrity = (*store)->IntegrityCheck();
  ASSERT_TRUE(integrity.ok());
  EXPECT_EQ(*integrity, "ok");
}

TEST(StoreTest, ReopeningDoesNotReapplyMigrations) {
  auto path = TempDatabase("reopen");
  {
    auto store = OpenStore("sqlite:" + path.string());
    ASSERT_TRUE(store.ok());
  }
  auto store = OpenStore("sqlite:" + path.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::int64_t applied = 0;
  ASSERT_TRUE((*store)
                  ->RunReadOnly([&](Transaction& transaction) {
                    auto rows = transaction.Query("SELECT COUNT(*) FROM schema_version", {});
                    if (!rows.ok()) return rows.status();
                    applied = rows->front().Int(0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(applied, static_cast<std::int64_t>(SqliteMigrations().size()));
}

TEST(StoreTest, RejectsUnknownUrls) {
  EXPECT_EQ(OpenStore("mysql://x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:/nonexistent-dir-iotmark/x/y.db").status().code(),
            StatusCode::kIoError);
}

TEST(StoreTest, CommitsOnOkAndRollsBackOnError) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Status created = (*store)->RunInTransaction([](Transaction& transaction) {
    return transaction
        .Execute("INSERT INTO organizations (name, created_at) VALUES (?, ?)",
                 {std::string("A社"), std::int64_t{1}})
        .status();
  });
  ASSERT_TRUE(created.ok()) << created.ToString();
  Status failed = (*store)->RunInTransaction([](Transaction& transaction) {
    auto inserted =
        transaction.Execute("INSERT INTO organizations (name, created_at) VALUES (?, ?)",
                            {std::string("B社"), std::int64_t{2}});
    if (!inserted.ok()) return inserted.status();
    return Status::FailedPrecondition("abort on purpose");
  });
  EXPECT_EQ(failed.code(), StatusCode::kFailedPrecondition);
  std::vector<std::string> names;
  ASSERT_TRUE((*store)
                  ->RunReadOnly([&](Transaction& transaction) {
                    auto rows = transaction.Query("SELECT name FROM organizations ORDER BY id", {});
                    if (!rows.ok()) return rows.status();
                    for (const Row& row : *rows) names.push_back(row.Text(0));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(names, std::vector<std::string>{"A社"});
}

TEST(StoreTest, MapsConstraintViolationsAndBadSql) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok());
  auto insert = [&](const std::string& name) {
    return (*store)->RunInTransaction([&](Transaction& transaction) {
      return transaction
          .Execute("INSERT INTO organizations (name, created_at) VALUES (?, ?)",
                   {name, std::int64_t{1}})
          .status();
    });
  };
  ASSERT_TRUE(insert("X").ok());
  EXPECT_EQ(insert("X").code(), StatusCode::kAlreadyExists);
  Status foreign = (*store)->RunInTransaction([](Transaction& transaction) {
    return transaction
        .Execute(
            "INSERT INTO products (organization_id, model_number, name, created_at) "
            "VALUES (?, ?, ?, ?)",
            {std::int64_t{999}, std::string("M"), std::string("N"), std::int64_t{1}})
        .status();
  });
  EXPECT_EQ(foreign.code(), StatusCode::kInvalidArgument) << foreign.ToString();
  Status bad = (*store)->RunReadOnly(
      [](Transaction& transaction) { return transaction.Query("SELEC nonsense", {}).status(); });
  EXPECT_EQ(bad.code(), StatusCode::kInternal);
  EXPECT_NE(bad.message().find("SELEC nonsense"), std::string::npos);
  Status wrong_count = (*store)->RunReadOnly(
      [](Transaction& transaction) { return transaction.Query("SELECT ?", {}).status(); });
  EXPECT_EQ(wrong_count.code(), StatusCode::kInternal);
}

TEST(StoreTest, InsertReturningIdAndQueryOne) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok());
  std::int64_t first = 0, second = 0;
  ASSERT_TRUE((*store)
                  ->RunInTransaction([&](Transaction& transaction) -> Status {
                    auto a = transaction.InsertReturningId(
                        "INSERT INTO organizations (name, created_at) VALUES (?, ?) RETURNING id",
                        {std::string("A"), std::int64_t{1}});
                    if (!a.ok()) return a.status();
                    auto b = transaction.InsertReturningId(
                        "INSERT INTO organizations (name, created_at) VALUES (?, ?) RETURNING id",
                        {std::string("B"), std::int64_t{1}});
                    if (!b.ok()) return b.status();
                    first = *a;
                    second = *b;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_GT(second, first);
  ASSERT_TRUE((*store)
                  ->RunReadOnly([&](Transaction& transaction) -> Status {
                    auto missing = transaction.QueryOne(
                        "SELECT name FROM organizations WHERE id = ?", {std::int64_t{12345}});
                    EXPECT_TRUE(missing.ok());
                    EXPECT_FALSE(missing->has_value());
                    auto found = transaction.QueryOne(
                        "SELECT name, contact_email, NULL FROM organizations WHERE id = ?",
                        {second});
                    EXPECT_TRUE(found.ok() && found->has_value());
                    EXPECT_EQ((*found)->Text(0), "B");
                    EXPECT_TRUE((*found)->IsNull(2));
                    EXPECT_FALSE((*found)->OptionalInt(2).has_value());
                    return Status::Ok();
                  })
                  .ok());
}

TEST(StoreTest, ConcurrentWritersFromManyThreadsAllCommit) {
  auto store = OpenStore("sqlite:" + TempDatabase("threads").string());
  ASSERT_TRUE(store.ok());
  constexpr int kThreads = 4;
  constexpr int kWritesPerThread = 25;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        Status status = (*store)->RunInTransaction([&](Transaction& transaction) {
          return transaction
              .Execute("INSERT INTO organizations (name, created_at) VALUES (?, ?)",
                       {"org-" + std::to_string(t) + "-" + std::to_string(i), std::int64_t{1}})
              .status();
        });
        if (!status.ok()) ++failures;
        // Interleave readers.
        (*store)
            ->RunReadOnly([](Transaction& transaction) {
              return transaction.Query("SELECT COUNT(*) FROM organizations", {}).status();
            })
            .ok();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::int64_t count = 0;
  ASSERT_TRUE((*store)
                  ->RunReadOnly([&](Transaction& transaction) {
                    auto rows = transaction.Query("SELECT COUNT(*) FROM organizations", {});
                    if (!rows.ok()) return rows.status();
                    count = rows->front().Int(0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(count, kThreads * kWritesPerThread);
}

TEST(StoreTest, LabelSearchTableFollowsLabels) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok());
  Status status = (*store)->RunInTransaction([](Transaction& transaction) -> Status {
    const char* statements[] = {
        "INSERT INTO organizations (id, name, name_en, created_at) VALUES (1, 'サンプル電機', "
        "'Sample Electric', 0)",
        "INSERT INTO products (id, organization_id, model_number, name, created_at) VALUES (1, 1, "
        "'SC-2000X', 'ネットワークカメラ', 0)",
        "INSERT INTO applications (id, organization_id, product_id, kind, scheme, level, state, "
        "created_at, updated_at) VALUES (1, 1, 1, 'new', 'jcstar-star1', 'star1', 'paid', 0, 0)",
        "INSERT INTO labels (id, registration_number, product_id, organization_id, "
        "application_id, scheme, level, issued_at, valid_from, valid_until, status) VALUES (1, "
        "'JCS1-2026-000001-0', 1, 1, 1, 'jcstar-star1', 'star1', 0, 0, 1, 'active')",
    };
    for (const char* sql : statements) {
      auto result = transaction.Execute(sql, {});
      if (!result.ok()) return result.status();
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  auto search = [&](const std::string& term) {
    std::vector<std::string> found;
    (*store)
        ->RunReadOnly([&](Transaction& transaction) {
          auto rows = transaction.Query(
              "SELECT registration_number FROM label_search WHERE label_search MATCH ?",
              {"\"" + term + "\""});
          if (!rows.ok()) return rows.status();
          for (const Row& row : *rows) found.push_back(row.Text(0));
          return Status::Ok();
        })
        .ok();
    return found.size();
  };
  EXPECT_EQ(search("2000"), 1u);
  EXPECT_EQ(search("カメラ"), 1u);
  EXPECT_EQ(search("Electric"), 1u);
  EXPECT_EQ(search("冷蔵庫"), 0u);
  ASSERT_TRUE((*store)
                  ->RunInTransaction([](Transaction& transaction) {
                    return transaction
                        .Execute("UPDATE products SET name = 'スマート冷蔵庫' WHERE id = 1", {})
                        .status();
                  })
                  .ok());
  EXPECT_EQ(search("冷蔵庫"), 1u);
  EXPECT_EQ(search("カメラ"), 0u);
}

}  // namespace
}  // namespace iotmark::store
