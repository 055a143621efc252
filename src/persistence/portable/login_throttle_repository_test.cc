// Login-throttle counters in the store: two throttles on one store (two
// servers) count the same failures, a new one (a restart) still sees them,
// and forgotten counters are swept. SQLite in a file, or PostgreSQL with
// IOTMARK_TEST_DB_URL.
#include "persistence/portable/login_throttle_repository.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "registry/login_throttle.h"

namespace iotmark::persistence::portable {
namespace {

using registry::LoginThrottle;
using registry::LoginThrottleOptions;
using std::chrono::seconds;

class StoredLoginThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("iotmark-throttle-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto url = store::TestStoreUrl("sqlite:" + (dir_ / "registry.db").string());
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // One "server": its own store (connection pool) and throttle.
  struct Server {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<LoginThrottle> throttle;
  };
  Server Start(LoginThrottleOptions options = {}) {
    Server server;
    auto opened = store::OpenStore(url_);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (!opened.ok()) return server;
    server.store = std::move(opened).value();
    server.throttle = std::make_unique<LoginThrottle>(
        options, *server.store, std::make_shared<PortableLoginThrottleRepository>());
    return server;
  }
  static std::optional<TimePoint> Blocked(Server& server, std::string_view account,
                                          std::string_view address, TimePoint now) {
    auto blocked = server.throttle->BlockedUntil(account, address, now);
    EXPECT_TRUE(blocked.ok()) << blocked.status().ToString();
    return blocked.ok() ? *blocked : std::nullopt;
  }
  std::int64_t Rows(Server& server) {
    std::int64_t rows = -1;
    EXPECT_TRUE(server.store
                    ->RunReadOnly([&](store::Transaction& t) -> Status {
                      auto row = t.QueryOne("SELECT COUNT(*) FROM login_throttle", {});
                      if (!row.ok()) return row.status();
                      rows = (*row)->Int(0);
                      return Status::Ok();
                    })
                    .ok());
    return rows;
  }

  std::filesystem::path dir_;
  std::string url_;
  const TimePoint now_ = *ParseIso8601("2026-04-01T00:00:00Z");
};

TEST_F(StoredLoginThrottleTest, TwoServersShareTheCountAndARestartKeepsIt) {
  Server a = Start();
  Server b = Start();
  ASSERT_TRUE(a.throttle && b.throttle);
  EXPECT_TRUE(a.throttle->stored());
  // Five failures alternating between the servers lock the account on both;
  // in memory each would have seen only two or three.
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(Blocked(i % 2 ? b : a, "a@x", "127.0.0.1", now_));
    ASSERT_TRUE((i % 2 ? b : a).throttle->RecordFailure("a@x", "127.0.0.1", now_).ok());
  }
  EXPECT_EQ(Blocked(a, "a@x", "127.0.0.2", now_), now_ + seconds(30));
  EXPECT_EQ(Blocked(b, "a@x", "127.0.0.3", now_), now_ + seconds(30));
  EXPECT_FALSE(Blocked(b, "other@x", "127.0.0.3", now_));

  // Both servers restart: the lock and the count are still there.
  a = Server{};
  b = Server{};
  Server c = Start();
  ASSERT_TRUE(c.throttle);
  EXPECT_EQ(Blocked(c, "a@x", "127.0.0.1", now_), now_ + seconds(30));
  ASSERT_TRUE(c.throttle->RecordFailure("a@x", "127.0.0.1", now_ + seconds(31)).ok());
  EXPECT_EQ(Blocked(c, "a@x", "127.0.0.1", now_ + seconds(31)), now_ + seconds(31 + 60));

  // A success clears the account (on every server), not the address.
  Server d = Start();
  ASSERT_TRUE(d.throttle->RecordSuccess("a@x", "127.0.0.1").ok());
  EXPECT_FALSE(Blocked(c, "a@x", "127.0.0.9", now_ + seconds(31)));
  EXPECT_EQ(Rows(d), 1);  // the address's counter (6 failures, under its 20)
}

TEST_F(StoredLoginThrottleTest, ConcurrentFailuresOnTwoServersAreAllCounted) {
  LoginThrottleOptions options;
  options.free_failures_per_address = 40;
  Server a = Start(options);
  Server b = Start(options);
  ASSERT_TRUE(a.throttle && b.throttle);
  auto hammer = [&](Server& server, const std::string& prefix) {
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(
          server.throttle->RecordFailure(prefix + std::to_string(i), "127.0.0.5", now_).ok());
    }
  };
  std::thread one([&] { hammer(a, "a"); });
  std::thread two([&] { hammer(b, "b"); });
  one.join();
  two.join();
  // 40 failures from one address: exactly at its limit, so locked for 30 s.
  EXPECT_EQ(Blocked(a, "fresh@x", "127.0.0.5", now_), now_ + seconds(30));
  EXPECT_EQ(Rows(a), 41);
}

TEST_F(StoredLoginThrottleTest, ForgottenCountersAreSwept) {
  Server a = Start();
  ASSERT_TRUE(a.throttle);
  ASSERT_TRUE(a.throttle->RecordFailure("old@x", "127.0.0.7", now_).ok());
  EXPECT_EQ(Rows(a), 2);
  // A day and a bit later the old counters go with the next failure.
  const TimePoint later = now_ + std::chrono::hours(25);
  ASSERT_TRUE(a.throttle->RecordFailure("new@x", "127.0.0.8", later).ok());
  EXPECT_EQ(Rows(a), 2);
  EXPECT_FALSE(Blocked(a, "old@x", "127.0.0.7", later));
}

}  // namespace
}  // namespace iotmark::persistence::portable
