// What the S1.1-13 open-port case scans, computed from the target file alone
// (shared by `devtest run` and `devtest plan`, so the plan is what runs).
// Pure: nothing here resolves a name or opens a socket.
#ifndef IOTMARK_DEVTEST_SCAN_PLAN_H_
#define IOTMARK_DEVTEST_SCAN_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "devtest/target.h"

namespace iotmark::devtest {

struct ScanPlan {
  std::vector<std::uint16_t> tcp_ports;  // sorted, unique
  std::vector<std::uint16_t> udp_ports;  // sorted, unique
  // What a full scan (TCP 1-65535, the default UDP list) has and this one lacks.
  std::vector<std::uint16_t> tcp_not_scanned;
  std::vector<std::uint16_t> udp_not_scanned;
  bool Narrowed() const { return !tcp_not_scanned.empty() || !udp_not_scanned.empty(); }
};

ScanPlan PlanScan(const Target& target);

// The port of an http(s) URL (default 80/443; 0 when unreadable).
std::uint16_t PortOfUrl(const std::string& url);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_SCAN_PLAN_H_
