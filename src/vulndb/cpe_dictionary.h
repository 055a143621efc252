// One entry of NVD's CPE dictionary as the CPE API 2.0 returns it
// (GET /rest/json/cpes/2.0 → {"products": [{"cpe": {...}}, ...]}):
//
//   {"cpe": {"cpeName": "cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*",
//            "cpeNameId": "UUID", "deprecated": false,
//            "created": "...", "lastModified": "...",
//            "titles": [{"title": "Vendor Product 1.0", "lang": "en"}],
//            "deprecatedBy": [{"cpeName": "...", "cpeNameId": "..."}],
//            "deprecates": [...], "refs": [...]}}
//
// iotmark keeps the name (parsed), the English title, whether it is
// deprecated and the names that replace it; matching uses them to map a
// service's name (nmap's CPE) to the vendor:product NVD files CVEs under.
#ifndef IOTMARK_VULNDB_CPE_DICTIONARY_H_
#define IOTMARK_VULNDB_CPE_DICTIONARY_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "vulndb/cpe.h"

namespace iotmark::vulndb {

struct CpeDictionaryEntry {
  std::string name;   // the cpeName as NVD writes it
  Cpe cpe;            // parsed, lowercase
  std::string title;  // English title ("" when none)
  bool deprecated = false;
  std::vector<std::string> deprecated_by;  // cpeNames of the replacements
};

// Converts one element of the "products" array. kParseError naming the field
// when "cpe", "cpe.cpeName" is missing or not a CPE, or a field has the wrong type.
Result<CpeDictionaryEntry> ParseCpeProduct(const nlohmann::json& item);

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_CPE_DICTIONARY_H_
