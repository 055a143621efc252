// The TransparencyLogRepository (registry/transparency_log_repository.h)
// for every backend: tables log_entries, tree_heads and signing_keys (store
// migrations), portable SQL only (store/store.h).
#ifndef IOTMARK_PERSISTENCE_PORTABLE_TRANSPARENCY_LOG_REPOSITORY_H_
#define IOTMARK_PERSISTENCE_PORTABLE_TRANSPARENCY_LOG_REPOSITORY_H_

#include "registry/transparency_log_repository.h"

namespace iotmark::persistence::portable {

class PortableTransparencyLogRepository final : public registry::TransparencyLogRepository {
 public:
  Result<std::vector<registry::StoredLeaf>> Leaves(store::Transaction& transaction) override;
  Result<std::vector<registry::LogEntry>> Entries(store::Transaction& transaction) override;
  Result<registry::LogEntry> Entry(store::Transaction& transaction, std::uint64_t index) override;
  Status AppendEntry(store::Transaction& transaction, const registry::LogEntry& entry) override;
  Status AppendTreeHead(store::Transaction& transaction,
                        const registry::SignedTreeHead& head) override;
  Result<std::optional<registry::SignedTreeHead>> LatestTreeHead(
      store::Transaction& transaction) override;
  Result<std::vector<registry::SignedTreeHead>> TreeHeads(store::Transaction& transaction) override;
  Result<std::optional<std::string>> LatestPublicKey(store::Transaction& transaction) override;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_TRANSPARENCY_LOG_REPOSITORY_H_
