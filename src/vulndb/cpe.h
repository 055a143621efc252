// CPE names (Common Platform Enumeration) in the two spellings iotmark meets:
// the 2.3 formatted string NVD uses ("cpe:2.3:a:vsftpd_project:vsftpd:2.3.4:*:*:...")
// and the 2.2 URI nmap's service probes use ("cpe:/a:vsftpd:vsftpd:2.3.4").
//
// Only part, vendor, product, version and update matter for matching; they are
// kept lowercase with CPE escapes ("\:" etc.) removed. "*" is ANY, "-" is NA;
// an omitted trailing component is ANY.
#ifndef IOTMARK_VULNDB_CPE_H_
#define IOTMARK_VULNDB_CPE_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::vulndb {

struct Cpe {
  std::string part;     // "a", "o", "h" or "*"
  std::string vendor;   // never empty ("*" when unknown)
  std::string product;  // never empty
  std::string version;  // "*" when any
  std::string update;   // "*" when any

  // The 2.3 formatted string of these components (other fields "*").
  std::string ToFormattedString() const;
};

// kInvalidArgument naming what is wrong (no "cpe:" prefix, no product, ...).
Result<Cpe> ParseCpe(std::string_view text);

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_CPE_H_
