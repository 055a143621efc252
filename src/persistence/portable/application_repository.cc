#include "persistence/portable/application_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::Application;
using registry::ApplicationEvent;

namespace {

store::Value OptionalMonths(const std::optional<int>& months) {
  if (!months) return std::monostate{};
  return std::int64_t{*months};
}

}  // namespace

Result<Application> PortableApplicationRepository::Load(store::Transaction& transaction,
                                                        std::int64_t id) {
  auto row = transaction.QueryOne(
      "SELECT id, organization_id, product_id, kind, scheme, level, label_registration_number, "
      "requested_validity_months, checklist_json, state, inquiry_note, rejection_reason, "
      "fee_amount_jpy, fee_tax_included, fee_source, submitted_at, invoiced_at, paid_at, "
      "created_at, updated_at, evaluation_lab_id, certified_at FROM applications WHERE id = ?",
      {id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("application " + std::to_string(id) + " not found / 見つかりません");
  }
  const store::Row& r = **row;
  Application application;
  application.id = r.Int(0);
  application.organization_id = r.Int(1);
  application.product_id = r.Int(2);
  auto kind = registry::ParseApplicationKind(r.Text(3));
  if (!kind.ok()) return kind.status();
  application.kind = *kind;
  application.scheme = r.Text(4);
  application.level = r.Text(5);
  application.label_registration_number = r.OptionalText(6);
  if (auto months = r.OptionalInt(7))
    application.requested_validity_months = static_cast<int>(*months);
  application.checklist_json = r.Text(8);
  auto state = registry::ParseApplicationState(r.Text(9));
  if (!state.ok()) return state.status();
  application.state = *state;
  application.inquiry_note = r.Text(10);
  application.rejection_reason = r.Text(11);
  application.fee_amount_jpy = r.OptionalInt(12);
  application.fee_tax_included = r.Int(13) != 0;
  application.fee_source = r.Text(14);
  application.submitted_at = OptionalTime(r, 15);
  application.invoiced_at = OptionalTime(r, 16);
  application.paid_at = OptionalTime(r, 17);
  application.created_at = FromSeconds(r.Int(18));
  application.updated_at = FromSeconds(r.Int(19));
  application.evaluation_lab_id = r.OptionalInt(20);
  application.certified_at = OptionalTime(r, 21);
  auto events = transaction.Query(
      "SELECT id, from_state, to_state, actor_user_id, actor_email, at, note "
      "FROM application_events WHERE application_id = ? ORDER BY id",
      {id});
  if (!events.ok()) return events.status();
  for (const store::Row& e : *events) {
    ApplicationEvent event;
    event.id = e.Int(0);
    auto from = registry::ParseApplicationState(e.Text(1));
    auto to = registry::ParseApplicationState(e.Text(2));
    if (!from.ok()) return from.status();
    if (!to.ok()) return to.status();
    event.from = *from;
    event.to = *to;
    event.actor_user_id = e.Int(3);
    event.actor_email = e.Text(4);
    event.at = FromSeconds(e.Int(5));
    event.note = e.Text(6);
    application.history.push_back(std::move(event));
  }
  return application;
}

Result<std::vector<Application>> PortableApplicationRepository::List(
    store::Transaction& transaction, const registry::ApplicationFilter& filter) {
  std::string sql = "SELECT id FROM applications WHERE 1 = 1";
  std::vector<store::Value> params;
  if (filter.organization_id) {
    sql += " AND organization_id = ?";
    params.push_back(*filter.organization_id);
  }
  if (filter.state) {
    sql += " AND state = ?";
    params.push_back(std::string(registry::ApplicationStateName(*filter.state)));
  }
  if (filter.evaluation_lab_id) {
    sql += " AND evaluation_lab_id = ?";
    params.push_back(*filter.evaluation_lab_id);
  }
  sql += " ORDER BY id";
  auto rows = transaction.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Application> applications;
  for (const store::Row& row : *rows) {
    auto loaded = Load(transaction, row.Int(0));
    if (!loaded.ok()) return loaded.status();
    applications.push_back(std::move(loaded).value());
  }
  return applications;
}

Result<std::int64_t> PortableApplicationRepository::Insert(store::Transaction& transaction,
                                                           const Application& a) {
  return transaction.InsertReturningId(
      "INSERT INTO applications (organization_id, product_id, kind, scheme, level, "
      "label_registration_number, requested_validity_months, checklist_json, state, "
      "inquiry_note, rejection_reason, fee_amount_jpy, fee_tax_included, fee_source, "
      "submitted_at, invoiced_at, paid_at, created_at, updated_at, evaluation_lab_id, "
      "certified_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.organization_id, a.product_id, std::string(registry::ApplicationKindName(a.kind)),
       a.scheme, a.level, store::NullableValue(a.label_registration_number),
       OptionalMonths(a.requested_validity_months), a.checklist_json,
       std::string(registry::ApplicationStateName(a.state)), a.inquiry_note, a.rejection_reason,
       store::NullableValue(a.fee_amount_jpy), std::int64_t{a.fee_tax_included ? 1 : 0},
       a.fee_source, OptionalSeconds(a.submitted_at), OptionalSeconds(a.invoiced_at),
       OptionalSeconds(a.paid_at), Seconds(a.created_at), Seconds(a.updated_at),
       store::NullableValue(a.evaluation_lab_id), OptionalSeconds(a.certified_at)});
}

Status PortableApplicationRepository::Save(store::Transaction& transaction, const Application& a) {
  auto changed = transaction.Execute(
      "UPDATE applications SET checklist_json = ?, state = ?, inquiry_note = ?, "
      "rejection_reason = ?, fee_amount_jpy = ?, fee_tax_included = ?, fee_source = ?, "
      "submitted_at = ?, invoiced_at = ?, paid_at = ?, certified_at = ?, updated_at = ? "
      "WHERE id = ?",
      {a.checklist_json, std::string(registry::ApplicationStateName(a.state)), a.inquiry_note,
       a.rejection_reason, store::NullableValue(a.fee_amount_jpy),
       std::int64_t{a.fee_tax_included ? 1 : 0}, a.fee_source, OptionalSeconds(a.submitted_at),
       OptionalSeconds(a.invoiced_at), OptionalSeconds(a.paid_at),
       OptionalSeconds(a.certified_at), Seconds(a.updated_at), a.id});
  if (!changed.ok()) return changed.status();
  if (*changed == 0) {
    return Status::NotFound("application " + std::to_string(a.id) + " not found / 見つかりません");
  }
  return Status::Ok();
}

Status PortableApplicationRepository::AppendEvent(store::Transaction& transaction,
                                                  std::int64_t application_id,
                                                  const ApplicationEvent& event) {
  return transaction
      .Execute(
          "INSERT INTO application_events (application_id, from_state, to_state, "
          "actor_user_id, actor_email, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {application_id, std::string(registry::ApplicationStateName(event.from)),
           std::string(registry::ApplicationStateName(event.to)), event.actor_user_id,
           event.actor_email, Seconds(event.at), event.note})
      .status();
}

}  // namespace iotmark::persistence::portable
