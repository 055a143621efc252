// Appending to and replaying the transparency log.
#include "registry/transparency_log.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "crypto/random.h"

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

Result<std::uint64_t> AppendToLog(store::Transaction& transaction, std::string_view data,
                                  const crypto::SigningKey& key, TimePoint now) {
  Result<std::vector<crypto::Hash>> leaves = LoadLeafHashes(transaction);
  if (!leaves.ok()) return leaves.status();
  std::uint64_t index = leaves->size();
  crypto::Hash leaf = crypto::LeafHash(data);
  leaves->push_back(leaf);
  Result<crypto::Hash> root = crypto::RootHash(*leaves);
  if (!root.ok()) return root.status();
  std::int64_t timestamp = Seconds(now);
  std::uint64_t size = leaves->size();
  auto inserted = transaction.Execute(
      "INSERT INTO log_entries (entry_index, data, leaf_hash, appended_at) VALUES (?, ?, ?, ?)",
      {static_cast<std::int64_t>(index), std::string(data), crypto::Base64Encode(leaf), timestamp});
  if (!inserted.ok()) return inserted.status();
  auto head = transaction.Execute(
      "INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature, key_id) "
      "VALUES (?, ?, ?, ?, ?)",
      {static_cast<std::int64_t>(size), crypto::Base64Encode(*root), timestamp,
       key.SignBase64(TreeHeadSigningInput(size, *root, timestamp)), key.public_key().KeyId()});
  if (!head.ok()) return head.status();
  return index;
}

Result<std::vector<crypto::Hash>> LoadLeafHashes(store::Transaction& transaction) {
  auto rows =
      transaction.Query("SELECT entry_index, leaf_hash FROM log_entries ORDER BY entry_index", {});
  if (!rows.ok()) return rows.status();
  std::vector<crypto::Hash> leaves;
  leaves.reserve(rows->size());
  for (const store::Row& row : *rows) {
    std::optional<std::string> hash = crypto::Base64Decode(row.Text(1));
    if (static_cast<std::uint64_t>(row.Int(0)) != leaves.size() || !hash || hash->size() != 32) {
      return Status::Internal("transparency log entry " + row.Text(0) +
                              " is damaged; run `iotmark log verify`");
    }
    leaves.push_back(std::move(*hash));
  }
  return leaves;
}

Result<SignedTreeHead> LoadLatestTreeHead(store::Transaction& transaction) {
  auto row = transaction.QueryOne(
      "SELECT tree_size, root_hash, timestamp, signature, key_id FROM tree_heads "
      "ORDER BY tree_size DESC LIMIT 1",
      {});
  if (!row.ok()) return row.status();
  SignedTreeHead head;
  if (!row->has_value()) {
    // The empty tree: MTH({}) = SHA-256(""), unsigned.
    head.root_hash_base64 = crypto::Base64Encode(crypto::Sha256Raw(""));
    return head;
  }
  const store::Row& r = **row;
  head.tree_size = static_cast<std::uint64_t>(r.Int(0));
  head.root_hash_base64 = r.Text(1);
  head.timestamp = FromSeconds(r.Int(2));
  head.signature_base64 = r.Text(3);
  head.key_id = r.Text(4);
  return head;
}

Result<LogVerification> VerifyLog(store::Store& store, const crypto::PublicKey& key) {
  LogVerification result;
  Status status = store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto note_bad = [&](std::uint64_t index, std::string problem) {
      if (!result.first_bad_entry || index < *result.first_bad_entry) {
        result.first_bad_entry = index;
      }
      result.problems.push_back(std::move(problem));
    };
    auto entries = transaction.Query(
        "SELECT entry_index, data, leaf_hash FROM log_entries ORDER BY entry_index", {});
    if (!entries.ok()) return entries.status();
    std::vector<crypto::Hash> leaves;
    std::vector<std::string> data;
    for (const store::Row& row : *entries) {
      std::uint64_t index = static_cast<std::uint64_t>(row.Int(0));
      if (index != leaves.size()) {
        note_bad(leaves.size(), "entry " + std::to_string(leaves.size()) +
                                    " is missing (next stored index is " + row.Text(0) + ")");
        break;
      }
      crypto::Hash recomputed = crypto::LeafHash(row.Text(1));
      if (crypto::Base64Encode(recomputed) != row.Text(2)) {
        note_bad(index, "entry " + std::to_string(index) +
                            ": stored data does not match its leaf hash (data changed)");
      }
      leaves.push_back(recomputed);
      data.push_back(row.Text(1));
    }
    result.entries = leaves.size();
    result.root_hash_base64 = crypto::Base64Encode(*crypto::RootHash(leaves));

    auto heads = transaction.Query(
        "SELECT tree_size, root_hash, timestamp, signature FROM tree_heads ORDER BY tree_size", {});
    if (!heads.ok()) return heads.status();
    std::uint64_t largest = 0;
    for (const store::Row& row : *heads) {
      ++result.tree_heads;
      std::uint64_t size = static_cast<std::uint64_t>(row.Int(0));
      largest = std::max(largest, size);
      if (size == 0 || size > leaves.size()) {
        note_bad(std::min<std::uint64_t>(size, leaves.size()),
                 "tree head of size " + std::to_string(size) + " names entries that are missing");
        continue;
      }
      std::optional<std::string> stored_root = crypto::Base64Decode(row.Text(1));
      crypto::Hash root = *crypto::RootHash(leaves, size);
      if (!crypto::VerifyBase64(
              key, TreeHeadSigningInput(size, stored_root.value_or(""), row.Int(2)), row.Text(3))) {
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

    auto events = transaction.Query(
        "SELECT e.id, l.registration_number, e.kind, e.from_status, e.to_status, e.actor_email, "
        "e.at, e.reason, e.log_index FROM label_events e JOIN labels l ON l.id = e.label_id "
        "ORDER BY e.id",
        {});
    if (!events.ok()) return events.status();
    for (const store::Row& row : *events) {
      ++result.label_events;
      LabelEvent event;
      event.kind = row.Text(2);
      if (!row.IsNull(3)) {
        auto from = ParseLabelStatus(row.Text(3));
        if (from.ok()) event.from = *from;
      }
      if (!row.IsNull(4)) {
        auto to = ParseLabelStatus(row.Text(4));
        if (to.ok()) event.to = *to;
      }
      event.actor_email = row.Text(5);
      event.at = FromSeconds(row.Int(6));
      event.reason = row.Text(7);
      std::optional<std::int64_t> index = row.OptionalInt(8);
      if (!index || *index < 0 || static_cast<std::uint64_t>(*index) >= data.size()) {
        note_bad(index && *index >= 0 ? static_cast<std::uint64_t>(*index) : data.size(),
                 "label event " + row.Text(0) + " has no entry in the log");
        continue;
      }
      if (LabelEventLogData(row.Int(0), row.Text(1), event) != data[*index]) {
        note_bad(static_cast<std::uint64_t>(*index),
                 "label event " + row.Text(0) + " (" + row.Text(1) + ") differs from log entry " +
                     std::to_string(*index) + " (the stored event was changed)");
      }
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  result.ok = result.problems.empty();
  return result;
}

Result<crypto::PublicKey> LoadRegisteredPublicKey(store::Store& store) {
  std::string text;
  Status status = store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(
        "SELECT public_key FROM signing_keys ORDER BY created_at DESC, key_id LIMIT 1", {});
    if (!row.ok()) return row.status();
    if (!row->has_value()) {
      return Status::NotFound("no signing key is registered in this database (run admin init)");
    }
    text = (*row)->Text(0);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return crypto::PublicKey::FromBase64(text);
}

}  // namespace iotmark::registry
