// `iotmark vulndb update FILE… [--db PATH] [--registry URL] [--full]
//  [--aliases FILE] [--purl-map FILE] [--json]`: imports NVD CVE API 2.0
// pages or feed files incrementally (only records NVD changed after the
// last-modified window kept in the vulndb), then matches every SBOM kept in
// the registry and every banner-identified service of stored device-test
// reports, and records the new matches as findings in the vendors' inboxes
// (monitoring/vulndb_update.h). Exit codes: 0 done; 2 bad option,
// unreadable input, store error.
#include "cli/vulndb_update_command.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/clock.h"
#include "monitoring/vulndb_update.h"
#include "persistence/repositories_factory.h"
#include "registry/findings.h"
#include "store/store.h"

namespace iotmark::cli {
namespace {

struct UpdateCommandOptions {
  std::string database = "vulns.db";
  std::string registry;
  std::vector<std::string> inputs;
  bool full = false;
  std::string aliases_file;
  std::string purl_map_file;
  bool json = false;
};

nlohmann::json WindowJson(const std::optional<monitoring::UpdateWindow>& window) {
  if (!window) return nullptr;
  return {{"first_last_modified", window->first_last_modified},
          {"last_modified", window->last_modified},
          {"updated_at", window->updated_at},
          {"updates", window->updates}};
}

int RunUpdate(const UpdateCommandOptions& options) {
  auto fail = [](const std::string& message) {
    std::cerr << "iotmark vulndb update: " << message << "\n";
    return kExitUsage;
  };
  std::optional<vulndb::VendorAliases> aliases;
  if (!options.aliases_file.empty()) {
    auto loaded = vulndb::VendorAliases::Load(options.aliases_file);
    if (!loaded.ok()) return fail("--aliases: " + loaded.status().MessageWithField());
    aliases = std::move(loaded).value();
  }
  std::optional<monitoring::PurlMap> purls;
  if (!options.purl_map_file.empty()) {
    auto loaded = monitoring::PurlMap::Load(options.purl_map_file);
    if (!loaded.ok()) return fail("--purl-map: " + loaded.status().MessageWithField());
    purls = std::move(loaded).value();
  }
  std::unique_ptr<store::Store> store;
  std::unique_ptr<registry::FindingsService> findings;
  const Clock& clock = SystemClock::Instance();
  if (!options.registry.empty()) {
    auto opened = store::OpenStore(options.registry);
    if (!opened.ok())
      return fail("--registry " + options.registry + ": " + opened.status().MessageWithField());
    store = std::move(opened).value();
    auto repositories = persistence::MakeRepositories(*store);
    if (!repositories.ok()) return fail("--registry " + repositories.status().message());
    findings =
        std::make_unique<registry::FindingsService>(*store, clock, std::move(repositories).value());
  }
  monitoring::UpdateOptions update;
  for (const std::string& input : options.inputs) update.inputs.emplace_back(input);
  update.full = options.full;
  update.aliases = aliases ? &*aliases : nullptr;
  update.purls = purls ? &*purls : nullptr;
  update.now_iso8601 = FormatIso8601(clock.Now());
  update.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  auto report = monitoring::RunVulndbUpdate(options.database, findings.get(), update);
  if (!report.ok()) return fail(report.status().MessageWithField());

  if (options.json) {
    nlohmann::json out = {{"database", options.database},
                          {"read", report->read},
                          {"imported", report->imported},
                          {"skipped_unchanged", report->skipped_unchanged},
                          {"window_before", WindowJson(report->window_before)},
                          {"window_after", WindowJson(report->window_after)},
                          {"matched", report->matched}};
    if (report->matched) {
      out["match"] = {{"components", report->match.components},
                      {"queried", report->match.queried},
                      {"without_version", report->match.without_version},
                      {"unmatched", report->match.unmatched},
                      {"matches", report->match_count},
                      {"new_findings", report->recorded.new_findings},
                      {"mails_queued", report->recorded.mails_queued}};
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << options.database << ": " << report->imported << " 件取り込み / imported, "
            << report->skipped_unchanged << " 件変更なし / unchanged (of " << report->read
            << "); lastModified の範囲 / window: " << report->window_after.first_last_modified
            << " … " << report->window_after.last_modified << "\n";
  if (!report->matched) {
    std::cout << "登録簿の照合なし / no registry matched (give --registry sqlite:PATH)\n";
    return kExitOk;
  }
  std::cout << "照合 / matched " << report->match.components << " 構成要素 / components ("
            << report->match.queried << " queried, " << report->match.without_version
            << " 版数なし / without version, " << report->match.unmatched
            << " 対応表になし / no CPE and purl not in the map): " << report->match_count
            << " 件一致 / matches, 新規の検出 / new findings: " << report->recorded.new_findings
            << ", メール / mails queued: " << report->recorded.mails_queued << "\n";
  return kExitOk;
}

}  // namespace

void SetupVulndbUpdate(CLI::App& vulndb, Context& context) {
  auto options = std::make_shared<UpdateCommandOptions>();
  auto* update = vulndb.add_subcommand(
      "update",
      "差分取り込みと登録製品の照合 / Incremental NVD import (API 2.0 pages or feeds), then "
      "match every kept SBOM and identified service and record new findings");
  update->add_option("files", options->inputs, "NVD CVE API 2.0 pages or feed files (.json, .gz)")
      ->required()
      ->check(CLI::ExistingFile);
  update->add_option("--db", options->database, "Vulnerability database (default vulns.db)");
  update->add_option("--registry", options->registry,
                     "Registry store to match, e.g. sqlite:/var/lib/iotmark/registry.db "
                     "(without it: import only)");
  update->add_flag("--full", options->full,
                   "Import every record, ignoring the last-modified window");
  update->add_option("--aliases", options->aliases_file,
                     "Vendor alias table (default: src/vulndb/vendor_aliases.tsv)");
  update->add_option("--purl-map", options->purl_map_file,
                     "purl → NVD vendor:product table (default: src/monitoring/purl_products.tsv)");
  update->add_flag("--json", options->json, "Machine-readable output");
  update->callback([options, &context] { context.exit_code = RunUpdate(*options); });
}

}  // namespace iotmark::cli
