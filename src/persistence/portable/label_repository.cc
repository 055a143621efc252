#include "persistence/portable/label_repository.h"

#include <algorithm>
#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::Label;
using registry::LabelEvent;
using registry::LabelStatus;
using registry::StoredLabel;

namespace {

constexpr std::string_view kLabelColumns =
    "SELECT l.id, l.registration_number, l.product_id, l.organization_id, l.application_id, "
    "l.scheme, l.level, l.issued_at, l.valid_from, l.valid_until, l.status, "
    "l.surveillance_request, l.surveillance_opened_at, l.surveillance_deadline, "
    "l.surveillance_evidence, l.surveillance_evidence_at, p.name, p.model_number, "
    "p.product_type, o.name, l.change_sequence, l.changed_at FROM labels l "
    "JOIN products p ON p.id = l.product_id JOIN organizations o ON o.id = l.organization_id ";

// The batch sizes of LoadMany: a batch is padded (repeating its last id) up
// to the smallest that holds it.
constexpr std::size_t kBatchSizes[] = {1, 2, 4, 8, 16, 32, 64, 128};
constexpr std::size_t kMaxBatch = 128;

Result<StoredLabel> LabelFromRow(const store::Row& r) {
  StoredLabel stored;
  Label& label = stored.label;
  label.id = r.Int(0);
  label.registration_number = r.Text(1);
  label.product_id = r.Int(2);
  label.organization_id = r.Int(3);
  label.application_id = r.Int(4);
  label.scheme = r.Text(5);
  label.level = r.Text(6);
  label.issued_at = FromSeconds(r.Int(7));
  label.valid_from = FromSeconds(r.Int(8));
  label.valid_until = FromSeconds(r.Int(9));
  auto status = registry::ParseLabelStatus(r.Text(10));
  if (!status.ok()) return status.status();
  label.status = *status;
  stored.surveillance_request = r.OptionalText(11);
  stored.surveillance_opened_at = OptionalTime(r, 12);
  stored.surveillance_deadline = OptionalTime(r, 13);
  stored.surveillance_evidence = r.OptionalText(14);
  stored.surveillance_evidence_at = OptionalTime(r, 15);
  label.product_name = r.Text(16);
  label.model_number = r.Text(17);
  label.product_type = r.Text(18);
  label.vendor_name = r.Text(19);
  stored.change_sequence = r.Int(20);
  stored.changed_at = FromSeconds(r.Int(21));
  return stored;
}

Result<std::vector<StoredLabel>> LabelsFromRows(const std::vector<store::Row>& rows) {
  std::vector<StoredLabel> labels;
  labels.reserve(rows.size());
  for (const store::Row& row : rows) {
    auto label = LabelFromRow(row);
    if (!label.ok()) return label.status();
    labels.push_back(std::move(label).value());
  }
  return labels;
}

store::Value StatusValue(const std::optional<LabelStatus>& status) {
  if (!status) return std::monostate{};
  return std::string(registry::LabelStatusName(*status));
}

std::optional<LabelStatus> OptionalStatus(const store::Row& row, std::size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  auto status = registry::ParseLabelStatus(row.Text(column));
  if (!status.ok()) return std::nullopt;
  return *status;
}

Status ExpectOneRow(const Result<std::int64_t>& changed, std::int64_t id) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status::NotFound("label " + std::to_string(id) + " not found");
  return Status::Ok();
}

}  // namespace

Result<StoredLabel> PortableLabelRepository::FindByNumber(store::Transaction& transaction,
                                                          std::string_view registration_number) {
  auto row = transaction.QueryOne(std::string(kLabelColumns) + "WHERE l.registration_number = ?",
                                  {std::string(registration_number)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("label " + std::string(registration_number.substr(0, 40)) +
                            " not found / 適合ラベルが見つかりません");
  }
  return LabelFromRow(**row);
}

Result<StoredLabel> PortableLabelRepository::Load(store::Transaction& transaction,
                                                  std::int64_t id) {
  auto row = transaction.QueryOne(std::string(kLabelColumns) + "WHERE l.id = ?", {id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("label not found");
  return LabelFromRow(**row);
}

Result<std::vector<StoredLabel>> PortableLabelRepository::LoadMany(
    store::Transaction& transaction, const std::vector<std::int64_t>& ids) {
  std::vector<StoredLabel> labels;
  for (std::size_t start = 0; start < ids.size(); start += kMaxBatch) {
    const std::size_t count = std::min(kMaxBatch, ids.size() - start);
    const std::size_t size =
        *std::lower_bound(std::begin(kBatchSizes), std::end(kBatchSizes), count);
    std::string sql = std::string(kLabelColumns) + "WHERE l.id IN (";
    std::vector<store::Value> params;
    params.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(ids[start + std::min(i, count - 1)]);
    }
    sql += ")";
    auto rows = transaction.Query(sql, params);
    if (!rows.ok()) return rows.status();
    auto batch = LabelsFromRows(*rows);
    if (!batch.ok()) return batch.status();
    for (StoredLabel& label : *batch) labels.push_back(std::move(label));
  }
  return labels;
}

Result<std::vector<std::string>> PortableLabelRepository::ListNumbers(
    store::Transaction& transaction, std::optional<std::int64_t> organization_id) {
  auto rows = organization_id
                  ? transaction.Query(
                        "SELECT registration_number FROM labels WHERE organization_id = ? "
                        "ORDER BY id",
                        {*organization_id})
                  : transaction.Query("SELECT registration_number FROM labels ORDER BY id", {});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> numbers;
  numbers.reserve(rows->size());
  for (const store::Row& row : *rows) numbers.push_back(row.Text(0));
  return numbers;
}

Result<std::vector<std::int64_t>> PortableLabelRepository::ListDueForTimeChange(
    store::Transaction& transaction, TimePoint now) {
  auto rows = transaction.Query(
      "SELECT id FROM labels WHERE (status = 'active' AND valid_until <= ?) OR "
      "(status = 'under-surveillance' AND (valid_until <= ? OR surveillance_deadline <= ?)) "
      "ORDER BY id",
      {Seconds(now), Seconds(now), Seconds(now)});
  if (!rows.ok()) return rows.status();
  std::vector<std::int64_t> ids;
  ids.reserve(rows->size());
  for (const store::Row& row : *rows) ids.push_back(row.Int(0));
  return ids;
}

Result<std::vector<StoredLabel>> PortableLabelRepository::ListChangedSince(
    store::Transaction& transaction, std::int64_t since, int limit) {
  auto rows = transaction.Query(std::string(kLabelColumns) +
                                    "WHERE l.change_sequence > ? ORDER BY l.change_sequence, l.id "
                                    "LIMIT ?",
                                {since, std::int64_t{limit}});
  if (!rows.ok()) return rows.status();
  return LabelsFromRows(*rows);
}

Result<std::vector<std::string>> PortableLabelRepository::ListNumbersWithSecurityInformation(
    store::Transaction& transaction, TimePoint now) {
  auto rows = transaction.Query(
      "SELECT l.registration_number FROM labels l WHERE EXISTS "
      "(SELECT 1 FROM vulnerabilities v WHERE v.product_id = l.product_id) OR EXISTS "
      "(SELECT 1 FROM findings f WHERE f.product_id = l.product_id AND "
      "(f.status <> 'new' OR f.acknowledge_due <= ?)) ORDER BY l.id",
      {Seconds(now)});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> numbers;
  numbers.reserve(rows->size());
  for (const store::Row& row : *rows) numbers.push_back(row.Text(0));
  return numbers;
}

Result<std::vector<LabelEvent>> PortableLabelRepository::LoadEvents(store::Transaction& transaction,
                                                                    std::int64_t label_id) {
  auto rows = transaction.Query(
      "SELECT id, kind, from_status, to_status, actor_user_id, actor_email, at, reason, "
      "log_index FROM label_events WHERE label_id = ? ORDER BY id",
      {label_id});
  if (!rows.ok()) return rows.status();
  std::vector<LabelEvent> events;
  events.reserve(rows->size());
  for (const store::Row& e : *rows) {
    LabelEvent event;
    event.id = e.Int(0);
    event.kind = e.Text(1);
    event.from = OptionalStatus(e, 2);
    event.to = OptionalStatus(e, 3);
    event.actor_user_id = e.Int(4);
    event.actor_email = e.Text(5);
    event.at = FromSeconds(e.Int(6));
    event.reason = e.Text(7);
    event.log_index = e.OptionalInt(8);
    events.push_back(std::move(event));
  }
  return events;
}

Result<std::vector<registry::RecordedLabelEvent>> PortableLabelRepository::ListAllEvents(
    store::Transaction& transaction) {
  auto rows = transaction.Query(
      "SELECT e.id, l.registration_number, e.kind, e.from_status, e.to_status, e.actor_email, "
      "e.at, e.reason, e.log_index, e.actor_user_id FROM label_events e "
      "JOIN labels l ON l.id = e.label_id ORDER BY e.id",
      {});
  if (!rows.ok()) return rows.status();
  std::vector<registry::RecordedLabelEvent> events;
  events.reserve(rows->size());
  for (const store::Row& row : *rows) {
    registry::RecordedLabelEvent recorded;
    recorded.registration_number = row.Text(1);
    LabelEvent& event = recorded.event;
    event.id = row.Int(0);
    event.kind = row.Text(2);
    event.from = OptionalStatus(row, 3);
    event.to = OptionalStatus(row, 4);
    event.actor_email = row.Text(5);
    event.at = FromSeconds(row.Int(6));
    event.reason = row.Text(7);
    event.log_index = row.OptionalInt(8);
    event.actor_user_id = row.Int(9);
    events.push_back(std::move(recorded));
  }
  return events;
}

Result<std::int64_t> PortableLabelRepository::NextRegistrationSequence(
    store::Transaction& transaction, int year) {
  auto last = transaction.QueryOne("SELECT last_value FROM registration_sequences WHERE year = ?",
                                   {std::int64_t{year}});
  if (!last.ok()) return last.status();
  const std::int64_t sequence = last->has_value() ? (*last)->Int(0) + 1 : 1;
  auto counted =
      last->has_value()
          ? transaction.Execute("UPDATE registration_sequences SET last_value = ? WHERE year = ?",
                                {sequence, std::int64_t{year}})
          : transaction.Execute(
                "INSERT INTO registration_sequences (year, last_value) VALUES (?, ?)",
                {std::int64_t{year}, sequence});
  if (!counted.ok()) return counted.status();
  return sequence;
}

Result<std::int64_t> PortableLabelRepository::Insert(store::Transaction& transaction,
                                                     const Label& label) {
  return transaction.InsertReturningId(
      "INSERT INTO labels (registration_number, product_id, organization_id, "
      "application_id, scheme, level, issued_at, valid_from, valid_until, status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {label.registration_number, label.product_id, label.organization_id, label.application_id,
       label.scheme, label.level, Seconds(label.issued_at), Seconds(label.valid_from),
       Seconds(label.valid_until), std::string(registry::LabelStatusName(label.status))});
}

Status PortableLabelRepository::SetStatus(store::Transaction& transaction, std::int64_t id,
                                          LabelStatus status) {
  return ExpectOneRow(transaction.Execute("UPDATE labels SET status = ? WHERE id = ?",
                                          {std::string(registry::LabelStatusName(status)), id}),
                      id);
}

Status PortableLabelRepository::SetValidUntil(store::Transaction& transaction, std::int64_t id,
                                              TimePoint valid_until) {
  return ExpectOneRow(transaction.Execute("UPDATE labels SET valid_until = ? WHERE id = ?",
                                          {Seconds(valid_until), id}),
                      id);
}

Status PortableLabelRepository::SetLevel(store::Transaction& transaction, std::int64_t id,
                                         std::string_view level) {
  return ExpectOneRow(
      transaction.Execute("UPDATE labels SET level = ? WHERE id = ?", {std::string(level), id}),
      id);
}

Status PortableLabelRepository::OpenSurveillance(store::Transaction& transaction, std::int64_t id,
                                                 std::string_view evidence_request,
                                                 TimePoint opened_at, TimePoint deadline) {
  return ExpectOneRow(
      transaction.Execute(
          "UPDATE labels SET surveillance_request = ?, surveillance_opened_at = ?, "
          "surveillance_deadline = ?, surveillance_evidence = NULL, "
          "surveillance_evidence_at = NULL WHERE id = ?",
          {std::string(evidence_request), Seconds(opened_at), Seconds(deadline), id}),
      id);
}

Status PortableLabelRepository::SetSurveillanceEvidence(store::Transaction& transaction,
                                                        std::int64_t id, std::string_view evidence,
                                                        TimePoint at) {
  return ExpectOneRow(
      transaction.Execute(
          "UPDATE labels SET surveillance_evidence = ?, surveillance_evidence_at = ? WHERE id = ?",
          {std::string(evidence), Seconds(at), id}),
      id);
}

Status PortableLabelRepository::ClearSurveillance(store::Transaction& transaction,
                                                  std::int64_t id) {
  return ExpectOneRow(
      transaction.Execute("UPDATE labels SET surveillance_request = NULL, "
                          "surveillance_opened_at = NULL, surveillance_deadline = NULL, "
                          "surveillance_evidence = NULL, surveillance_evidence_at = NULL "
                          "WHERE id = ?",
                          {id}),
      id);
}

Result<std::int64_t> PortableLabelRepository::InsertEvent(store::Transaction& transaction,
                                                          std::int64_t label_id,
                                                          const LabelEvent& event) {
  return transaction.InsertReturningId(
      "INSERT INTO label_events (label_id, kind, from_status, to_status, actor_user_id, "
      "actor_email, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {label_id, event.kind, StatusValue(event.from), StatusValue(event.to), event.actor_user_id,
       event.actor_email, Seconds(event.at), event.reason});
}

Status PortableLabelRepository::SetEventLogIndex(store::Transaction& transaction,
                                                 std::int64_t event_id, std::int64_t log_index) {
  auto changed = transaction.Execute("UPDATE label_events SET log_index = ? WHERE id = ?",
                                     {log_index, event_id});
  if (!changed.ok()) return changed.status();
  if (*changed == 0) {
    return Status::NotFound("label event " + std::to_string(event_id) + " not found");
  }
  return Status::Ok();
}

}  // namespace iotmark::persistence::portable
