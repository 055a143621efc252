// Helpers shared by the RegistryService source files.
#include <algorithm>
#include <chrono>

#include "registry/label_event_text.h"
#include "registry/label_repository.h"
#include "registry/lifecycle.h"
#include "registry/product_repository.h"
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

Result<const SchemeWorkflow*> RegistryService::Impl::WorkflowOf(std::string_view scheme) const {
  auto found = workflows.find(scheme);
  if (found == workflows.end()) {
    return Status::FailedPrecondition("scheme '" + std::string(scheme) +
                                      "' has no workflow in the catalog (workflow:) / "
                                      "この制度の手続きが定義されていません");
  }
  return &found->second;
}

void RegistryService::Impl::DescribeHistory(Label& label) const {
  auto scheme = WorkflowOf(label.scheme);
  for (LabelEvent& event : label.history) {
    if (!scheme.ok()) {
      event.summary_ja = event.summary_en = event.reason;
      continue;
    }
    LabelEventText text = DescribeLabelEvent(event, (*scheme)->workflow->label);
    event.summary_ja = std::move(text.ja);
    event.summary_en = std::move(text.en);
  }
}

Status RegistryService::Impl::AuthoriseStep(const Principal& actor, bool label,
                                            std::string_view step) const {
  std::string_view role = RoleName(actor.role);
  Status refusal = Status::FailedPrecondition("no scheme has a workflow step '" +
                                              std::string(step) + "'");
  for (const auto& [id, scheme] : workflows) {
    Status allowed = (label ? scheme.label : scheme.application).Authorise(step, role);
    if (allowed.ok()) {
      if (actor.role == Role::kVendorMember) return internal::RequireVendor(actor);
      return allowed;
    }
    if (refusal.code() != StatusCode::kPermissionDenied) refusal = allowed;
  }
  return refusal;
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
  if (actor.role == Role::kLabEvaluator) {
    return Status::PermissionDenied(
        "evaluation bodies only record evaluation reports / 評価機関は評価報告のみ登録できます");
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
  if (actor.IsOrganizationScoped() &&
      (!actor.organization_id || *actor.organization_id != organization_id)) {
    return Status::NotFound(std::string(what) + " not found / 見つかりません");
  }
  return Status::Ok();
}

Status RequireNonEmpty(std::string_view value, std::string_view field) {
  if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::InvalidArgument("required / 必須項目です").WithField(std::string(field));
  }
  return Status::Ok();
}

Result<Product> LoadProduct(const Repositories& repos, store::Transaction& transaction,
                            std::int64_t id) {
  return repos.products->Load(transaction, id);
}

namespace {

// The deadline that can still revoke the label: none once evidence came in time.
std::optional<TimePoint> EffectiveDeadline(const StoredLabel& stored) {
  const std::optional<TimePoint>& deadline = stored.surveillance_deadline;
  const std::optional<TimePoint>& evidence_at = stored.surveillance_evidence_at;
  if (deadline && evidence_at && *evidence_at <= *deadline) return std::nullopt;
  return deadline;
}

}  // namespace

Label EffectiveLabel(const StoredLabel& stored, TimePoint now) {
  Label label = stored.label;
  const LabelStatus stored_status = stored.label.status;
  label.status =
      EffectiveLabelStatus(stored_status, label.valid_until, EffectiveDeadline(stored), now);
  if (stored_status == LabelStatus::kUnderSurveillance) {
    Surveillance surveillance;
    surveillance.evidence_request = stored.surveillance_request.value_or("");
    surveillance.opened_at = stored.surveillance_opened_at.value_or(TimePoint{});
    surveillance.deadline = stored.surveillance_deadline.value_or(TimePoint{});
    surveillance.evidence = stored.surveillance_evidence.value_or("");
    surveillance.evidence_submitted_at = stored.surveillance_evidence_at;
    label.surveillance = std::move(surveillance);
  }
  return label;
}

Result<Label> LoadLabel(const Repositories& repos, store::Transaction& transaction,
                        std::string_view registration_number, TimePoint now, bool with_history) {
  auto stored = repos.labels->FindByNumber(transaction, registration_number);
  if (!stored.ok()) return stored.status();
  Label label = EffectiveLabel(*stored, now);
  auto product = repos.products->Load(transaction, label.product_id);
  if (!product.ok()) return product.status();
  label.firmware_versions = std::move(product->firmware_versions);
  if (with_history) {
    auto events = repos.labels->LoadEvents(transaction, label.id);
    if (!events.ok()) return events.status();
    label.history = std::move(events).value();
  }
  return label;
}

Result<LabelEvent> RecordLabelEvent(const Repositories& repos, store::Transaction& transaction,
                                    const crypto::SigningKey& key, const Label& label,
                                    std::string_view kind, std::optional<LabelStatus> from,
                                    std::optional<LabelStatus> to, const Principal* actor,
                                    TimePoint at, std::string_view reason, TimePoint now) {
  LabelEvent event;
  event.kind = std::string(kind);
  event.from = from;
  event.to = to;
  event.actor_user_id = actor ? actor->user_id : 0;
  event.actor_email = actor ? actor->email : "system";
  event.at = at;
  event.reason = std::string(reason);
  auto id = repos.labels->InsertEvent(transaction, label.id, event);
  if (!id.ok()) return id.status();
  event.id = *id;
  auto index = AppendToLog(*repos.transparency_log, transaction,
                           LabelEventLogData(*id, label.registration_number, event), key, now);
  if (!index.ok()) return index.status();
  event.log_index = static_cast<std::int64_t>(*index);
  IOTMARK_RETURN_IF_ERROR(repos.labels->SetEventLogIndex(transaction, *id, *event.log_index));
  if (to) IOTMARK_RETURN_IF_ERROR(repos.labels->SetStatus(transaction, label.id, *to));
  IOTMARK_RETURN_IF_ERROR(
      RecordLabelChanges(repos, transaction, ChangeScope::kLabel, label.id, kind, at, reason));
  return event;
}

Status RecordLabelChanges(const Repositories& repos, store::Transaction& transaction,
                          ChangeScope scope, std::int64_t id, std::string_view kind, TimePoint at,
                          std::string_view summary) {
  return repos.changes->Record(transaction, scope, id, kind, at, summary);
}

Result<bool> MaterialiseDueChange(const Repositories& repos, store::Transaction& transaction,
                                  const crypto::SigningKey& key, std::int64_t label_id,
                                  TimePoint now) {
  auto stored = repos.labels->Load(transaction, label_id);
  if (!stored.ok()) return stored.status();
  const LabelStatus stored_status = stored->label.status;
  Label label = EffectiveLabel(*stored, now);
  std::optional<TimePoint> changed_at;
  LabelStatus effective = EffectiveLabelStatus(stored_status, label.valid_until,
                                               EffectiveDeadline(*stored), now, &changed_at);
  if (effective == stored_status || !changed_at) return false;
  std::string reason = effective == LabelStatus::kExpired
                           ? "validity period ended without extension / 有効期間満了"
                           : "surveillance deadline passed without remediation / "
                             "期限までに是正されなかったため取消し";
  auto event = RecordLabelEvent(repos, transaction, key, label,
                                effective == LabelStatus::kExpired ? "expired" : "revoked",
                                stored_status, effective, nullptr, *changed_at, reason, now);
  if (!event.ok()) return event.status();
  return true;
}

}  // namespace internal
}  // namespace iotmark::registry
