#include "persistence/portable/security_information_repository.h"

#include "persistence/portable/row_values.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::portable {

using registry::UpdateRelease;
using registry::Vulnerability;

Result<std::int64_t> PortableSecurityInformationRepository::InsertUpdateRelease(
    store::Transaction& transaction, const UpdateRelease& release) {
  return transaction.InsertReturningId(
      "INSERT INTO update_releases (product_id, version, released_on, summary, "
      "security_relevant) VALUES (?, ?, ?, ?, ?) RETURNING id",
      {release.product_id, release.version, Seconds(release.released_on), release.summary,
       std::int64_t{release.security_relevant ? 1 : 0}});
}

Result<std::int64_t> PortableSecurityInformationRepository::InsertVulnerability(
    store::Transaction& transaction, const Vulnerability& v) {
  return transaction.InsertReturningId(
      "INSERT INTO vulnerabilities (product_id, identifier, severity, fixed_in_version, "
      "advisory_url, published_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {v.product_id, v.identifier, v.severity, v.fixed_in_version, v.advisory_url,
       Seconds(v.published_at)});
}

Result<std::vector<UpdateRelease>> PortableSecurityInformationRepository::ListUpdateReleases(
    store::Transaction& transaction, std::int64_t product_id) {
  auto rows = transaction.Query(
      "SELECT id, product_id, version, released_on, summary, security_relevant "
      "FROM update_releases WHERE product_id = ? ORDER BY released_on DESC, id DESC",
      {product_id});
  if (!rows.ok()) return rows.status();
  std::vector<UpdateRelease> releases;
  for (const store::Row& r : *rows) {
    releases.push_back(UpdateRelease{r.Int(0), r.Int(1), r.Text(2), FromSeconds(r.Int(3)),
                                     r.Text(4), r.Int(5) != 0});
  }
  return releases;
}

Result<std::vector<Vulnerability>> PortableSecurityInformationRepository::ListVulnerabilities(
    store::Transaction& transaction, std::int64_t product_id) {
  auto rows = transaction.Query(
      "SELECT id, product_id, identifier, severity, fixed_in_version, advisory_url, "
      "published_at FROM vulnerabilities WHERE product_id = ? ORDER BY published_at DESC, id "
      "DESC",
      {product_id});
  if (!rows.ok()) return rows.status();
  std::vector<Vulnerability> vulnerabilities;
  for (const store::Row& r : *rows) {
    vulnerabilities.push_back(Vulnerability{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4),
                                            r.Text(5), FromSeconds(r.Int(6))});
  }
  return vulnerabilities;
}

}  // namespace iotmark::persistence::portable
