// The target file's `vex:` section: the vendor's statements that a CVE the
// known-vulnerabilities case may match does not affect the device (VEX terms,
// as CISA's "Minimum Requirements for VEX" and OpenVEX write them):
//
//   vex:
//     - cve: CVE-2023-38408
//       status: not_affected            # not_affected | fixed | affected | under_investigation
//       justification: vulnerable_code_not_in_execute_path
//       detail: "ssh-agent is not shipped"   # impact statement, shown to the reviewer
//
// `justification` is required with not_affected and must be one of the five
// VEX justifications. The case never hides a matched CVE because of a
// statement: it shows the statement beside the match and, for not_affected /
// fixed, does not count it towards FAIL (the reviewer judges the statement).
#ifndef IOTMARK_DEVTEST_TARGET_VEX_H_
#define IOTMARK_DEVTEST_TARGET_VEX_H_

#include <string>
#include <vector>

#include "common/status.h"

namespace YAML {
class Node;
}

namespace iotmark::devtest {

struct VexStatement {
  std::string cve;            // "CVE-2023-38408" (upper case)
  std::string status;         // "not_affected", "fixed", "affected", "under_investigation"
  std::string justification;  // required for not_affected
  std::string detail;
  int line = 0;  // in the target file

  // True for not_affected and fixed: the vendor says the device is not vulnerable.
  bool DeclaresNotVulnerable() const { return status == "not_affected" || status == "fixed"; }
};

// Parses `node` (absent or null = no statements). kInvalidArgument naming
// "<source>:<line>: vex[i].<field>: <what>".
Status ParseVexSection(const YAML::Node& node, const std::string& source,
                       std::vector<VexStatement>& out);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_TARGET_VEX_H_
