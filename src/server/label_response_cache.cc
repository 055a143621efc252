#include "server/label_response_cache.h"

#include <functional>

namespace iotmark::server {

LabelResponseCache::Shard& LabelResponseCache::ShardOf(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

std::optional<HttpResponse> LabelResponseCache::Lookup(std::string_view key, TimePoint now) const {
  const std::uint64_t epoch = Epoch();
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  auto found = shard.entries.find(std::string(key));
  if (found == shard.entries.end() || found->second.epoch != epoch ||
      now >= found->second.fresh_until) {
    return std::nullopt;
  }
  return found->second.response;
}

void LabelResponseCache::Store(std::string_view key, const HttpResponse& response,
                               std::uint64_t epoch, TimePoint fresh_until) {
  if (response.status != 200 || epoch != Epoch()) return;
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  // Entries of older epochs are dead weight; a full shard starts over.
  if (shard.entries.size() >= capacity_ / kShards + 1) shard.entries.clear();
  shard.entries.insert_or_assign(std::string(key), Entry{response, epoch, fresh_until});
}

void LabelResponseCache::ObserveLatestSequence(std::int64_t latest_sequence) {
  if (latest_sequence_.exchange(latest_sequence, std::memory_order_acq_rel) != latest_sequence) {
    Invalidate();
  }
}

std::size_t LabelResponseCache::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace iotmark::server
