// `iotmark scan`: TCP connect / UDP port scan of one loopback host, with
// optional banner grab. See src/net/scanner.h.
#include <iostream>

#include "cli/command.h"
#include "net/port_list.h"
#include "net/scan_json.h"
#include "net/scanner.h"

namespace iotmark::cli {
namespace {

struct ScanCommandOptions {
  std::string host;
  std::string tcp;
  std::string udp;
  bool banners = false;
  bool json = false;
  bool allow_non_loopback = false;
  int concurrency = 1024;
  int threads = 2;
  int timeout_ms = 1000;
  int retries = 1;
  int udp_timeout_ms = 500;
};

void PrintHuman(const net::ScanReport& report) {
  std::cout << "ホスト / Host: " << report.host << "  (" << report.seconds << " s)\n";
  std::cout << "TCP: 走査 / scanned " << report.tcp_scanned << ", 閉 / closed " << report.tcp_closed
            << "\n";
  for (const net::PortResult& result : report.tcp) {
    std::cout << "  " << result.port << "/tcp  " << net::PortStateName(result.state);
    if (!result.banner.empty()) {
      std::string printable = net::PrintableBanner(result.banner);
      std::string first_line = printable.substr(0, printable.find_first_of("\r\n"));
      std::cout << "  " << first_line;
    }
    std::cout << "\n";
  }
  for (const net::PortResult& result : report.udp) {
    std::cout << "  " << result.port << "/udp  " << net::PortStateName(result.state);
    if (!result.banner.empty()) std::cout << "  " << net::PrintableBanner(result.banner);
    std::cout << "\n";
  }
}

int RunScan(const ScanCommandOptions& options) {
  net::RaiseOpenFileLimit();
  net::ScanOptions scan;
  scan.host = options.host;
  Result<std::vector<std::uint16_t>> tcp = net::ParsePortList(options.tcp);
  Result<std::vector<std::uint16_t>> udp = net::ParsePortList(options.udp);
  for (const auto* list : {&tcp, &udp}) {
    if (!list->ok()) {
      std::cerr << "scan: " << list->status().MessageWithField() << "\n";
      return kExitUsage;
    }
  }
  if (tcp->empty() && udp->empty()) {
    std::cerr << "scan: give --tcp RANGE and/or --udp LIST\n";
    return kExitUsage;
  }
  scan.tcp_ports = std::move(*tcp);
  scan.udp_ports = std::move(*udp);
  scan.grab_banners = options.banners;
  scan.allow_non_loopback = options.allow_non_loopback;
  scan.concurrency = options.concurrency;
  scan.threads = options.threads;
  scan.connect_timeout = std::chrono::milliseconds(options.timeout_ms);
  scan.retries = options.retries;
  scan.udp_timeout = std::chrono::milliseconds(options.udp_timeout_ms);
  Result<net::ScanReport> report = net::Scan(scan);
  if (!report.ok()) {
    std::cerr << "scan: " << report.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  if (options.json) {
    std::cout << net::ScanReportToJson(*report);
  } else {
    PrintHuman(*report);
  }
  return kExitOk;
}

void SetupScan(CLI::App& root, Context& context) {
  auto options = std::make_shared<ScanCommandOptions>();
  auto* command = root.add_subcommand(
      "scan",
      "ポートスキャン / TCP connect and UDP port scan of one host (loopback unless allowed)");
  command->add_option("--host", options->host, "IP address to scan")->required();
  command->add_option("--tcp", options->tcp, "TCP ports, e.g. 1-65535 or 22,80,8000-8100");
  command->add_option("--udp", options->udp, "UDP ports, e.g. 53,5683");
  command->add_flag("--banners", options->banners, "Grab banners of open TCP ports");
  command->add_flag("--json", options->json, "Print JSON");
  command->add_flag("--allow-non-loopback", options->allow_non_loopback,
                    "Allow a host outside 127.0.0.0/8 and ::1 (only hosts you may test)");
  command->add_option("--concurrency", options->concurrency, "Sockets in flight (default 1024)")
      ->check(CLI::Range(1, 65535));
  command->add_option("--threads", options->threads, "I/O threads (default 2)")
      ->check(CLI::Range(1, 16));
  command->add_option("--timeout-ms", options->timeout_ms, "TCP connect timeout (default 1000)")
      ->check(CLI::Range(1, 600000));
  command->add_option("--retries", options->retries, "Retries of a timed-out port (default 1)")
      ->check(CLI::Range(0, 10));
  command
      ->add_option("--udp-timeout-ms", options->udp_timeout_ms,
                   "UDP answer timeout per try (default 500)")
      ->check(CLI::Range(1, 600000));
  command->callback([options, &context] { context.exit_code = RunScan(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(scan, SetupScan);

}  // namespace iotmark::cli
