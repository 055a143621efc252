// `iotmark devtest plan`: what `devtest run` would do with a target file —
// the cases, the addresses and port ranges scanned (with the UDP probes),
// the logins tried and the commands run — computed from the file alone.
//
// Structural guarantee: this component includes nothing that can open a
// socket or resolve a name (no net/scanner, net/http_client,
// net/address_resolve), so printing a plan cannot send a packet.
#ifndef IOTMARK_DEVTEST_PLAN_H_
#define IOTMARK_DEVTEST_PLAN_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "devtest/report.h"
#include "devtest/target.h"

namespace iotmark::devtest {

// Every case of `devtest run`, in run order.
struct CaseInfo {
  const char* id;
  const char* criterion;
  CaseRole role;
};
const std::vector<CaseInfo>& AllCases();

// The plan as JSON: {"host", "addresses", "authorization", "public_address",
// "tcp_ranges": ["1-65535"], "tcp_port_count", "udp_ports", "udp_probes",
// "full_range", "not_scanned", "logins", "commands", "cases": [...]}.
nlohmann::json PlanJson(const Target& target);
// The same for people, Japanese with English beside.
std::string PlanText(const Target& target);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_PLAN_H_
