#include "vulndb/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "vulndb/cpe_dictionary.h"
#include "vulndb/feed_reader.h"
#include "vulndb/sqlite_statement.h"
#include "vulndb/version.h"

namespace iotmark::vulndb {
namespace {

using internal::Statement;

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '1');
CREATE TABLE IF NOT EXISTS cve(
  id TEXT PRIMARY KEY, published TEXT, last_modified TEXT, description TEXT,
  cvss_version TEXT, base_score REAL, severity TEXT, vector TEXT,
  has_configurations INTEGER NOT NULL, has_metrics INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cpe_match(
  cve_id TEXT NOT NULL, criteria TEXT NOT NULL, vulnerable INTEGER NOT NULL,
  part TEXT, vendor TEXT, product TEXT NOT NULL, version TEXT,
  version_start_including TEXT, version_start_excluding TEXT,
  version_end_including TEXT, version_end_excluding TEXT);
CREATE INDEX IF NOT EXISTS cpe_match_product ON cpe_match(product);
CREATE INDEX IF NOT EXISTS cpe_match_cve ON cpe_match(cve_id);
CREATE TABLE IF NOT EXISTS cpe_dictionary(
  name TEXT PRIMARY KEY, part TEXT, vendor TEXT NOT NULL, product TEXT NOT NULL, version TEXT,
  title TEXT, deprecated INTEGER NOT NULL, deprecated_by TEXT);
CREATE INDEX IF NOT EXISTS cpe_dictionary_product ON cpe_dictionary(product, vendor);
)sql";

constexpr std::size_t kBatchSize = 500;

bool IsAnyVersion(const std::string& version) { return version.empty() || version == "*"; }

// Whether `version` lies in the criterion's range; `description` gets the range text.
bool InRange(const std::string& version, const std::string& exact, const std::string& start_in,
             const std::string& start_ex, const std::string& end_in, const std::string& end_ex,
             std::string& description) {
  description.clear();
  auto add = [&description](const std::string& text) {
    if (!description.empty()) description += ", ";
    description += text;
  };
  if (!start_in.empty()) add(">= " + start_in);
  if (!start_ex.empty()) add("> " + start_ex);
  if (!end_in.empty()) add("<= " + end_in);
  if (!end_ex.empty()) add("< " + end_ex);
  if (!IsAnyVersion(exact) && exact != "-") return CompareVersions(version, exact) == 0;
  if (exact == "-") return false;  // "not applicable" version: never a concrete release
  if (!start_in.empty() && CompareVersions(version, start_in) < 0) return false;
  if (!start_ex.empty() && CompareVersions(version, start_ex) <= 0) return false;
  if (!end_in.empty() && CompareVersions(version, end_in) > 0) return false;
  if (!end_ex.empty() && CompareVersions(version, end_ex) >= 0) return false;
  if (description.empty()) description = "all versions";
  return true;
}

}  // namespace

Result<VulnDatabase> VulnDatabase::Open(const std::filesystem::path& path) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close(handle);
    return Status::IoError(path.string() + ": cannot open database: " + message);
  }
  sqlite3_busy_timeout(handle, 5000);
  VulnDatabase database(handle);
  Status status = database.Execute(kSchema);
  if (!status.ok()) return status.WithPrefix(path.string());
  return database;
}

Result<VulnDatabase> VulnDatabase::OpenExisting(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::NotFound(path.string() +
                            ": vulnerability database not found (create it with "
                            "`iotmark vulndb import --db " +
                            path.string() + " FEED.json.gz`)");
  }
  return Open(path);
}

VulnDatabase::VulnDatabase(VulnDatabase&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}
VulnDatabase& VulnDatabase::operator=(VulnDatabase&& other) noexcept {
  if (this != &other) {
    sqlite3_close(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}
VulnDatabase::~VulnDatabase() { sqlite3_close(handle_); }

Status VulnDatabase::Execute(const char* sql) const {
  char* error = nullptr;
  if (sqlite3_exec(handle_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return Status::IoError("SQLite: " + message);
  }
  return Status::Ok();
}

Status VulnDatabase::Store(const CveRecord& record) {
  Statement remove(handle_, "DELETE FROM cpe_match WHERE cve_id = ?1");
  Statement insert_cve(handle_,
                       "INSERT OR REPLACE INTO cve(id, published, last_modified, description, "
                       "cvss_version, base_score, severity, vector, has_configurations, "
                       "has_metrics) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  Statement insert_match(handle_,
                         "INSERT INTO cpe_match(cve_id, criteria, vulnerable, part, vendor, "
                         "product, version, version_start_including, version_start_excluding, "
                         "version_end_including, version_end_excluding) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  for (const Statement* statement : {&remove, &insert_cve, &insert_match}) {
    if (!statement->ok()) return Status::IoError("SQLite: " + statement->error());
  }
  remove.BindText(1, record.id);
  if (sqlite3_step(remove.get()) != SQLITE_DONE) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  }
  insert_cve.BindText(1, record.id);
  insert_cve.BindText(2, record.published);
  insert_cve.BindText(3, record.last_modified);
  insert_cve.BindText(4, record.description);
  if (record.score) {
    insert_cve.BindText(5, record.score->version);
    sqlite3_bind_double(insert_cve.get(), 6, record.score->base_score);
    insert_cve.BindText(7, record.score->severity);
    insert_cve.BindText(8, record.score->vector);
  }
  sqlite3_bind_int(insert_cve.get(), 9, record.has_configurations ? 1 : 0);
  sqlite3_bind_int(insert_cve.get(), 10, record.has_metrics ? 1 : 0);
  if (sqlite3_step(insert_cve.get()) != SQLITE_DONE) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  }
  for (const CpeMatchCriterion& match : record.matches) {
    sqlite3_reset(insert_match.get());
    insert_match.BindText(1, record.id);
    insert_match.BindText(2, match.criteria);
    sqlite3_bind_int(insert_match.get(), 3, match.vulnerable ? 1 : 0);
    insert_match.BindText(4, match.part);
    insert_match.BindText(5, match.vendor);
    insert_match.BindText(6, match.product);
    insert_match.BindText(7, match.version);
    insert_match.BindText(8, match.version_start_including);
    insert_match.BindText(9, match.version_start_excluding);
    insert_match.BindText(10, match.version_end_including);
    insert_match.BindText(11, match.version_end_excluding);
    if (sqlite3_step(insert_match.get()) != SQLITE_DONE) {
      return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
    }
  }
  return Status::Ok();
}

Result<ImportSummary> VulnDatabase::ImportFeed(const std::filesystem::path& feed) {
  ImportSummary summary;
  std::size_t in_batch = 0;
  IOTMARK_RETURN_IF_ERROR(Execute("BEGIN"));
  std::string array_key;
  Status status = ReadNvdDocument(
      feed, {"vulnerabilities", "products"},
      [&](std::size_t, const nlohmann::json& item) -> Status {
        if (item.contains("cpe") && !item.contains("cve")) {
          auto entry = ParseCpeProduct(item);
          if (!entry.ok()) return entry.status();
          IOTMARK_RETURN_IF_ERROR(StoreCpe(*entry));
          ++summary.cpe_names;
          if (entry->deprecated) ++summary.deprecated_cpe_names;
        } else {
          auto record = ParseNvdItem(item);
          if (!record.ok()) return record.status();
          IOTMARK_RETURN_IF_ERROR(Store(*record));
          ++summary.records;
          summary.cpe_matches += record->matches.size();
          if (!record->has_configurations) ++summary.without_configurations;
          if (!record->has_metrics) ++summary.without_metrics;
        }
        if (++in_batch >= kBatchSize) {
          IOTMARK_RETURN_IF_ERROR(Execute("COMMIT"));
          IOTMARK_RETURN_IF_ERROR(Execute("BEGIN"));
          in_batch = 0;
        }
        return Status::Ok();
      },
      &array_key);
  if (!status.ok()) {
    (void)Execute("ROLLBACK");
    return status;
  }
  IOTMARK_RETURN_IF_ERROR(Execute("COMMIT"));
  summary.kind = array_key == "products" ? "cpe-dictionary" : "cve";
  return summary;
}

Status VulnDatabase::StoreCpe(const CpeDictionaryEntry& entry) {
  Statement insert(handle_,
                   "INSERT OR REPLACE INTO cpe_dictionary(name, part, vendor, product, version, "
                   "title, deprecated, deprecated_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert.ok()) return Status::IoError("SQLite: " + insert.error());
  std::string replaced_by;
  for (const std::string& name : entry.deprecated_by) {
    replaced_by += (replaced_by.empty() ? "" : " ") + name;
  }
  insert.BindText(1, entry.name);
  insert.BindText(2, entry.cpe.part);
  insert.BindText(3, entry.cpe.vendor);
  insert.BindText(4, entry.cpe.product);
  insert.BindText(5, entry.cpe.version);
  insert.BindText(6, entry.title);
  sqlite3_bind_int(insert.get(), 7, entry.deprecated ? 1 : 0);
  insert.BindText(8, replaced_by);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  }
  return Status::Ok();
}

Result<std::vector<VulnerabilityMatch>> VulnDatabase::Query(const Cpe& cpe,
                                                            const VendorAliases& aliases) const {
  Statement select(handle_,
                   "SELECT m.criteria, m.part, m.vendor, m.version, m.version_start_including, "
                   "m.version_start_excluding, m.version_end_including, m.version_end_excluding, "
                   "c.id, c.base_score, c.cvss_version, c.severity, c.description "
                   "FROM cpe_match m JOIN cve c ON c.id = m.cve_id "
                   "WHERE m.product = ?1 AND m.vulnerable = 1 ORDER BY c.id");
  if (!select.ok()) return Status::IoError("SQLite: " + select.error());
  select.BindText(1, cpe.product);
  std::map<std::string, VulnerabilityMatch> found;
  int step;
  while ((step = sqlite3_step(select.get())) == SQLITE_ROW) {
    std::string part = select.ColumnText(1);
    if (cpe.part != "*" && part != "*" && part != cpe.part) continue;
    if (!aliases.Matches(cpe.vendor, select.ColumnText(2))) continue;
    std::string cve_id = select.ColumnText(8);
    if (found.count(cve_id)) continue;
    VulnerabilityMatch match;
    bool version_known = !IsAnyVersion(cpe.version);
    std::string range;
    if (version_known) {
      if (!InRange(cpe.version, select.ColumnText(3), select.ColumnText(4), select.ColumnText(5),
                   select.ColumnText(6), select.ColumnText(7), range)) {
        continue;
      }
    }
    match.cve_id = cve_id;
    match.matched_criteria = select.ColumnText(0);
    match.version_range = range;
    match.version_known = version_known;
    if (sqlite3_column_type(select.get(), 9) != SQLITE_NULL) {
      match.base_score = sqlite3_column_double(select.get(), 9);
    }
    match.cvss_version = select.ColumnText(10);
    match.severity = select.ColumnText(11);
    match.description = select.ColumnText(12);
    found.emplace(cve_id, std::move(match));
  }
  if (step != SQLITE_DONE)
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  std::vector<VulnerabilityMatch> matches;
  for (auto& [id, match] : found) matches.push_back(std::move(match));
  std::stable_sort(matches.begin(), matches.end(),
                   [](const VulnerabilityMatch& a, const VulnerabilityMatch& b) {
                     return a.base_score.value_or(-1) > b.base_score.value_or(-1);
                   });
  return matches;
}

Result<std::size_t> VulnDatabase::CountRecords() const {
  Statement count(handle_, "SELECT COUNT(*) FROM cve");
  if (!count.ok() || sqlite3_step(count.get()) != SQLITE_ROW) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  }
  return static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
}

}  // namespace iotmark::vulndb

namespace iotmark::vulndb {

Result<bool> VulnDatabase::KnowsProduct(const std::string& vendor,
                                        const std::string& product) const {
  Statement select(handle_,
                   "SELECT 1 FROM cpe_dictionary WHERE product = ?1 AND vendor = ?2 "
                   "UNION ALL SELECT 1 FROM cpe_match WHERE product = ?1 AND vendor = ?2 LIMIT 1");
  if (!select.ok()) return Status::IoError("SQLite: " + select.error());
  select.BindText(1, product);
  select.BindText(2, vendor);
  int step = sqlite3_step(select.get());
  if (step != SQLITE_ROW && step != SQLITE_DONE) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  }
  return step == SQLITE_ROW;
}

Result<std::vector<ResolvedName>> VulnDatabase::ResolveName(const Cpe& cpe,
                                                            const VendorAliases& aliases) const {
  constexpr std::size_t kMaxNames = 32;
  std::vector<ResolvedName> names{
      {cpe.part, cpe.vendor, cpe.product, cpe.version, "as identified"}};
  auto add = [&names](const std::string& part, const std::string& vendor,
                      const std::string& product, const std::string& version,
                      const std::string& reason) {
    for (const ResolvedName& name : names) {
      if (name.vendor == vendor && name.product == product) return;
    }
    if (names.size() < kMaxNames) names.push_back({part, vendor, product, version, reason});
  };
  Statement deprecated(handle_,
                       "SELECT name, deprecated_by FROM cpe_dictionary WHERE product = ?1 AND "
                       "vendor = ?2 AND deprecated = 1 AND deprecated_by != '' LIMIT 200");
  Statement vendors(handle_,
                    "SELECT DISTINCT vendor FROM cpe_dictionary WHERE product = ?1 AND "
                    "deprecated = 0 AND (part = ?2 OR ?2 = '*') LIMIT 20");
  for (const Statement* statement : {&deprecated, &vendors}) {
    if (!statement->ok()) return Status::IoError("SQLite: " + statement->error());
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ResolvedName current = names[i];
    // 1. NVD's own renames: a deprecated dictionary name points at its replacement.
    sqlite3_reset(deprecated.get());
    deprecated.BindText(1, current.product);
    deprecated.BindText(2, current.vendor);
    while (sqlite3_step(deprecated.get()) == SQLITE_ROW) {
      std::string old_name = deprecated.ColumnText(0);
      std::string list = deprecated.ColumnText(1);
      std::size_t start = 0;
      while (start < list.size()) {
        std::size_t end = list.find(' ', start);
        std::string by =
            list.substr(start, end == std::string::npos ? std::string::npos : end - start);
        start = end == std::string::npos ? list.size() : end + 1;
        auto parsed = ParseCpe(by);
        if (!parsed.ok()) continue;
        add(parsed->part, parsed->vendor, parsed->product, current.version,
            "NVD CPE dictionary: " + old_name + " is deprecated by " + by);
      }
    }
    // 2. The documented alias table.
    for (const std::string& alias : aliases.ProductAliases(current.vendor, current.product)) {
      std::size_t colon = alias.find(':');
      add(current.part, alias.substr(0, colon), alias.substr(colon + 1), current.version,
          current.vendor + ":" + current.product + " = " + alias +
              " (alias table src/vulndb/vendor_aliases.tsv)");
    }
    // 3. '-' and '_' spell the same CPE product (NVD: mini-httpd, nmap: mini_httpd).
    for (auto [from, to] : {std::pair{'_', '-'}, std::pair{'-', '_'}}) {
      std::string spelled = current.product;
      std::replace(spelled.begin(), spelled.end(), from, to);
      if (spelled != current.product) {
        add(current.part, current.vendor, spelled, current.version,
            "CPE product spelling: " + current.product + " = " + spelled);
      }
    }
    // 4. A name NVD does not know: the dictionary's vendors for the same product.
    auto known = KnowsProduct(current.vendor, current.product);
    if (!known.ok()) return known.status();
    if (!*known) {
      sqlite3_reset(vendors.get());
      vendors.BindText(1, current.product);
      vendors.BindText(2, current.part);
      while (sqlite3_step(vendors.get()) == SQLITE_ROW) {
        std::string vendor = vendors.ColumnText(0);
        add(current.part, vendor, current.product, current.version,
            "NVD CPE dictionary lists " + current.product + " under vendor " + vendor + " (" +
                current.vendor + " is not an NVD vendor of it)");
      }
    }
  }
  for (ResolvedName& name : names) {
    std::string version = aliases.VersionAlias(name.vendor, name.product, name.version);
    if (!version.empty()) {
      name.reason += "; version " + name.version + " is written " + version +
                     " by NVD (alias table src/vulndb/vendor_aliases.tsv)";
      name.version = version;
    }
  }
  return names;
}

Result<CpeMatchResult> VulnDatabase::Match(const Cpe& cpe, const VendorAliases& aliases) const {
  CpeMatchResult result;
  auto names = ResolveName(cpe, aliases);
  if (!names.ok()) return names.status();
  result.names = *names;
  std::map<std::string, VulnerabilityMatch> found;
  for (const ResolvedName& name : result.names) {
    Cpe query = cpe;
    query.part = name.part;
    query.vendor = name.vendor;
    query.product = name.product;
    query.version = name.version;
    auto matches = Query(query, aliases);
    if (!matches.ok()) return matches.status();
    for (VulnerabilityMatch& match : *matches) {
      if (found.count(match.cve_id)) continue;
      match.resolved_name = name.vendor + ":" + name.product;
      match.resolution = name.reason;
      found.emplace(match.cve_id, std::move(match));
    }
  }
  for (auto& [id, match] : found) result.matches.push_back(std::move(match));
  std::stable_sort(result.matches.begin(), result.matches.end(),
                   [](const VulnerabilityMatch& a, const VulnerabilityMatch& b) {
                     return a.base_score.value_or(-1) > b.base_score.value_or(-1);
                   });
  return result;
}

Result<CpeMatchResult> VulnDatabase::MatchProduct(const std::string& vendor,
                                                  const std::string& product,
                                                  const std::string& version,
                                                  const VendorAliases& aliases) const {
  Cpe cpe;
  cpe.part = "a";
  cpe.vendor = vendor.empty() ? "*" : vendor;
  cpe.product = product;
  cpe.version = version.empty() ? "*" : version;
  cpe.update = "*";
  if (cpe.product.empty()) return Status::InvalidArgument("MatchProduct: empty product");
  for (std::string* field : {&cpe.vendor, &cpe.product, &cpe.version}) {
    std::transform(field->begin(), field->end(), field->begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  return Match(cpe, aliases);
}

Result<std::size_t> VulnDatabase::CountCpeNames() const {
  Statement count(handle_, "SELECT COUNT(*) FROM cpe_dictionary");
  if (!count.ok() || sqlite3_step(count.get()) != SQLITE_ROW) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(handle_));
  }
  return static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
}

}  // namespace iotmark::vulndb
