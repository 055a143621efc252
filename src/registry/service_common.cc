// Helpers shared by the RegistryService source files.
#include <algorithm>
#include <chrono>

#include "registry/lifecycle.h"
#include "registry/service_internal.h"
#include "registry/transparency_log.h"

namespace iotmark::registry {

TimePoint RegistryService::Impl::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(clock.Now());
}

namespace {

Status MissingRepositories() {
  return Status::FailedPrecondition(
      "registry: storage repositories not wired (persistence::MakeRepositories)");
}

}  // namespace

Status RegistryService::Impl::Write(const store::TransactionFunction& fn) {
  if (!options.repositories.Complete()) return MissingRepositories();
  return store.RunInTransaction(fn);
}

Status RegistryService::Impl::Read(const store::TransactionFunction& fn) {
  if (!options.repositories.Complete()) return MissingRepositories();
  return store.RunReadOnly(fn);
}

namespace internal {

std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

TimePoint FromSeconds(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

std::optional<TimePoint> OptionalTime(const store::Row& row, std::size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  return FromSeconds(row.Int(column));
}

store::Value OptionalSeconds(const std::optional<TimePoint>& time) {
  if (!time) return std::monostate{};
  return Seconds(*time);
}

TimePoint AddMonths(TimePoint start, int months) {
  using namespace std::chrono;
  auto day_start = floor<days>(start);
  auto time_of_day = start - day_start;
  year_month_day date{day_start};
  year_month_day moved = date.year() / date.month() / date.day() + std::chrono::months(months);
  if (!moved.ok()) moved = moved.year() / moved.month() / last;
  return sys_days(moved) + time_of_day;
}

Status RequireWriter(const Principal& actor) {
  if (actor.role == Role::kAuditor) {
    return Status::PermissionDenied("auditors have read-only access / 監査担当は閲覧のみ可能です");
  }
  return Status::Ok();
}

Status RequireOperator(const Principal& actor) {
  if (!actor.IsOperator()) {
    return Status::PermissionDenied(
        "this step is for the operator (operator-reviewer or "
        "operator-admin) / 運営者のみ実行できます");
  }
  return Status::Ok();
}

Status RequireAdmin(const Principal& actor) {
  if (actor.role != Role::kOperatorAdmin) {
    return Status::PermissionDenied("this needs an operator-admin / 管理者のみ実行できます");
  }
  return Status::Ok();
}

Status RequireVendor(const Principal& actor) {
  if (actor.role != Role::kVendorMember || !actor.organization_id) {
    return Status::PermissionDenied("this step is for the vendor / ベンダーのみ実行できます");
  }
  return Status::Ok();
}

Status RequireOrganizationAccess(const Principal& actor, std::int64_t organization_id,
                                 std::string_view what) {
  if (actor.role == Role::kVendorMember &&
      (!actor.organization_id || *actor.organization_id != organization_id)) {
    return Status::NotFound(std::string(what) + " not found / 見つかりません");
  }
  return Status::Ok();
}

Status RequireNonEmpty(std::string_view value, std::string_view field) {
  if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) + ": required / 必須項目です");
  }
  return Status::Ok();
}

namespace {

Result<std::vector<FirmwareVersion>> LoadFirmwareVersions(store::Transaction& transaction,
                                                          std::int64_t product_id) {
  auto rows = transaction.Query(
      "SELECT id, product_id, version, released_on, covered, coverage_note "
      "FROM firmware_versions WHERE product_id = ? ORDER BY id",
      {product_id});
  if (!rows.ok()) return rows.status();
  std::vector<FirmwareVersion> versions;
  for (const store::Row& r : *rows) {
    FirmwareVersion version;
    version.id = r.Int(0);
    version.product_id = r.Int(1);
    version.version = r.Text(2);
    version.released_on = OptionalTime(r, 3);
    version.covered = r.Int(4) != 0;
    version.coverage_note = r.Text(5);
    versions.push_back(std::move(version));
  }
  return versions;
}

}  // namespace

Result<Product> LoadProduct(store::Transaction& transaction, std::int64_t id) {
  auto row = transaction.QueryOne(
      "SELECT id, organization_id, model_number, name, product_type, created_at "
      "FROM products WHERE id = ?",
      {id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("product " + std::to_string(id) + " not found / 見つかりません");
  }
  const store::Row& r = **row;
  Product product;
  product.id = r.Int(0);
  product.organization_id = r.Int(1);
  product.model_number = r.Text(2);
  product.name = r.Text(3);
  product.product_type = r.Text(4);
  product.created_at = FromSeconds(r.Int(5));
  auto versions = LoadFirmwareVersions(transaction, id);
  if (!versions.ok()) return versions.status();
  product.firmware_versions = std::move(versions).value();
  return product;
}

namespace {

constexpr std::string_view kLabelColumns =
    "SELECT l.id, l.registration_number, l.product_id, l.organization_id, l.application_id, "
    "l.scheme, l.level, l.issued_at, l.valid_from, l.valid_until, l.status, "
    "l.surveillance_request, l.surveillance_opened_at, l.surveillance_deadline, "
    "l.surveillance_evidence, l.surveillance_evidence_at, p.name, p.model_number, "
    "p.product_type, o.name FROM labels l JOIN products p ON p.id = l.product_id "
    "JOIN organizations o ON o.id = l.organization_id ";

// The deadline that can still revoke the label: none once evidence came in time.
std::optional<TimePoint> EffectiveDeadline(const store::Row& r) {
  std::optional<TimePoint> deadline = OptionalTime(r, 13);
  std::optional<TimePoint> evidence_at = OptionalTime(r, 15);
  if (deadline && evidence_at && *evidence_at <= *deadline) return std::nullopt;
  return deadline;
}

}  // namespace

std::string_view LabelSelectColumns() { return kLabelColumns; }

Result<Label> LabelFromRow(const store::Row& r, TimePoint now) {
  Label label;
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
  auto stored = ParseLabelStatus(r.Text(10));
  if (!stored.ok()) return stored.status();
  label.status = EffectiveLabelStatus(*stored, label.valid_until, EffectiveDeadline(r), now);
  if (*stored == LabelStatus::kUnderSurveillance) {
    Surveillance surveillance;
    surveillance.evidence_request = r.Text(11);
    surveillance.opened_at = FromSeconds(r.Int(12));
    surveillance.deadline = FromSeconds(r.Int(13));
    surveillance.evidence = r.Text(14);
    surveillance.evidence_submitted_at = OptionalTime(r, 15);
    label.surveillance = std::move(surveillance);
  }
  label.product_name = r.Text(16);
  label.model_number = r.Text(17);
  label.product_type = r.Text(18);
  label.vendor_name = r.Text(19);
  return label;
}

Result<Label> LoadLabel(store::Transaction& transaction, std::string_view registration_number,
                        TimePoint now, bool with_history) {
  auto row = transaction.QueryOne(std::string(kLabelColumns) + "WHERE l.registration_number = ?",
                                  {std::string(registration_number)});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("label " + std::string(registration_number.substr(0, 40)) +
                            " not found / 適合ラベルが見つかりません");
  }
  auto label = LabelFromRow(**row, now);
  if (!label.ok()) return label.status();
  auto product = LoadProduct(transaction, label->product_id);
  if (!product.ok()) return product.status();
  label->firmware_versions = product->firmware_versions;
  if (with_history) {
    auto events = transaction.Query(
        "SELECT id, kind, from_status, to_status, actor_user_id, actor_email, at, reason, "
        "log_index FROM label_events WHERE label_id = ? ORDER BY id",
        {label->id});
    if (!events.ok()) return events.status();
    for (const store::Row& e : *events) {
      LabelEvent event;
      event.id = e.Int(0);
      event.kind = e.Text(1);
      if (!e.IsNull(2)) {
        auto from = ParseLabelStatus(e.Text(2));
        if (from.ok()) event.from = *from;
      }
      if (!e.IsNull(3)) {
        auto to = ParseLabelStatus(e.Text(3));
        if (to.ok()) event.to = *to;
      }
      event.actor_user_id = e.Int(4);
      event.actor_email = e.Text(5);
      event.at = FromSeconds(e.Int(6));
      event.reason = e.Text(7);
      event.log_index = e.OptionalInt(8);
      label->history.push_back(std::move(event));
    }
  }
  return label;
}

Result<LabelStatus> StoredLabelStatus(store::Transaction& transaction, std::int64_t label_id) {
  auto row = transaction.QueryOne("SELECT status FROM labels WHERE id = ?", {label_id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("label not found");
  return ParseLabelStatus((*row)->Text(0));
}

Result<LabelEvent> RecordLabelEvent(store::Transaction& transaction, const crypto::SigningKey& key,
                                    const Label& label, std::string_view kind,
                                    std::optional<LabelStatus> from, std::optional<LabelStatus> to,
                                    const Principal* actor, TimePoint at, std::string_view reason,
                                    TimePoint now) {
  LabelEvent event;
  event.kind = std::string(kind);
  event.from = from;
  event.to = to;
  event.actor_user_id = actor ? actor->user_id : 0;
  event.actor_email = actor ? actor->email : "system";
  event.at = at;
  event.reason = std::string(reason);
  auto id = transaction.InsertReturningId(
      "INSERT INTO label_events (label_id, kind, from_status, to_status, actor_user_id, "
      "actor_email, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {label.id, event.kind,
       from ? store::Value(std::string(LabelStatusName(*from))) : store::Value(),
       to ? store::Value(std::string(LabelStatusName(*to))) : store::Value(), event.actor_user_id,
       event.actor_email, Seconds(at), event.reason});
  if (!id.ok()) return id.status();
  event.id = *id;
  auto index =
      AppendToLog(transaction, LabelEventLogData(*id, label.registration_number, event), key, now);
  if (!index.ok()) return index.status();
  event.log_index = static_cast<std::int64_t>(*index);
  auto linked = transaction.Execute("UPDATE label_events SET log_index = ? WHERE id = ?",
                                    {*event.log_index, *id});
  if (!linked.ok()) return linked.status();
  if (to) {
    auto updated = transaction.Execute("UPDATE labels SET status = ? WHERE id = ?",
                                       {std::string(LabelStatusName(*to)), label.id});
    if (!updated.ok()) return updated.status();
  }
  IOTMARK_RETURN_IF_ERROR(
      RecordLabelChanges(transaction, ChangeScope::kLabel, label.id, kind, at, reason));
  return event;
}

Status RecordLabelChanges(store::Transaction& transaction, ChangeScope scope, std::int64_t id,
                          std::string_view kind, TimePoint at, std::string_view summary) {
  std::string_view column = scope == ChangeScope::kLabel     ? "id"
                            : scope == ChangeScope::kProduct ? "product_id"
                                                             : "organization_id";
  auto labels =
      transaction.Query("SELECT id, registration_number, status, changed_at FROM labels WHERE " +
                            std::string(column) + " = ? ORDER BY id",
                        {id});
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

Result<bool> MaterialiseDueChange(store::Transaction& transaction, const crypto::SigningKey& key,
                                  std::int64_t label_id, TimePoint now) {
  auto row = transaction.QueryOne(std::string(kLabelColumns) + "WHERE l.id = ?", {label_id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("label not found");
  const store::Row& r = **row;
  auto stored = ParseLabelStatus(r.Text(10));
  if (!stored.ok()) return stored.status();
  auto label = LabelFromRow(r, now);
  if (!label.ok()) return label.status();
  std::optional<TimePoint> changed_at;
  LabelStatus effective =
      EffectiveLabelStatus(*stored, label->valid_until, EffectiveDeadline(r), now, &changed_at);
  if (effective == *stored || !changed_at) return false;
  std::string reason = effective == LabelStatus::kExpired
                           ? "validity period ended without extension / 有効期間満了"
                           : "surveillance deadline passed without remediation / "
                             "期限までに是正されなかったため取消し";
  auto event = RecordLabelEvent(transaction, key, *label,
                                effective == LabelStatus::kExpired ? "expired" : "revoked", *stored,
                                effective, nullptr, *changed_at, reason, now);
  if (!event.ok()) return event.status();
  return true;
}

}  // namespace internal
}  // namespace iotmark::registry
