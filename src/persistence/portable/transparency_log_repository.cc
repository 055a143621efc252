#include "persistence/portable/transparency_log_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::LogEntry;
using registry::SignedTreeHead;

namespace {

LogEntry EntryFromRow(const store::Row& row) {
  LogEntry entry;
  entry.index = static_cast<std::uint64_t>(row.Int(0));
  entry.data = row.Text(1);
  entry.leaf_hash_base64 = row.Text(2);
  entry.appended_at = FromSeconds(row.Int(3));
  return entry;
}

SignedTreeHead TreeHeadFromRow(const store::Row& row) {
  SignedTreeHead head;
  head.tree_size = static_cast<std::uint64_t>(row.Int(0));
  head.root_hash_base64 = row.Text(1);
  head.timestamp = FromSeconds(row.Int(2));
  head.signature_base64 = row.Text(3);
  head.key_id = row.Text(4);
  return head;
}

}  // namespace

Result<std::vector<registry::StoredLeaf>> PortableTransparencyLogRepository::Leaves(
    store::Transaction& transaction) {
  auto rows =
      transaction.Query("SELECT entry_index, leaf_hash FROM log_entries ORDER BY entry_index", {});
  if (!rows.ok()) return rows.status();
  std::vector<registry::StoredLeaf> leaves;
  leaves.reserve(rows->size());
  for (const store::Row& row : *rows) leaves.push_back({row.Int(0), row.Text(1)});
  return leaves;
}

Result<std::vector<LogEntry>> PortableTransparencyLogRepository::Entries(
    store::Transaction& transaction) {
  auto rows = transaction.Query(
      "SELECT entry_index, data, leaf_hash, appended_at FROM log_entries ORDER BY entry_index", {});
  if (!rows.ok()) return rows.status();
  std::vector<LogEntry> entries;
  entries.reserve(rows->size());
  for (const store::Row& row : *rows) entries.push_back(EntryFromRow(row));
  return entries;
}

Result<LogEntry> PortableTransparencyLogRepository::Entry(store::Transaction& transaction,
                                                          std::uint64_t index) {
  auto row = transaction.QueryOne(
      "SELECT entry_index, data, leaf_hash, appended_at FROM log_entries WHERE entry_index = ?",
      {static_cast<std::int64_t>(index)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("log entry " + std::to_string(index) + " not found");
  }
  return EntryFromRow(**row);
}

Status PortableTransparencyLogRepository::AppendEntry(store::Transaction& transaction,
                                                      const LogEntry& entry) {
  return transaction
      .Execute(
          "INSERT INTO log_entries (entry_index, data, leaf_hash, appended_at) VALUES (?, ?, ?, ?)",
          {static_cast<std::int64_t>(entry.index), entry.data, entry.leaf_hash_base64,
           Seconds(entry.appended_at)})
      .status();
}

Status PortableTransparencyLogRepository::AppendTreeHead(store::Transaction& transaction,
                                                         const SignedTreeHead& head) {
  return transaction
      .Execute(
          "INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature, key_id) "
          "VALUES (?, ?, ?, ?, ?)",
          {static_cast<std::int64_t>(head.tree_size), head.root_hash_base64,
           Seconds(head.timestamp), head.signature_base64, head.key_id})
      .status();
}

Result<std::optional<SignedTreeHead>> PortableTransparencyLogRepository::LatestTreeHead(
    store::Transaction& transaction) {
  auto row = transaction.QueryOne(
      "SELECT tree_size, root_hash, timestamp, signature, key_id FROM tree_heads "
      "ORDER BY tree_size DESC LIMIT 1",
      {});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<SignedTreeHead>();
  return std::optional<SignedTreeHead>(TreeHeadFromRow(**row));
}

Result<std::vector<SignedTreeHead>> PortableTransparencyLogRepository::TreeHeads(
    store::Transaction& transaction) {
  auto rows = transaction.Query(
      "SELECT tree_size, root_hash, timestamp, signature, key_id FROM tree_heads "
      "ORDER BY tree_size",
      {});
  if (!rows.ok()) return rows.status();
  std::vector<SignedTreeHead> heads;
  heads.reserve(rows->size());
  for (const store::Row& row : *rows) heads.push_back(TreeHeadFromRow(row));
  return heads;
}

Result<std::optional<std::string>> PortableTransparencyLogRepository::LatestPublicKey(
    store::Transaction& transaction) {
  auto row = transaction.QueryOne(
      "SELECT public_key FROM signing_keys ORDER BY created_at DESC, key_id LIMIT 1", {});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::optional<std::string>();
  return std::optional<std::string>((*row)->Text(0));
}

}  // namespace iotmark::persistence::portable
