#include "persistence/portable/product_repository.h"

#include <string>

#include "persistence/portable/row_values.h"

namespace iotmark::persistence::portable {

using registry::FirmwareVersion;
using registry::Product;

namespace {

Result<std::vector<FirmwareVersion>> LoadFirmwareVersions(store::Transaction& transaction,
                                                          std::int64_t product_id) {
  auto rows = transaction.Query(
      "SELECT id, product_id, version, released_on, covered, coverage_note "
      "FROM firmware_versions WHERE product_id = ? ORDER BY id",
      {product_id});
  if (!rows.ok()) return rows.status();
  std::vector<FirmwareVersion> versions;
  versions.reserve(rows->size());
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

Result<Product> PortableProductRepository::Load(store::Transaction& transaction, std::int64_t id) {
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

Result<std::vector<Product>> PortableProductRepository::List(
    store::Transaction& transaction, std::optional<std::int64_t> organization_id) {
  auto rows = organization_id ? transaction.Query(
                                    "SELECT id FROM products WHERE organization_id = ? ORDER BY id",
                                    {*organization_id})
                              : transaction.Query("SELECT id FROM products ORDER BY id", {});
  if (!rows.ok()) return rows.status();
  std::vector<Product> products;
  products.reserve(rows->size());
  for (const store::Row& row : *rows) {
    auto loaded = Load(transaction, row.Int(0));
    if (!loaded.ok()) return loaded.status();
    products.push_back(std::move(loaded).value());
  }
  return products;
}

Result<std::int64_t> PortableProductRepository::Insert(store::Transaction& transaction,
                                                       const Product& product) {
  return transaction.InsertReturningId(
      "INSERT INTO products (organization_id, model_number, name, product_type, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {product.organization_id, product.model_number, product.name, product.product_type,
       Seconds(product.created_at)});
}

Result<std::int64_t> PortableProductRepository::InsertFirmwareVersion(
    store::Transaction& transaction, const FirmwareVersion& version) {
  return transaction.InsertReturningId(
      "INSERT INTO firmware_versions (product_id, version, released_on, covered, "
      "coverage_note) VALUES (?, ?, ?, ?, ?) RETURNING id",
      {version.product_id, version.version, OptionalSeconds(version.released_on),
       std::int64_t{version.covered ? 1 : 0}, version.coverage_note});
}

Result<bool> PortableProductRepository::SetFirmwareCoverage(store::Transaction& transaction,
                                                            std::int64_t product_id,
                                                            std::string_view version, bool covered,
                                                            std::string_view note) {
  auto changed = transaction.Execute(
      "UPDATE firmware_versions SET covered = ?, coverage_note = ? "
      "WHERE product_id = ? AND version = ?",
      {std::int64_t{covered ? 1 : 0}, std::string(note), product_id, std::string(version)});
  if (!changed.ok()) return changed.status();
  return *changed > 0;
}

}  // namespace iotmark::persistence::portable
