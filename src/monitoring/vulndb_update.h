// `iotmark vulndb update`, as a library call: imports NVD CVE API 2.0 pages
// or feed files incrementally into the local vulnerability DB (records whose
// lastModified is after the window kept in the DB, update_window.h), moves
// the window on, and then matches every monitored component of the registry
// (registry/findings.h) and records the new matches as findings.
#ifndef IOTMARK_MONITORING_VULNDB_UPDATE_H_
#define IOTMARK_MONITORING_VULNDB_UPDATE_H_

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "monitoring/matcher.h"
#include "monitoring/update_window.h"
#include "registry/findings.h"

namespace iotmark::monitoring {

struct UpdateOptions {
  std::vector<std::filesystem::path> inputs;       // API 2.0 pages or feeds (plain or .gz)
  bool full = false;                               // ignore the window: import every record
  const vulndb::VendorAliases* aliases = nullptr;  // default: built-in
  const PurlMap* purls = nullptr;                  // default: built-in
  std::string now_iso8601;                         // recorded as updated_at
  // Progress lines for people (stderr in the CLI); may be empty.
  std::function<void(const std::string&)> progress;
};

struct UpdateReport {
  std::size_t read = 0;               // records in the inputs
  std::size_t imported = 0;           // stored (new or changed since the window)
  std::size_t skipped_unchanged = 0;  // lastModified inside the window already imported
  std::optional<UpdateWindow> window_before;
  UpdateWindow window_after;
  bool matched = false;  // false when no registry was given
  MatchResult match;     // counts (matches moved into `recorded`)
  std::size_t match_count = 0;
  registry::RecordSummary recorded;
};

// `findings` null: import only. On an input error nothing of that input is
// imported and the window does not move (inputs before it stay imported).
Result<UpdateReport> RunVulndbUpdate(const std::filesystem::path& database_path,
                                     registry::FindingsService* findings,
                                     const UpdateOptions& options);

}  // namespace iotmark::monitoring

#endif  // IOTMARK_MONITORING_VULNDB_UPDATE_H_
