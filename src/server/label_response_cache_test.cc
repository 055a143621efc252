#include "server/label_response_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace iotmark::server {
namespace {

HttpResponse Answer(const std::string& body) {
  HttpResponse response;
  response.body = body;
  return response;
}

const TimePoint kNow = *ParseIso8601("2026-11-23T10:00:00Z");
const TimePoint kLater = kNow + std::chrono::hours(24);

// A cache following a change stream that stands at sequence 10.
class LabelResponseCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { cache_.StartWatching(10); }
  LabelResponseCache cache_;
};

TEST_F(LabelResponseCacheTest, ServesWhatWasStoredUntilFreshUntil) {
  EXPECT_FALSE(cache_.Lookup("JCS1-2026-000001-7", kNow));
  cache_.Store("JCS1-2026-000001-7", Answer("a"), cache_.Begin(), kLater);
  auto hit = cache_.Lookup("JCS1-2026-000001-7", kNow);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->body, "a");
  EXPECT_FALSE(cache_.Lookup("JCS1-2026-000001-7", kLater)) << "status may change at fresh_until";
  EXPECT_FALSE(cache_.Lookup("JCS1-2026-000002-5", kNow));
}

TEST_F(LabelResponseCacheTest, NothingIsKeptBeforeTheStreamIsFollowed) {
  LabelResponseCache fresh;
  fresh.Store("a", Answer("a"), fresh.Begin(), kLater);
  EXPECT_FALSE(fresh.Lookup("a", kNow));
}

TEST_F(LabelResponseCacheTest, InvalidateForgetsEverything) {
  cache_.Store("a", Answer("a"), cache_.Begin(), kLater);
  cache_.Invalidate();
  EXPECT_FALSE(cache_.Lookup("a", kNow));
}

TEST_F(LabelResponseCacheTest, AnAnswerLoadedBeforeALocalChangeIsNotKept) {
  const auto before = cache_.Begin();
  cache_.Invalidate();  // a POST commits while the answer is being built
  cache_.Store("a", Answer("old"), before, kLater);
  EXPECT_FALSE(cache_.Lookup("a", kNow));
}

TEST_F(LabelResponseCacheTest, ObservedChangesDropExactlyTheirLabels) {
  cache_.Store("a", Answer("a"), cache_.Begin(), kLater);
  cache_.Store("b", Answer("b"), cache_.Begin(), kLater);
  cache_.ObserveChanges({{"a", 11}}, 11);
  EXPECT_FALSE(cache_.Lookup("a", kNow));
  EXPECT_TRUE(cache_.Lookup("b", kNow));
  EXPECT_EQ(cache_.ObservedSequence(), 11);
}

TEST_F(LabelResponseCacheTest, AnAnswerLoadedAcrossAnObservedChangeIsNotKept) {
  const auto before = cache_.Begin();      // loading starts at sequence 10
  cache_.ObserveChanges({{"a", 11}}, 11);  // label a changed meanwhile
  cache_.Store("a", Answer("old"), before, kLater);
  EXPECT_FALSE(cache_.Lookup("a", kNow));
  cache_.Store("b", Answer("b"), before, kLater);  // b did not change
  EXPECT_TRUE(cache_.Lookup("b", kNow));
  cache_.Store("a", Answer("new"), cache_.Begin(), kLater);
  EXPECT_EQ(cache_.Lookup("a", kNow)->body, "new");
}

TEST_F(LabelResponseCacheTest, RestartingTheWindowRefusesOlderLoads) {
  const auto before = cache_.Begin();
  cache_.StartWatching(500);  // too many changes to name
  cache_.Store("a", Answer("a"), before, kLater);
  EXPECT_FALSE(cache_.Lookup("a", kNow));
}

TEST_F(LabelResponseCacheTest, OnlySuccessfulAnswersAreKept) {
  HttpResponse missing = Answer("not found");
  missing.status = 404;
  cache_.Store("a", missing, cache_.Begin(), kLater);
  EXPECT_FALSE(cache_.Lookup("a", kNow));
}

TEST(LabelResponseCacheCapacityTest, StaysWithinItsCapacity) {
  LabelResponseCache cache(160);
  cache.StartWatching(0);
  for (int i = 0; i < 5000; ++i) {
    cache.Store("label-" + std::to_string(i), Answer("x"), cache.Begin(), kLater);
  }
  EXPECT_LE(cache.size(), 160u + 16u);
}

TEST(LabelResponseCacheCapacityTest, ManyThreadsAtOnce) {
  LabelResponseCache cache(1000);
  cache.StartWatching(0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = "label-" + std::to_string((i * 7 + t) % 300);
        if (!cache.Lookup(key, kNow)) cache.Store(key, Answer(key), cache.Begin(), kLater);
        if (i % 500 == 0) cache.ObserveChanges({{key, i + 1}}, i + 1);
        if (i % 700 == 0) cache.Invalidate();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 1000u + 16u);
  for (int i = 0; i < 300; ++i) {
    const std::string key = "label-" + std::to_string(i);
    if (auto hit = cache.Lookup(key, kNow)) {
      EXPECT_EQ(hit->body, key) << "an answer stored under another key";
    }
  }
}

}  // namespace
}  // namespace iotmark::server
