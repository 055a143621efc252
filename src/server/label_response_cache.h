// Rendered answers of GET /api/v1/labels/{regno}, kept in memory so a label
// read that nothing has changed costs no store access.
//
// Invariants (why a cached answer is never staler than a public cache may
// be anyway, Cache-Control max-age=60):
//   - Every entry carries the epoch read *before* its label was loaded; any
//     change bumps the epoch, so an entry loaded before a change is never
//     served after it.
//   - The epoch moves on after every non-GET request this process answers
//     (the serve loop calls Invalidate), and whenever WatchStore sees the
//     store's newest change sequence move (changes by other servers or by the
//     expiry sweep), polled every few hundred milliseconds.
//   - An entry is served only before its `fresh_until`: the label's validity
//     end or surveillance deadline, where its status as read changes by itself.
// Thread-safe; sharded so that server threads rarely wait on each other.
#ifndef IOTMARK_SERVER_LABEL_RESPONSE_CACHE_H_
#define IOTMARK_SERVER_LABEL_RESPONSE_CACHE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "server/http_types.h"

namespace iotmark::server {

class LabelResponseCache {
 public:
  explicit LabelResponseCache(std::size_t capacity = 100'000) : capacity_(capacity) {}

  // The epoch to pass to Store for an answer about to be built.
  std::uint64_t Epoch() const { return epoch_.load(std::memory_order_acquire); }
  // The cached answer for `key`, if it is of the current epoch and fresh at `now`.
  std::optional<HttpResponse> Lookup(std::string_view key, TimePoint now) const;
  // Keeps `response` (a 200) for `key`, unless the epoch moved since `epoch`.
  void Store(std::string_view key, const HttpResponse& response, std::uint64_t epoch,
             TimePoint fresh_until);
  // Forgets everything (a change happened).
  void Invalidate() { epoch_.fetch_add(1, std::memory_order_acq_rel); }
  // Invalidates when `latest_sequence` differs from the last one seen.
  void ObserveLatestSequence(std::int64_t latest_sequence);

  std::size_t size() const;

 private:
  struct Entry {
    HttpResponse response;
    std::uint64_t epoch = 0;
    TimePoint fresh_until;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  static constexpr std::size_t kShards = 16;
  Shard& ShardOf(std::string_view key) const;

  std::size_t capacity_;
  std::atomic<std::uint64_t> epoch_{1};
  std::atomic<std::int64_t> latest_sequence_{-1};
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_LABEL_RESPONSE_CACHE_H_
