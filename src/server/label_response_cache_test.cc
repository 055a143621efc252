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

TEST(LabelResponseCacheTest, ServesWhatWasStoredUntilFreshUntil) {
  LabelResponseCache cache;
  EXPECT_FALSE(cache.Lookup("JCS1-2026-000001-7", kNow));
  cache.Store("JCS1-2026-000001-7", Answer("a"), cache.Epoch(), kLater);
  auto hit = cache.Lookup("JCS1-2026-000001-7", kNow);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->body, "a");
  EXPECT_FALSE(cache.Lookup("JCS1-2026-000001-7", kLater)) << "status may change at fresh_until";
  EXPECT_FALSE(cache.Lookup("JCS1-2026-000002-5", kNow));
}

TEST(LabelResponseCacheTest, AChangeInvalidatesEverything) {
  LabelResponseCache cache;
  cache.Store("a", Answer("a"), cache.Epoch(), kLater);
  cache.Invalidate();
  EXPECT_FALSE(cache.Lookup("a", kNow));
}

TEST(LabelResponseCacheTest, AnAnswerLoadedBeforeAChangeIsNotKept) {
  LabelResponseCache cache;
  const std::uint64_t before = cache.Epoch();
  cache.Invalidate();  // the change commits while the answer is being built
  cache.Store("a", Answer("old"), before, kLater);
  EXPECT_FALSE(cache.Lookup("a", kNow));
}

TEST(LabelResponseCacheTest, OnlySuccessfulAnswersAreKept) {
  LabelResponseCache cache;
  HttpResponse missing = Answer("not found");
  missing.status = 404;
  cache.Store("a", missing, cache.Epoch(), kLater);
  EXPECT_FALSE(cache.Lookup("a", kNow));
}

TEST(LabelResponseCacheTest, ANewStoreSequenceInvalidates) {
  LabelResponseCache cache;
  cache.ObserveLatestSequence(10);
  cache.Store("a", Answer("a"), cache.Epoch(), kLater);
  cache.ObserveLatestSequence(10);
  EXPECT_TRUE(cache.Lookup("a", kNow));
  cache.ObserveLatestSequence(11);
  EXPECT_FALSE(cache.Lookup("a", kNow));
}

TEST(LabelResponseCacheTest, StaysWithinItsCapacity) {
  LabelResponseCache cache(160);
  for (int i = 0; i < 5000; ++i) {
    cache.Store("label-" + std::to_string(i), Answer("x"), cache.Epoch(), kLater);
  }
  EXPECT_LE(cache.size(), 160u + 16u);
}

TEST(LabelResponseCacheTest, ManyThreadsAtOnce) {
  LabelResponseCache cache(1000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = "label-" + std::to_string((i * 7 + t) % 300);
        if (!cache.Lookup(key, kNow)) cache.Store(key, Answer(key), cache.Epoch(), kLater);
        if (i % 500 == 0) cache.Invalidate();
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
