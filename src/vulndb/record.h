// One CVE record as iotmark keeps it, and its conversion from an NVD 2.0 item.
#ifndef IOTMARK_VULNDB_RECORD_H_
#define IOTMARK_VULNDB_RECORD_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace iotmark::vulndb {

// One cpeMatch entry of a configuration node: a CPE (possibly with "*"
// version) plus an optional version range. Empty range strings mean unbounded.
struct CpeMatchCriterion {
  std::string criteria;  // the CPE 2.3 string as NVD writes it
  bool vulnerable = true;
  // Parsed from criteria, lowercase; `version` has the CPE update appended
  // when there is one ("9.3" + "p1" = "9.3p1"), as banners write it.
  std::string part, vendor, product, version;
  std::string version_start_including;
  std::string version_start_excluding;
  std::string version_end_including;
  std::string version_end_excluding;
};

// The base score iotmark uses: CVSS v4.0, else v3.1, else v3.0, else v2
// (Primary source first). Absent when the record has no metrics yet.
struct CvssScore {
  std::string version;  // "4.0", "3.1", "3.0", "2.0"
  double base_score = 0;
  std::string severity;  // "CRITICAL", "HIGH", ...
  std::string vector;
};

struct CveRecord {
  std::string id;  // "CVE-2011-2523"
  std::string published;
  std::string last_modified;
  std::string description;  // English description
  std::optional<CvssScore> score;
  std::vector<CpeMatchCriterion> matches;
  // NVD has not analysed it yet: kept, but flagged so a reader knows why it
  // never matches (no configurations) or has no score (no metrics).
  bool has_configurations = false;
  bool has_metrics = false;
};

// Converts one element of the feed's "vulnerabilities" array. kParseError
// naming the JSON path when a required field (cve.id) is missing or a field
// has the wrong type; cpeMatch entries whose criteria is not a CPE are skipped.
Result<CveRecord> ParseNvdItem(const nlohmann::json& item);

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_RECORD_H_
