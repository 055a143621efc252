// TransparencyLogRepository: storage of the transparency log (log entries,
// signed tree heads) and of the registered signing keys' public halves it is
// verified with. See registry/repositories.h for the contract every
// repository keeps, registry/transparency_log.h for the log's invariants.
// Appends run in the caller's write transaction, so on PostgreSQL they are
// serialised by the store's writer lock and a tree head commits with its entry.
#ifndef IOTMARK_REGISTRY_TRANSPARENCY_LOG_REPOSITORY_H_
#define IOTMARK_REGISTRY_TRANSPARENCY_LOG_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::registry {

// One stored leaf: its index and base64 leaf hash as stored.
struct StoredLeaf {
  std::int64_t index = 0;
  std::string leaf_hash_base64;
};

class TransparencyLogRepository {
 public:
  virtual ~TransparencyLogRepository() = default;
  // Every stored leaf, by ascending index.
  virtual Result<std::vector<StoredLeaf>> Leaves(store::Transaction& transaction) = 0;
  // Every stored entry, by ascending index.
  virtual Result<std::vector<LogEntry>> Entries(store::Transaction& transaction) = 0;
  // kNotFound when there is no entry `index`.
  virtual Result<LogEntry> Entry(store::Transaction& transaction, std::uint64_t index) = 0;
  virtual Status AppendEntry(store::Transaction& transaction, const LogEntry& entry) = 0;
  virtual Status AppendTreeHead(store::Transaction& transaction, const SignedTreeHead& head) = 0;
  // The tree head of the largest size; none for an empty log.
  virtual Result<std::optional<SignedTreeHead>> LatestTreeHead(store::Transaction& transaction) = 0;
  // Every stored tree head, by ascending size.
  virtual Result<std::vector<SignedTreeHead>> TreeHeads(store::Transaction& transaction) = 0;
  // The base64 public key registered last (none when no key is registered).
  virtual Result<std::optional<std::string>> LatestPublicKey(store::Transaction& transaction) = 0;
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_TRANSPARENCY_LOG_REPOSITORY_H_
