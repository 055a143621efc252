// RegistryService: the public change stream and the signed bulk export.
#include "registry/label_export.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

using internal::FromSeconds;

namespace {

constexpr int kMaxChangesPerPage = 1000;
constexpr int kMaxExportPerPage = 5000;

RegistryChange ChangeFromRow(const store::Row& row) {
  return RegistryChange{row.Int(0), row.Text(1), row.Text(2), row.Text(3), FromSeconds(row.Int(4)),
                        row.Text(5)};
}

}  // namespace

namespace internal {

Result<std::int64_t> LatestChangeSequence(store::Transaction& transaction) {
  auto row = transaction.QueryOne("SELECT COALESCE(MAX(sequence), 0) FROM registry_changes", {});
  if (!row.ok()) return row.status();
  return (*row) ? (*row)->Int(0) : 0;
}

Result<std::vector<RegistryChange>> LoadChanges(store::Transaction& transaction, std::int64_t since,
                                                int limit,
                                                const std::optional<std::string>& label) {
  constexpr std::string_view kColumns =
      "SELECT sequence, registration_number, kind, status, at, summary FROM registry_changes ";
  auto rows = label ? transaction.Query(std::string(kColumns) +
                                            "WHERE registration_number = ? AND sequence > ? "
                                            "ORDER BY sequence LIMIT ?",
                                        {*label, since, std::int64_t{limit}})
                    : transaction.Query(
                          std::string(kColumns) + "WHERE sequence > ? ORDER BY sequence LIMIT ?",
                          {since, std::int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<RegistryChange> changes;
  changes.reserve(rows->size());
  for (const store::Row& row : *rows) changes.push_back(ChangeFromRow(row));
  return changes;
}

}  // namespace internal

Result<ChangePage> RegistryService::ListChanges(std::int64_t since, int limit,
                                                std::optional<std::string> registration_number) {
  if (since < 0) return Status::InvalidArgument("since: must be 0 or more / 0以上");
  if (limit < 1 || limit > kMaxChangesPerPage) {
    return Status::InvalidArgument("limit: must be 1…1000 / 1〜1000");
  }
  ChangePage page;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    if (registration_number) {
      IOTMARK_RETURN_IF_ERROR(
          internal::LoadLabel(transaction, *registration_number, impl_->Now(), false).status());
    }
    auto latest = internal::LatestChangeSequence(transaction);
    if (!latest.ok()) return latest.status();
    page.latest_sequence = *latest;
    // One more than asked tells whether more follow.
    auto changes = internal::LoadChanges(transaction, since, limit + 1, registration_number);
    if (!changes.ok()) return changes.status();
    page.changes = std::move(changes).value();
    if (page.changes.size() > static_cast<std::size_t>(limit)) {
      page.more = true;
      page.changes.pop_back();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return page;
}

Result<LabelExportPage> RegistryService::ExportLabels(std::int64_t since, int limit) {
  if (since < 0) return Status::InvalidArgument("since: must be 0 or more / 0以上");
  if (limit < 1 || limit > kMaxExportPerPage) {
    return Status::InvalidArgument("limit: must be 1…5000 / 1〜5000");
  }
  std::vector<ExportedLabel> labels;
  std::int64_t latest_sequence = 0;
  bool more = false;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto latest = internal::LatestChangeSequence(transaction);
    if (!latest.ok()) return latest.status();
    latest_sequence = *latest;
    const std::vector<store::Value> window{since, std::int64_t{limit} + 1};
    auto sequences = transaction.Query(
        "SELECT change_sequence, changed_at, registration_number FROM labels "
        "WHERE change_sequence > ? "
        "ORDER BY change_sequence, id LIMIT ?",
        window);
    if (!sequences.ok()) return sequences.status();
    auto rows =
        transaction.Query(std::string(internal::LabelSelectColumns()) +
                              "WHERE l.change_sequence > ? ORDER BY l.change_sequence, l.id "
                              "LIMIT ?",
                          window);
    if (!rows.ok()) return rows.status();
    if (rows->size() != sequences->size()) {
      return Status::Internal("export: label rows changed during one read transaction");
    }
    more = rows->size() > static_cast<std::size_t>(limit);
    const std::size_t count = std::min(rows->size(), static_cast<std::size_t>(limit));
    labels.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const TimePoint changed_at = FromSeconds((*sequences)[i].Int(1));
      auto label = internal::LabelFromRow((*rows)[i], changed_at);
      if (!label.ok()) return label.status();
      if (label->registration_number != (*sequences)[i].Text(2)) {
        return Status::Internal("export: two labels share change sequence " +
                                std::to_string((*sequences)[i].Int(0)));
      }
      labels.push_back({std::move(label).value(), (*sequences)[i].Int(0), changed_at});
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return SignLabelExport(since, latest_sequence, more, labels, impl_->key);
}

}  // namespace iotmark::registry
