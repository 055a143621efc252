// `iotmark vulndb import FILE… [--db PATH]` and
// `iotmark vulndb query --cpe CPE [--db PATH] [--aliases FILE] [--json]`:
// the local vulnerability database (NVD CVE JSON 2.0 feeds in SQLite).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/vulndb_update_command.h"
#include "vulndb/database.h"

namespace iotmark::cli {
namespace {

constexpr const char* kDefaultDatabase = "vulns.db";

struct VulndbOptions {
  std::string database = kDefaultDatabase;
  std::vector<std::string> feeds;
  std::string cpe;
  std::string aliases_file;
  bool json = false;
};

// An import failure: the message on stderr and, with --json, one JSON
// document on stdout too ({"database", "feeds" imported so far, "error"}).
int ImportFailed(const VulndbOptions& options, const nlohmann::json& report,
                 const std::string& feed, const Status& status) {
  std::cerr << "iotmark vulndb import: " << status.MessageWithField() << "\n";
  if (options.json) {
    nlohmann::json error = {{"code", std::string(StatusCodeName(status.code()))},
                            {"message", status.MessageWithField()}};
    if (!feed.empty()) error["feed"] = feed;
    std::cout << nlohmann::json{{"database", options.database},
                                {"feeds", report},
                                {"imported", false},
                                {"error", error}}
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  }
  return kExitUsage;
}

int RunImport(const VulndbOptions& options) {
  nlohmann::json report = nlohmann::json::array();
  auto database = vulndb::VulnDatabase::Open(options.database);
  if (!database.ok()) return ImportFailed(options, report, "", database.status());
  for (const std::string& feed : options.feeds) {
    std::cerr << "取り込み中 / importing " << feed << " ...\n";
    auto summary = database->ImportFeed(feed);
    if (!summary.ok()) return ImportFailed(options, report, feed, summary.status());
    report.push_back({{"feed", feed},
                      {"kind", summary->kind},
                      {"cpe_names", summary->cpe_names},
                      {"deprecated_cpe_names", summary->deprecated_cpe_names},
                      {"records", summary->records},
                      {"cpe_matches", summary->cpe_matches},
                      {"without_configurations", summary->without_configurations},
                      {"without_metrics", summary->without_metrics}});
    if (!options.json && summary->kind == "cpe-dictionary") {
      std::cout << feed << ": " << summary->cpe_names
                << " 件のCPE名 (NVD CPE辞書) / CPE dictionary names, 廃止 / deprecated: "
                << summary->deprecated_cpe_names << "\n";
    } else if (!options.json) {
      std::cout << feed << ": " << summary->records << " 件のCVE / CVE records, "
                << summary->cpe_matches << " CPE条件 / CPE match criteria; 構成情報なし / "
                << "without configurations: " << summary->without_configurations
                << ", 評価値なし / without metrics: " << summary->without_metrics << "\n";
    }
  }
  auto total = database->CountRecords();
  if (options.json) {
    std::cout << nlohmann::json{{"database", options.database},
                                {"feeds", report},
                                {"total_records", total.ok() ? *total : 0}}
                     .dump(2)
              << "\n";
  } else if (total.ok()) {
    std::cout << options.database << ": 合計 / total " << *total << " CVE\n";
  }
  return kExitOk;
}

int RunQuery(const VulndbOptions& options) {
  auto cpe = vulndb::ParseCpe(options.cpe);
  if (!cpe.ok()) {
    std::cerr << "iotmark vulndb query: --cpe: " << cpe.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  vulndb::VendorAliases aliases = vulndb::VendorAliases::BuiltIn();
  if (!options.aliases_file.empty()) {
    auto loaded = vulndb::VendorAliases::Load(options.aliases_file);
    if (!loaded.ok()) {
      std::cerr << "iotmark vulndb query: --aliases: " << loaded.status().MessageWithField() << "\n";
      return kExitUsage;
    }
    aliases = std::move(loaded).value();
  }
  auto database = vulndb::VulnDatabase::OpenExisting(options.database);
  if (!database.ok()) {
    std::cerr << "iotmark vulndb query: " << database.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  // Through NVD's naming: the CPE dictionary, then the alias data (database.h).
  auto result = database->Match(*cpe, aliases);
  if (!result.ok()) {
    std::cerr << "iotmark vulndb query: " << result.status().MessageWithField() << "\n";
    return kExitUsage;
  }
  const std::vector<vulndb::VulnerabilityMatch>* matches = &result->matches;
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& match : *matches) {
      list.push_back({{"cve_id", match.cve_id},
                      {"base_score", match.base_score ? nlohmann::json(*match.base_score)
                                                      : nlohmann::json(nullptr)},
                      {"cvss_version", match.cvss_version},
                      {"severity", match.severity},
                      {"matched_criteria", match.matched_criteria},
                      {"version_range", match.version_range},
                      {"version_known", match.version_known},
                      {"nvd_name", match.resolved_name},
                      {"name_resolution", match.resolution},
                      {"description", match.description}});
    }
    std::cout << nlohmann::json{{"cpe", cpe->ToFormattedString()}, {"matches", list}}.dump(2)
              << "\n";
  } else {
    std::cout << cpe->ToFormattedString() << ": " << matches->size()
              << " 件の既知の脆弱性 / known vulnerabilities\n";
    for (const auto& match : *matches) {
      char score[16] = "-";
      if (match.base_score) std::snprintf(score, sizeof score, "%.1f", *match.base_score);
      std::cout << "  " << match.cve_id << "  CVSS " << score
                << (match.cvss_version.empty() ? "" : " (v" + match.cvss_version + ")") << "  "
                << match.matched_criteria
                << (match.version_range.empty() ? "" : "  [" + match.version_range + "]")
                << (match.version_known ? "" : "  (版数不明 / version unknown)")
                << (match.resolution == "as identified" ? "" : "  <- " + match.resolution) << "\n";
    }
  }
  return kExitOk;
}

void SetupVulndb(CLI::App& root, Context& context) {
  auto options = std::make_shared<VulndbOptions>();
  auto* command = root.add_subcommand("vulndb", "脆弱性DB / Local vulnerability database (NVD)");
  command->require_subcommand(1);

  auto* import = command->add_subcommand(
      "import", "NVD CVE JSON 2.0 フィードの取り込み / Import NVD feeds (plain or .gz)");
  import->add_option("files", options->feeds, "Feed files")->required()->check(CLI::ExistingFile);
  import->add_option("--db", options->database, "SQLite database (default vulns.db)");
  import->add_flag("--json", options->json, "Machine-readable output");
  import->callback([options, &context] { context.exit_code = RunImport(*options);
});

auto* query = command->add_subcommand("query", "CPEで検索 / CVEs affecting a CPE");
query->add_option("--cpe", options->cpe, "CPE 2.3 or 2.2 URI, e.g. cpe:/a:vsftpd:vsftpd:2.3.4")
    ->required();
query->add_option("--db", options->database, "SQLite database (default vulns.db)");
query->add_option("--aliases", options->aliases_file,
                  "Vendor alias table (default: the built-in src/vulndb/vendor_aliases.tsv)");
query->add_flag("--json", options->json, "Machine-readable output");
query->callback([options, &context] { context.exit_code = RunQuery(*options); });
SetupVulndbUpdate(*command, context);
}  // namespace

}  // namespace iotmark::cli

IOTMARK_REGISTER_COMMAND(vulndb, SetupVulndb);

}  // namespace iotmark::cli
