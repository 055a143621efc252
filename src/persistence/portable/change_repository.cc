#include "persistence/portable/change_repository.h"

#include <algorithm>
#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::RegistryChange;

Result<std::int64_t> PortableChangeRepository::Latest(store::Transaction& transaction) {
  auto row = transaction.QueryOne("SELECT COALESCE(MAX(sequence), 0) FROM registry_changes", {});
  if (!row.ok()) return row.status();
  return (*row) ? (*row)->Int(0) : 0;
}

Result<std::vector<RegistryChange>> PortableChangeRepository::List(
    store::Transaction& transaction, std::int64_t since, int limit,
    const std::optional<std::string>& registration_number) {
  constexpr std::string_view kColumns =
      "SELECT sequence, registration_number, kind, status, at, summary FROM registry_changes ";
  auto rows = registration_number
                  ? transaction.Query(std::string(kColumns) +
                                          "WHERE registration_number = ? AND sequence > ? "
                                          "ORDER BY sequence LIMIT ?",
                                      {*registration_number, since, std::int64_t{limit}})
                  : transaction.Query(
                        std::string(kColumns) + "WHERE sequence > ? ORDER BY sequence LIMIT ?",
                        {since, std::int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<RegistryChange> changes;
  changes.reserve(rows->size());
  for (const store::Row& row : *rows) {
    changes.push_back(RegistryChange{row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                                     FromSeconds(row.Int(4)), row.Text(5)});
  }
  return changes;
}

Status PortableChangeRepository::Record(store::Transaction& transaction,
                                        registry::ChangeScope scope, std::int64_t id,
                                        std::string_view kind, TimePoint at,
                                        std::string_view summary) {
  // One statement text per scope (the store caches prepared statements by text).
  std::string_view sql =
      scope == registry::ChangeScope::kLabel
          ? "SELECT id, registration_number, status, changed_at FROM labels WHERE id = ? "
            "ORDER BY id"
      : scope == registry::ChangeScope::kProduct
          ? "SELECT id, registration_number, status, changed_at FROM labels WHERE product_id = ? "
            "ORDER BY id"
          : "SELECT id, registration_number, status, changed_at FROM labels "
            "WHERE organization_id = ? ORDER BY id";
  auto labels = transaction.Query(sql, {id});
  if (!labels.ok()) return labels.status();
  for (const store::Row& label : *labels) {
    auto sequence = transaction.InsertReturningId(
        "INSERT INTO registry_changes (label_id, registration_number, kind, status, at, summary) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING sequence",
        {label.Int(0), label.Text(1), std::string(kind), label.Text(2), Seconds(at),
         std::string(summary)});
    if (!sequence.ok()) return sequence.status();
    auto moved =
        transaction.Execute("UPDATE labels SET change_sequence = ?, changed_at = ? WHERE id = ?",
                            {*sequence, std::max(label.Int(3), Seconds(at)), label.Int(0)});
    if (!moved.ok()) return moved.status();
  }
  return Status::Ok();
}

}  // namespace iotmark::persistence::portable
