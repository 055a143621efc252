// `iotmark sbom check FILE` and
// `iotmark sbom attach FILE --server URL --product ID --firmware VERSION`:
// SBOMs (CycloneDX JSON 1.4–1.6, SPDX 2.3 JSON) per firmware version
// (registry/sbom.h, docs/monitoring.md). `attach` checks the file first
// (a malformed SBOM is refused with the JSON path of the fault, exit 2,
// nothing sent), then uploads it with the vendor's API token (file given by
// --token-file, or the IOTMARK_TOKEN environment variable).
// Exit codes: 0 ok; 1 the registry refused it (4xx); 2 bad option,
// unreadable or malformed file, network error.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "common/files.h"
#include "net/http_client.h"
#include "registry/sbom.h"

namespace iotmark::cli {
namespace {

struct SbomOptions {
  std::string file;
  std::string server;
  std::int64_t product = 0;
  std::string firmware;
  std::string token_file;
  bool allow_non_loopback = false;
  bool json = false;
};

// Reads and parses; prints the error (exit 2) or the summary.
int Check(const SbomOptions& options, const char* command, std::string* text_out) {
  auto text = ReadFile(options.file, 64ull << 20);
  if (!text.ok()) {
    std::cerr << "iotmark sbom " << command << ": " << text.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  auto sbom = registry::ParseSbom(*text);
  if (!sbom.ok()) {
    std::cerr << "iotmark sbom " << command << ": " << options.file << ": "
              << sbom.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  if (text_out) *text_out = std::move(text).value();
  if (std::string(command) == "check") {
    if (options.json) {
      nlohmann::json components = nlohmann::json::array();
      for (const auto& component : sbom->components) {
        components.push_back({{"name", component.name},
                              {"version", component.version},
                              {"purl", component.purl},
                              {"cpe", component.cpe},
                              {"path", component.path}});
      }
      std::cout << nlohmann::json{{"file", options.file},
                                  {"format", sbom->format},
                                  {"spec_version", sbom->spec_version},
                                  {"total_components", sbom->total_components},
                                  {"components", components}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << options.file << ": " << sbom->format << " " << sbom->spec_version << ", "
                << sbom->total_components << " 構成要素 / components, " << sbom->components.size()
                << " (purl/CPE あり / with purl or CPE) を保管対象 / kept\n";
    }
  }
  return kExitOk;
}

int Attach(const SbomOptions& options) {
  std::string text;
  if (int code = Check(options, "attach", &text); code != kExitOk) return code;
  std::string token;
  if (!options.token_file.empty()) {
    auto read = ReadFile(options.token_file, 4096);
    if (!read.ok()) {
      std::cerr << "iotmark sbom attach: --token-file: " << read.status().MessageWithField() << "\n";
      return kExitUsage;
    }
    token = *read;
  } else if (const char* env = std::getenv("IOTMARK_TOKEN")) {
    token = env;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  if (token.empty()) {
    std::cerr << "iotmark sbom attach: no API token (--token-file FILE or IOTMARK_TOKEN)\n";
    return kExitUsage;
  }
  if (options.firmware.find_first_of("/?#% \t") != std::string::npos) {
    std::cerr << "iotmark sbom attach: --firmware: a version must not contain / ? # % or spaces\n";
    return kExitUsage;
  }
  std::string server = options.server;
  while (!server.empty() && server.back() == '/') server.pop_back();
  net::HttpRequest request;
  request.method = "PUT";
  request.url = server + "/api/v1/products/" + std::to_string(options.product) +
                "/firmware-versions/" + options.firmware + "/sbom";
  request.headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  request.body = text;
  request.timeout = std::chrono::milliseconds(30000);
  request.allow_non_loopback = options.allow_non_loopback;
  auto response = net::HttpFetch(request);
  if (!response.ok()) {
    std::cerr << "iotmark sbom attach: " << response.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  if (response->status >= 400) {
    std::cerr << "iotmark sbom attach: HTTP " << response->status << ": " << response->body << "\n";
    return response->status >= 500 ? kExitUsage : kExitCheckFailed;
  }
  if (options.json) {
    std::cout << response->body << "\n";
  } else {
    auto body = nlohmann::json::parse(response->body, nullptr, false);
    std::cout << "SBOM を保管しました / SBOM kept: product " << options.product << ", firmware "
              << options.firmware;
    if (body.is_object()) {
      std::cout << " (" << body.value("format", "") << " " << body.value("spec_version", "") << ", "
                << body.value("kept_components", 0) << "/" << body.value("total_components", 0)
                << " components kept)";
    }
    std::cout << "\n";
  }
  return kExitOk;
}

void SetupSbom(CLI::App& root, Context& context) {
  auto options = std::make_shared<SbomOptions>();
  auto* command = root.add_subcommand(
      "sbom",
      "SBOM（ソフトウェア部品表）/ SBOMs per firmware version (CycloneDX 1.4–1.6, SPDX 2.3)");
  command->require_subcommand(1);

  auto* check = command->add_subcommand(
      "check", "SBOMの検査 / Check an SBOM offline (exit 2 names the JSON path of a fault)");
  check->add_option("file", options->file, "SBOM JSON file")->required();
  check->add_flag("--json", options->json, "Machine-readable output (the kept components)");
  check->callback([options, &context] { context.exit_code = Check(*options, "check", nullptr); });

  auto* attach = command->add_subcommand(
      "attach", "ファームウェア版にSBOMを添付 / Attach an SBOM to a firmware version (private)");
  attach->add_option("file", options->file, "SBOM JSON file")->required();
  attach->add_option("--server", options->server, "Registry URL, e.g. http://127.0.0.1:8080")
      ->required();
  attach->add_option("--product", options->product, "Product id")->required();
  attach->add_option("--firmware", options->firmware, "Firmware version, e.g. 1.0.0")->required();
  attach->add_option("--token-file", options->token_file,
                     "File holding the vendor's API token (default: $IOTMARK_TOKEN)");
  attach->add_flag("--allow-non-loopback", options->allow_non_loopback,
                   "Allow a registry outside 127.0.0.0/8 and [::1]");
  attach->add_flag("--json", options->json, "Print the registry's answer as JSON");
  attach->callback([options, &context] { context.exit_code = Attach(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(sbom, SetupSbom);

}  // namespace iotmark::cli
