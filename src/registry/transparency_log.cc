// Appending to and replaying the transparency log.
#include "registry/transparency_log.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "crypto/random.h"
#include "registry/label_repository.h"

namespace iotmark::registry {
namespace {

std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

TimePoint FromSeconds(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

}  // namespace

std::string TreeHeadSigningInput(std::uint64_t tree_size, std::string_view root_raw,
                                 std::int64_t timestamp_seconds) {
  return "iotmark-sth/1\n" + std::to_string(tree_size) + "\n" + crypto::Base64Encode(root_raw) +
         "\n" + std::to_string(timestamp_seconds);
}

std::string LabelEventLogData(std::int64_t event_id, std::string_view registration_number,
                              const LabelEvent& event) {
  nlohmann::json data{
      {"event_id", event_id},
      {"registration_number", std::string(registration_number)},
      {"kind", event.kind},
      {"from", event.from ? nlohmann::json(std::string(LabelStatusName(*event.from))) : nullptr},
      {"to", event.to ? nlohmann::json(std::string(LabelStatusName(*event.to))) : nullptr},
      {"actor", event.actor_email},
      {"at", FormatIso8601(event.at)},
      {"reason", event.reason},
  };
  return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::uint64_t> AppendToLog(TransparencyLogRepository& log, store::Transaction& transaction,
                                  std::string_view data, const crypto::SigningKey& key,
                                  TimePoint now) {
  Result<std::vector<crypto::Hash>> leaves = LoadLeafHashes(log, transaction);
  if (!leaves.ok()) return leaves.status();
  std::uint64_t index = leaves->size();
  crypto::Hash leaf = crypto::LeafHash(data);
  leaves->push_back(leaf);
  Result<crypto::Hash> root = crypto::RootHash(*leaves);
  if (!root.ok()) return root.status();
  const TimePoint timestamp = FromSeconds(Seconds(now));
  std::uint64_t size = leaves->size();
  IOTMARK_RETURN_IF_ERROR(log.AppendEntry(
      transaction, LogEntry{index, std::string(data), crypto::Base64Encode(leaf), timestamp}));
  SignedTreeHead head;
  head.tree_size = size;
  head.root_hash_base64 = crypto::Base64Encode(*root);
  head.timestamp = timestamp;
  head.signature_base64 = key.SignBase64(TreeHeadSigningInput(size, *root, Seconds(timestamp)));
  head.key_id = key.public_key().KeyId();
  IOTMARK_RETURN_IF_ERROR(log.AppendTreeHead(transaction, head));
  return index;
}

Result<std::vector<crypto::Hash>> LoadLeafHashes(TransparencyLogRepository& log,
                                                 store::Transaction& transaction) {
  auto stored = log.Leaves(transaction);
  if (!stored.ok()) return stored.status();
  std::vector<crypto::Hash> leaves;
  leaves.reserve(stored->size());
  for (const StoredLeaf& leaf : *stored) {
    std::optional<std::string> hash = crypto::Base64Decode(leaf.leaf_hash_base64);
    if (static_cast<std::uint64_t>(leaf.index) != leaves.size() || !hash || hash->size() != 32) {
      return Status::Internal("transparency log entry " + std::to_string(leaf.index) +
                              " is damaged; run `iotmark log verify`");
    }
    leaves.push_back(std::move(*hash));
  }
  return leaves;
}

Result<SignedTreeHead> LoadLatestTreeHead(TransparencyLogRepository& log,
                                          store::Transaction& transaction) {
  auto latest = log.LatestTreeHead(transaction);
  if (!latest.ok()) return latest.status();
  if (!latest->has_value()) {
    // The empty tree: MTH({}) = SHA-256(""), unsigned.
    SignedTreeHead head;
    head.root_hash_base64 = crypto::Base64Encode(crypto::Sha256Raw(""));
    return head;
  }
  return std::move(**latest);
}

Result<LogVerification> VerifyLog(store::Store& store, const Repositories& repositories,
                                  const crypto::PublicKey& key) {
  if (!repositories.transparency_log || !repositories.labels) {
    return Status::FailedPrecondition("log verify: storage repositories not wired");
  }
  TransparencyLogRepository& log = *repositories.transparency_log;
  LogVerification result;
  Status status = store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto note_bad = [&](std::uint64_t index, std::string problem) {
      if (!result.first_bad_entry || index < *result.first_bad_entry) {
        result.first_bad_entry = index;
      }
      result.problems.push_back(std::move(problem));
    };
    auto entries = log.Entries(transaction);
    if (!entries.ok()) return entries.status();
    std::vector<crypto::Hash> leaves;
    std::vector<std::string> data;
    for (const LogEntry& entry : *entries) {
      if (entry.index != leaves.size()) {
        note_bad(leaves.size(), "entry " + std::to_string(leaves.size()) +
                                    " is missing (next stored index is " +
                                    std::to_string(static_cast<std::int64_t>(entry.index)) + ")");
        break;
      }
      crypto::Hash recomputed = crypto::LeafHash(entry.data);
      if (crypto::Base64Encode(recomputed) != entry.leaf_hash_base64) {
        note_bad(entry.index, "entry " + std::to_string(entry.index) +
                                  ": stored data does not match its leaf hash (data changed)");
      }
      leaves.push_back(recomputed);
      data.push_back(entry.data);
    }
    result.entries = leaves.size();
    result.root_hash_base64 = crypto::Base64Encode(*crypto::RootHash(leaves));

    auto heads = log.TreeHeads(transaction);
    if (!heads.ok()) return heads.status();
    std::uint64_t largest = 0;
    for (const SignedTreeHead& head : *heads) {
      ++result.tree_heads;
      std::uint64_t size = head.tree_size;
      largest = std::max(largest, size);
      if (size == 0 || size > leaves.size()) {
        note_bad(std::min<std::uint64_t>(size, leaves.size()),
                 "tree head of size " + std::to_string(size) + " names entries that are missing");
        continue;
      }
      std::optional<std::string> stored_root = crypto::Base64Decode(head.root_hash_base64);
      crypto::Hash root = *crypto::RootHash(leaves, size);
      if (!crypto::VerifyBase64(
              key, TreeHeadSigningInput(size, stored_root.value_or(""), Seconds(head.timestamp)),
              head.signature_base64)) {
        note_bad(size - 1, "tree head of size " + std::to_string(size) +
                               ": signature is not valid for the signing key");
      }
      if (!stored_root || *stored_root != root) {
        note_bad(size - 1, "tree head of size " + std::to_string(size) +
                               ": root hash differs from the replayed entries (an entry up to " +
                               std::to_string(size - 1) + " was changed)");
      }
    }
    if (largest < leaves.size()) {
      note_bad(largest, "entries " + std::to_string(largest) + "…" +
                            std::to_string(leaves.size() - 1) +
                            " are not covered by a signed tree head");
    }

    auto events = repositories.labels->ListAllEvents(transaction);
    if (!events.ok()) return events.status();
    for (const RecordedLabelEvent& recorded : *events) {
      ++result.label_events;
      const LabelEvent& event = recorded.event;
      const std::string id = std::to_string(event.id);
      const std::optional<std::int64_t>& index = event.log_index;
      if (!index || *index < 0 || static_cast<std::uint64_t>(*index) >= data.size()) {
        note_bad(index && *index >= 0 ? static_cast<std::uint64_t>(*index) : data.size(),
                 "label event " + id + " has no entry in the log");
        continue;
      }
      if (LabelEventLogData(event.id, recorded.registration_number, event) != data[*index]) {
        note_bad(static_cast<std::uint64_t>(*index),
                 "label event " + id + " (" + recorded.registration_number +
                     ") differs from log entry " + std::to_string(*index) +
                     " (the stored event was changed)");
      }
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  result.ok = result.problems.empty();
  return result;
}

Result<crypto::PublicKey> LoadRegisteredPublicKey(store::Store& store,
                                                  const Repositories& repositories) {
  if (!repositories.transparency_log) {
    return Status::FailedPrecondition("log verify: storage repositories not wired");
  }
  std::string text;
  Status status = store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto key = repositories.transparency_log->LatestPublicKey(transaction);
    if (!key.ok()) return key.status();
    if (!key->has_value()) {
      return Status::NotFound("no signing key is registered in this database (run admin init)");
    }
    text = std::move(**key);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return crypto::PublicKey::FromBase64(text);
}

}  // namespace iotmark::registry
