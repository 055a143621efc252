// The JSON form of a scan report (what `iotmark scan --json` prints and the
// device-test evidence keeps).
#ifndef IOTMARK_NET_SCAN_JSON_H_
#define IOTMARK_NET_SCAN_JSON_H_

#include <string>

#include "net/scanner.h"

namespace iotmark::net {

// {"host", "seconds", "tcp": {"scanned", "closed", "ports": [{"port","state","banner"}]},
//  "udp": [{"port","state","reply"}]}, sorted by port.
std::string ScanReportToJson(const ScanReport& report);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_SCAN_JSON_H_
