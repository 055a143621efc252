// Rendered answers of GET /api/v1/labels/{regno}, kept in memory so a label
// read that nothing has changed costs no store access.
//
// Invariants (why a cached answer is never staler than a public cache may
// be anyway, Cache-Control max-age=60):
//   - Invalidate() (after every non-GET request this process answers) moves
//     the epoch on; an answer built in an older epoch is neither served nor
//     stored.
//   - The store's change stream is followed (serve.cc polls it every 250 ms):
//     ObserveChanges drops exactly the labels that changed, and Store refuses
//     an answer whose loading began before a change of its label was observed
//     (or before the oldest change still remembered), so an answer loaded
//     across a commit is never kept.
//   - An entry is served only before its `fresh_until`: the label's validity
//     end or surveillance deadline, where its status as read changes by itself.
// Thread-safe; the entries are sharded so server threads rarely wait on each
// other.
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
#include <utility>
#include <vector>

#include "common/clock.h"
#include "server/http_types.h"

namespace iotmark::server {

class LabelResponseCache {
 public:
  explicit LabelResponseCache(std::size_t capacity = 100'000) : capacity_(capacity) {}

  // What an answer about to be built is stamped with.
  struct Stamp {
    std::uint64_t epoch = 0;
    std::int64_t observed_sequence = -1;
  };
  Stamp Begin() const;
  // The cached answer for `key`, if it is of the current epoch and fresh at `now`.
  std::optional<HttpResponse> Lookup(std::string_view key, TimePoint now) const;
  // Keeps `response` (a 200) for `key` unless something it may predate was
  // seen since `stamp` (see the invariants).
  void Store(std::string_view key, const HttpResponse& response, Stamp stamp,
             TimePoint fresh_until);
  // Forgets everything (a change of unknown extent happened).
  void Invalidate() { epoch_.fetch_add(1, std::memory_order_acq_rel); }

  // Following the change stream. The newest sequence seen, -1 before the
  // first call of StartWatching.
  std::int64_t ObservedSequence() const;
  // (Re)starts from `latest_sequence`: nothing older is remembered, so answers
  // whose loading began before it are not stored.
  void StartWatching(std::int64_t latest_sequence);
  // Drops the labels named by `changes` (registration number, sequence), all
  // after ObservedSequence(), and moves it to `latest_sequence`.
  void ObserveChanges(const std::vector<std::pair<std::string, std::int64_t>>& changes,
                      std::int64_t latest_sequence);

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
  // Remembered changes before the window restarts (StartWatching).
  static constexpr std::size_t kRememberedChanges = 10'000;
  Shard& ShardOf(std::string_view key) const;

  std::size_t capacity_;
  std::atomic<std::uint64_t> epoch_{1};
  mutable std::array<Shard, kShards> shards_;

  // Guards the watch state; taken before a shard's mutex, never after.
  mutable std::mutex watch_mutex_;
  std::int64_t observed_sequence_ = -1;
  std::int64_t window_start_ = -1;                         // changes after it are in `changed_`
  std::unordered_map<std::string, std::int64_t> changed_;  // label → its newest change seen
};

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_LABEL_RESPONSE_CACHE_H_
