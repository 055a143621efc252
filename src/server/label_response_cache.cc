#include "server/label_response_cache.h"

#include <functional>

namespace iotmark::server {

LabelResponseCache::Shard& LabelResponseCache::ShardOf(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

LabelResponseCache::Stamp LabelResponseCache::Begin() const {
  Stamp stamp;
  stamp.epoch = epoch_.load(std::memory_order_acquire);
  std::lock_guard lock(watch_mutex_);
  stamp.observed_sequence = observed_sequence_;
  return stamp;
}

std::optional<HttpResponse> LabelResponseCache::Lookup(std::string_view key, TimePoint now) const {
  const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  auto found = shard.entries.find(std::string(key));
  if (found == shard.entries.end() || found->second.epoch != epoch ||
      now >= found->second.fresh_until) {
    return std::nullopt;
  }
  return found->second.response;
}

void LabelResponseCache::Store(std::string_view key, const HttpResponse& response, Stamp stamp,
                               TimePoint fresh_until) {
  if (response.status != 200) return;
  std::lock_guard watch(watch_mutex_);
  if (stamp.epoch != epoch_.load(std::memory_order_acquire)) return;
  if (stamp.observed_sequence < 0 || stamp.observed_sequence < window_start_) return;
  if (auto changed = changed_.find(std::string(key));
      changed != changed_.end() && changed->second > stamp.observed_sequence) {
    return;
  }
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  // A full shard starts over (entries of older epochs are dead weight anyway).
  if (shard.entries.size() >= capacity_ / kShards + 1) shard.entries.clear();
  shard.entries.insert_or_assign(std::string(key), Entry{response, stamp.epoch, fresh_until});
}

std::int64_t LabelResponseCache::ObservedSequence() const {
  std::lock_guard lock(watch_mutex_);
  return observed_sequence_;
}

void LabelResponseCache::StartWatching(std::int64_t latest_sequence) {
  std::lock_guard lock(watch_mutex_);
  observed_sequence_ = latest_sequence;
  window_start_ = latest_sequence;
  changed_.clear();
}

void LabelResponseCache::ObserveChanges(
    const std::vector<std::pair<std::string, std::int64_t>>& changes,
    std::int64_t latest_sequence) {
  std::lock_guard watch(watch_mutex_);
  for (const auto& [key, sequence] : changes) {
    auto [it, inserted] = changed_.try_emplace(key, sequence);
    if (!inserted && it->second < sequence) it->second = sequence;
    Shard& shard = ShardOf(key);
    std::lock_guard lock(shard.mutex);
    shard.entries.erase(key);
  }
  if (latest_sequence > observed_sequence_) observed_sequence_ = latest_sequence;
  if (changed_.size() > kRememberedChanges) {
    // Forget, but then refuse every answer whose loading began earlier.
    window_start_ = observed_sequence_;
    changed_.clear();
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
