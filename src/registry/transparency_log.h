// The transparency log kept in the store: an append-only list of label
// events (log_entries) and a signed tree head per size (tree_heads), hashed
// as in Certificate Transparency (crypto/merkle.h).
//
// Invariants: entry indexes are 0…n-1 without gaps; leaf_hash =
// LeafHash(data); the tree head for size s signs the root over entries
// 0…s-1. Each label_events row with a log_index has that entry's data equal
// to LabelEventLogData(row). VerifyLog checks all of it.
#ifndef IOTMARK_REGISTRY_TRANSPARENCY_LOG_H_
#define IOTMARK_REGISTRY_TRANSPARENCY_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "crypto/merkle.h"
#include "crypto/signing.h"
#include "registry/repositories.h"
#include "registry/transparency_log_repository.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// "iotmark-sth/1\n<size>\n<base64 root>\n<timestamp seconds>": what a tree head signs.
std::string TreeHeadSigningInput(std::uint64_t tree_size, std::string_view root_raw,
                                 std::int64_t timestamp_seconds);

// The canonical JSON leaf data of a label event.
std::string LabelEventLogData(std::int64_t event_id, std::string_view registration_number,
                              const LabelEvent& event);

// Appends `data` and stores the signed tree head of the new size; returns
// the index. Run in a write transaction: one appender at a time (the store
// serialises writers), so the entry and its tree head commit together.
Result<std::uint64_t> AppendToLog(TransparencyLogRepository& log, store::Transaction& transaction,
                                  std::string_view data, const crypto::SigningKey& key,
                                  TimePoint now);

// Stored leaf hashes (raw), in index order; kInternal when one is damaged.
Result<std::vector<crypto::Hash>> LoadLeafHashes(TransparencyLogRepository& log,
                                                 store::Transaction& transaction);
// The latest tree head (the unsigned empty tree when nothing was appended).
Result<SignedTreeHead> LoadLatestTreeHead(TransparencyLogRepository& log,
                                          store::Transaction& transaction);

// The outcome of replaying the whole log.
struct LogVerification {
  bool ok = false;
  std::uint64_t entries = 0;
  std::uint64_t tree_heads = 0;
  std::uint64_t label_events = 0;
  std::optional<std::uint64_t> first_bad_entry;  // log index
  std::vector<std::string> problems;             // in the order found, first is the first bad
  std::string root_hash_base64;                  // recomputed over all entries
};

// Replays the log in `store` (read through `repositories`, which need
// transparency_log and labels): leaf hashes, every tree head's root and
// signature (with `key`), and the label events against their entries.
// A non-OK Status only when the store cannot be read.
Result<LogVerification> VerifyLog(store::Store& store, const Repositories& repositories,
                                  const crypto::PublicKey& key);

// The public key recorded by RegisterSigningKey (the latest one).
Result<crypto::PublicKey> LoadRegisteredPublicKey(store::Store& store,
                                                  const Repositories& repositories);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_TRANSPARENCY_LOG_H_
