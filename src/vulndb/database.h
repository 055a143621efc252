// The local vulnerability database (SQLite): CVE records imported from NVD
// feed files or CVE API 2.0 pages, NVD's CPE dictionary (CPE API 2.0 product
// pages), queried by CPE with name resolution, version ranges and aliases.
//
// The public matching API (also for SBOM components): Match() takes a CPE
// 2.2 URI or 2.3 string (ParseCpe), MatchProduct() a vendor/product/version;
// both resolve the name to the vendor:product NVD files CVEs under (through
// the imported CPE dictionary first: deprecations, the vendors NVD lists for
// a product; then the documented alias table; then '-'/'_' spelling) and
// return every matched CVE with its range, score and how the name resolved.
//
// Schema (created on open, version 1):
//   cve(id PRIMARY KEY, published, last_modified, description, cvss_version,
//       base_score NULL, severity, vector, has_configurations, has_metrics)
//   cpe_match(cve_id, criteria, vulnerable, part, vendor, product, version,
//             version_start_including, version_start_excluding,
//             version_end_including, version_end_excluding)   -- index on product
//   cpe_dictionary(name PRIMARY KEY, part, vendor, product, version, title,
//                  deprecated, deprecated_by)   -- space-separated cpeNames
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
  std::string kind;           // "cve" or "cpe-dictionary"
  std::size_t records = 0;    // CVE items stored
  std::size_t cpe_names = 0;  // CPE dictionary entries stored
  std::size_t deprecated_cpe_names = 0;
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
  std::string resolved_name;     // "dropbear_ssh_project:dropbear_ssh" (Match only)
  std::string resolution;        // why that name was queried (Match only)
};

// One name a query was resolved to, with the reason (for the report).
struct ResolvedName {
  std::string part, vendor, product, version;
  std::string reason;  // "as identified", "NVD CPE dictionary: … is deprecated by …", …
};

struct CpeMatchResult {
  std::vector<ResolvedName> names;          // the query first
  std::vector<VulnerabilityMatch> matches;  // highest score first
};

struct CpeDictionaryEntry;

class VulnDatabase {
 public:
  // Opens or creates the database file. kIoError naming the path.
  static Result<VulnDatabase> Open(const std::filesystem::path& path);
  // Opens an existing database only (for queries). kNotFound when missing.
  static Result<VulnDatabase> OpenExisting(const std::filesystem::path& path);

  VulnDatabase(VulnDatabase&&) noexcept;
  VulnDatabase& operator=(VulnDatabase&&) noexcept;
  ~VulnDatabase();

  // Streams one NVD JSON 2.0 file (plain or .gz) into the database: a CVE
  // feed file, a CVE API 2.0 page, or a CPE API 2.0 products page (told
  // apart by its top-level array). Transactions of 500 items; on error the
  // current batch is rolled back and earlier batches stay.
  Result<ImportSummary> ImportFeed(const std::filesystem::path& feed);
  Status Store(const CveRecord& record);
  Status StoreCpe(const CpeDictionaryEntry& entry);

  // The names `cpe` resolves to (see the file comment), the query first.
  Result<std::vector<ResolvedName>> ResolveName(const Cpe& cpe, const VendorAliases& aliases) const;
  // CVEs for `cpe` under every resolved name (deduplicated by CVE id).
  Result<CpeMatchResult> Match(const Cpe& cpe, const VendorAliases& aliases) const;
  Result<CpeMatchResult> MatchProduct(const std::string& vendor, const std::string& product,
                                      const std::string& version,
                                      const VendorAliases& aliases) const;

  // CVEs whose vulnerable cpeMatch entries cover `cpe` (same product, part
  // compatible, vendor equal or alias, version inside the range), sorted by
  // score (highest first) then id. With version "*" every record for the
  // product is returned with version_known = false.
  Result<std::vector<VulnerabilityMatch>> Query(const Cpe& cpe, const VendorAliases& aliases) const;

  Result<std::size_t> CountRecords() const;
  Result<std::size_t> CountCpeNames() const;

 private:
  explicit VulnDatabase(sqlite3* handle) : handle_(handle) {}
  Status Execute(const char* sql) const;
  Result<bool> KnowsProduct(const std::string& vendor, const std::string& product) const;
  sqlite3* handle_ = nullptr;
};

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_DATABASE_H_
