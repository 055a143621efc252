// The local vulnerability database (SQLite): CVE records imported from NVD
// feeds, queried by CPE with version ranges and vendor aliases.
//
// Schema (created on open, version 1):
//   cve(id PRIMARY KEY, published, last_modified, description, cvss_version,
//       base_score NULL, severity, vector, has_configurations, has_metrics)
//   cpe_match(cve_id, criteria, vulnerable, part, vendor, product, version,
//             version_start_including, version_start_excluding,
//             version_end_including, version_end_excluding)   -- index on product
// Re-importing a CVE replaces its row and its cpe_match rows.
//
// Matching: each vulnerable cpeMatch entry is judged alone (an AND with a
// hardware platform in the NVD configuration is not evaluated; the result
// may therefore over-report, never under-report).
// Thread-compatible: one VulnDatabase per thread.
#ifndef IOTMARK_VULNDB_DATABASE_H_
#define IOTMARK_VULNDB_DATABASE_H_

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "vulndb/cpe.h"
#include "vulndb/record.h"
#include "vulndb/vendor_aliases.h"

struct sqlite3;

namespace iotmark::vulndb {

struct ImportSummary {
  std::size_t records = 0;                 // CVE items stored
  std::size_t without_configurations = 0;  // stored, flagged
  std::size_t without_metrics = 0;         // stored, flagged
  std::size_t cpe_matches = 0;
};

// One CVE that applies to the queried CPE.
struct VulnerabilityMatch {
  std::string cve_id;
  std::optional<double> base_score;  // absent: NVD has no metrics yet
  std::string cvss_version;
  std::string severity;
  std::string description;
  std::string matched_criteria;  // the NVD CPE that matched
  std::string version_range;     // e.g. ">= 2.0, < 2.3.5" or "" for an exact version
  bool version_known = true;     // false when the query had no version ("*")
};

class VulnDatabase {
 public:
  // Opens or creates the database file. kIoError naming the path.
  static Result<VulnDatabase> Open(const std::filesystem::path& path);
  // Opens an existing database only (for queries). kNotFound when missing.
  static Result<VulnDatabase> OpenExisting(const std::filesystem::path& path);

  VulnDatabase(VulnDatabase&&) noexcept;
  VulnDatabase& operator=(VulnDatabase&&) noexcept;
  ~VulnDatabase();

  // Streams one feed file (plain or .gz) into the database, in transactions
  // of 500 records; on error the current batch is rolled back and earlier
  // batches stay.
  Result<ImportSummary> ImportFeed(const std::filesystem::path& feed);
  Status Store(const CveRecord& record);

  // CVEs whose vulnerable cpeMatch entries cover `cpe` (same product, part
  // compatible, vendor equal or alias, version inside the range), sorted by
  // score (highest first) then id. With version "*" every record for the
  // product is returned with version_known = false.
  Result<std::vector<VulnerabilityMatch>> Query(const Cpe& cpe, const VendorAliases& aliases) const;

  Result<std::size_t> CountRecords() const;

 private:
  explicit VulnDatabase(sqlite3* handle) : handle_(handle) {}
  Status Execute(const char* sql) const;
  sqlite3* handle_ = nullptr;
};

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_DATABASE_H_
