#include "persistence/portable/organization_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::Organization;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, name, name_en, contact_email, acknowledge_within_days, "
    "status_update_every_days, policy_url, created_at, kind FROM organizations ";

Result<Organization> FromRow(const store::Row& r) {
  Organization organization;
  organization.id = r.Int(0);
  organization.name = r.Text(1);
  organization.name_en = r.Text(2);
  organization.contact_email = r.Text(3);
  organization.disclosure_policy.acknowledge_within_days = static_cast<int>(r.Int(4));
  organization.disclosure_policy.status_update_every_days = static_cast<int>(r.Int(5));
  organization.disclosure_policy.policy_url = r.Text(6);
  organization.created_at = FromSeconds(r.Int(7));
  auto kind = registry::ParseOrganizationKind(r.Text(8));
  if (!kind.ok()) return kind.status();
  organization.kind = *kind;
  return organization;
}

}  // namespace

Result<Organization> PortableOrganizationRepository::Load(store::Transaction& transaction,
                                                          std::int64_t id) {
  auto row = transaction.QueryOne(std::string(kColumns) + "WHERE id = ?", {id});
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return Status::NotFound("organisation " + std::to_string(id) + " not found / 見つかりません");
  }
  return FromRow(**row);
}

Result<std::vector<Organization>> PortableOrganizationRepository::List(
    store::Transaction& transaction) {
  auto rows = transaction.Query(std::string(kColumns) + "ORDER BY id", {});
  if (!rows.ok()) return rows.status();
  std::vector<Organization> organizations;
  for (const store::Row& row : *rows) {
    auto organization = FromRow(row);
    if (!organization.ok()) return organization.status();
    organizations.push_back(std::move(organization).value());
  }
  return organizations;
}

Result<std::int64_t> PortableOrganizationRepository::Insert(store::Transaction& transaction,
                                                            const Organization& o) {
  return transaction.InsertReturningId(
      "INSERT INTO organizations (name, name_en, contact_email, acknowledge_within_days, "
      "status_update_every_days, policy_url, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {o.name, o.name_en, o.contact_email,
       std::int64_t{o.disclosure_policy.acknowledge_within_days},
       std::int64_t{o.disclosure_policy.status_update_every_days}, o.disclosure_policy.policy_url,
       Seconds(o.created_at), std::string(registry::OrganizationKindName(o.kind))});
}

Status PortableOrganizationRepository::SaveDisclosurePolicy(
    store::Transaction& transaction, std::int64_t id, const registry::DisclosurePolicy& policy) {
  auto changed = transaction.Execute(
      "UPDATE organizations SET acknowledge_within_days = ?, status_update_every_days = ?, "
      "policy_url = ? WHERE id = ?",
      {std::int64_t{policy.acknowledge_within_days}, std::int64_t{policy.status_update_every_days},
       policy.policy_url, id});
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status::NotFound("organisation not found / 見つかりません");
  return Status::Ok();
}

}  // namespace iotmark::persistence::portable
