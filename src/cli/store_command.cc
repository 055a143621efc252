// `iotmark store copy` and `iotmark store backup`: moving a registry between
// stores and backing one up (docs/store.md).
//
//   iotmark store copy --from sqlite:registry.db --to postgresql://iotmark@127.0.0.1:5432/registry
//   iotmark store backup --db sqlite:registry.db --to backups/registry-2026-04-01.db
//
// copy: store/store_copy.h copies every table in one target transaction, then
// persistence/store_copy_verification.h checks the transparency log and every
// label record on the target. Exit 0 copied and verified, 1 copied but a
// verification failed, 2 refused (target holds data, schemas differ, same
// store) or a store error (the target is left unchanged).
// backup: store/sqlite_backup.h (SQLite online backup, safe while servers
// write). PostgreSQL has its own tools (pg_dump, base backup + WAL archive):
// the command says so and exits 2.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "persistence/store_copy_verification.h"
#include "store/sqlite_backup.h"
#include "store/store.h"
#include "store/store_copy.h"

namespace iotmark::cli {
namespace {

struct CopyCommandOptions {
  std::string from;
  std::string to;
  bool replace = false;
  bool json = false;
};

struct BackupCommandOptions {
  std::string database_url;
  std::string destination;
  bool json = false;
};

constexpr std::string_view kSqlitePrefix = "sqlite:";

bool IsSqlite(std::string_view url) { return url.substr(0, kSqlitePrefix.size()) == kSqlitePrefix; }

// Two URLs naming one database (one file for SQLite, one URL for PostgreSQL).
bool SameStore(const std::string& a, const std::string& b) {
  if (IsSqlite(a) && IsSqlite(b)) {
    std::error_code error;
    const auto path_a = std::filesystem::weakly_canonical(a.substr(kSqlitePrefix.size()), error);
    const auto path_b = std::filesystem::weakly_canonical(b.substr(kSqlitePrefix.size()), error);
    return path_a == path_b;
  }
  return a == b;
}

// A copy reads and writes whole tables in single statements: a PostgreSQL
// URL without a statement_timeout_ms of its own gets one hour instead of the
// store's default of 5 s (postgres_store.h).
std::string ForBulkWork(const std::string& url) {
  if (IsSqlite(url) || url.find("statement_timeout_ms=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "statement_timeout_ms=3600000";
}

std::string Seconds(double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(seconds < 10 ? 2 : 1) << seconds;
  return out.str();
}

int RunCopy(const CopyCommandOptions& options, const Context& context) {
  auto fail = [](const Status& status) {
    std::cerr << "iotmark store copy: " << status.ToString() << "\n";
    return kExitUsage;
  };
  if (SameStore(options.from, options.to)) {
    return fail(
        Status::InvalidArgument("--from and --to name the same store (" + options.from + ")"));
  }
  if (options.to.rfind("sqlite::memory:", 0) == 0) {
    return fail(Status::InvalidArgument("--to sqlite::memory: would be lost at exit"));
  }
  auto catalog = catalog::Catalog::Load(SchemesDirectory(context));
  if (!catalog.ok()) return fail(catalog.status().WithPrefix("scheme packs (--schemes)"));
  auto source = store::OpenStore(ForBulkWork(options.from));
  if (!source.ok()) return fail(source.status().WithPrefix("--from " + options.from));
  auto target = store::OpenStore(ForBulkWork(options.to));
  if (!target.ok()) return fail(target.status().WithPrefix("--to " + options.to));

  std::cerr << "コピー / copying " << options.from << " → " << options.to << "\n";
  std::int64_t next_report = 0;
  auto progress = [&](const store::CopiedTable& table, bool done) {
    if (done) {
      std::cerr << "  " << std::left << std::setw(26) << table.name << std::right << std::setw(10)
                << table.rows << " rows  " << Seconds(table.seconds) << " s\n";
      next_report = 0;
    } else if (table.rows >= next_report + 100000) {
      next_report = table.rows - table.rows % 100000;
      std::cerr << "  " << table.name << ": " << table.rows << " rows…\n";
    }
  };
  store::CopyOptions copy_options;
  copy_options.replace = options.replace;
  auto report = store::CopyStore(**source, **target, copy_options, progress);
  if (!report.ok()) return fail(report.status());
  std::int64_t labels = 0;
  for (const store::CopiedTable& table : report->tables) {
    if (table.name == "labels") labels = table.rows;
  }
  std::cerr << "検証 / verifying the transparency log and " << labels
            << " label records on the target…\n";
  auto verification = persistence::VerifyStoreCopy(**source, **target, *catalog, labels);
  if (!verification.ok()) {
    std::cerr << "iotmark store copy: copied, but the verification could not run: "
              << verification.status().ToString() << "\n";
    return kExitUsage;
  }
  const auto& checked = *verification;
  if (options.json) {
    nlohmann::json tables = nlohmann::json::array();
    for (const store::CopiedTable& table : report->tables) {
      tables.push_back({{"table", table.name}, {"rows", table.rows}, {"seconds", table.seconds}});
    }
    nlohmann::json out{{"ok", checked.ok},
                       {"from", options.from},
                       {"to", options.to},
                       {"schema_version", report->schema_version},
                       {"rows", report->rows},
                       {"replaced_rows", report->replaced_rows},
                       {"seconds", report->seconds},
                       {"tables", tables},
                       {"verification",
                        {{"log",
                          {{"ok", checked.log_ok},
                           {"entries", checked.log_entries},
                           {"tree_heads", checked.tree_heads},
                           {"label_events", checked.label_events},
                           {"root_hash", checked.root_hash},
                           {"key_id", checked.key_id}}},
                         {"label_records",
                          {{"ok", checked.records_ok},
                           {"labels", checked.labels},
                           {"compared", checked.records_compared},
                           {"export_pages", checked.export_pages}}},
                         {"problems", checked.problems}}}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "コピーしました / Copied " << report->rows << " rows in " << report->tables.size()
              << " tables (schema version " << report->schema_version << ") in "
              << Seconds(report->seconds) << " s"
              << (report->replaced_rows > 0 ? " after deleting the target's " +
                                                  std::to_string(report->replaced_rows) + " rows"
                                            : std::string())
              << "\n";
    std::cout << "  透明性ログ / transparency log: " << (checked.log_ok ? "ok" : "FAILED") << " ("
              << checked.log_entries << " entries, " << checked.tree_heads << " signed tree heads, "
              << checked.label_events << " label events"
              << (checked.key_id.empty() ? ", no key registered" : ", key id " + checked.key_id)
              << ")\n";
    std::cout << "  ラベル記録 / label records: " << (checked.records_ok ? "ok" : "FAILED") << " ("
              << checked.records_compared << " of " << checked.labels
              << " labels' signed records identical on source and target)\n";
    for (const std::string& problem : checked.problems) std::cout << "  - " << problem << "\n";
  }
  if (!checked.ok) {
    std::cerr << "iotmark store copy: the target holds the copy, but its verification FAILED "
                 "(see above)\n";
    return kExitCheckFailed;
  }
  return kExitOk;
}

int RunBackup(const BackupCommandOptions& options) {
  auto fail = [](const Status& status) {
    std::cerr << "iotmark store backup: " << status.ToString() << "\n";
    return kExitUsage;
  };
  if (!IsSqlite(options.database_url)) {
    return fail(Status::InvalidArgument(
        "--db " + options.database_url +
        ": only sqlite: stores are backed up by iotmark. Back up PostgreSQL with its own tools: "
        "`pg_dump --format=custom` for a logical dump, or a base backup (pg_basebackup) with WAL "
        "archiving for point-in-time recovery (PITR); see docs/store.md"));
  }
  const std::string path = options.database_url.substr(kSqlitePrefix.size());
  if (path == ":memory:") return fail(Status::InvalidArgument("--db sqlite::memory: has no file"));
  auto report = store::BackupSqlite(path, options.destination);
  if (!report.ok()) return fail(report.status());
  if (options.json) {
    nlohmann::json out{{"ok", true},
                       {"database", options.database_url},
                       {"backup", options.destination},
                       {"bytes", report->bytes},
                       {"pages", report->pages},
                       {"page_size", report->page_size},
                       {"schema_version", report->schema_version},
                       {"integrity_check", report->integrity},
                       {"seconds", report->seconds}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "バックアップしました / Backed up " << options.database_url << " to "
              << options.destination << ": " << report->bytes << " bytes (" << report->pages
              << " pages, schema version " << report->schema_version << "), integrity_check "
              << report->integrity << ", " << Seconds(report->seconds) << " s\n";
  }
  return kExitOk;
}

void SetupStore(CLI::App& root, Context& context) {
  auto* store = root.add_subcommand(
      "store", "ストアの複製とバックアップ / Copy a registry between stores, back one up");
  store->require_subcommand(1);
  store->footer("Stores: sqlite:PATH or postgresql://user@host:port/db. See docs/store.md.");

  auto copy_options = std::make_shared<CopyCommandOptions>();
  auto* copy = store->add_subcommand(
      "copy",
      "登録簿を別のストアへ複製して検証 / Copy a whole registry to another store and verify it");
  copy->add_option("--from", copy_options->from, "Source store URL (stop its servers first)")
      ->required();
  copy->add_option("--to", copy_options->to,
                   "Target store URL (a PostgreSQL database must exist; it may be empty)")
      ->required();
  copy->add_flag("--replace", copy_options->replace,
                 "Delete the target's registry data first (in the same transaction) instead of "
                 "refusing a target that holds data");
  copy->add_flag("--json", copy_options->json, "Print the result as JSON");
  copy->footer(
      "Copies every table (ids kept, PostgreSQL identity sequences moved past them) in one\n"
      "transaction on the target, then runs on the target what `iotmark log verify` runs and\n"
      "compares every label's signed record with the source's. Both stores are migrated to\n"
      "this iotmark's schema when opened; their versions must then agree. Progress per table\n"
      "goes to stderr. PostgreSQL statements get a 1 h timeout unless the URL sets\n"
      "statement_timeout_ms. The signing key files (label-signing.key) are not in the store: copy\n"
      "the key folder yourself.\n"
      "Exit: 0 copied and verified; 1 copied, verification failed; 2 refused or store error\n"
      "(target unchanged).\n\n"
      "Examples:\n"
      "  iotmark store copy --from sqlite:registry.db --to "
      "postgresql://iotmark@127.0.0.1:5432/registry\n"
      "  iotmark store copy --from postgresql://iotmark@db:5432/registry --to sqlite:copy.db "
      "--json\n"
      "  iotmark store copy --from sqlite:a.db --to sqlite:b.db --replace");
  copy->callback([copy_options, &context] { context.exit_code = RunCopy(*copy_options, context); });

  auto backup_options = std::make_shared<BackupCommandOptions>();
  auto* backup = store->add_subcommand(
      "backup", "SQLite の稼働中バックアップ / Online backup of a SQLite registry");
  backup
      ->add_option("--db", backup_options->database_url,
                   "Store URL: sqlite:registry.db (postgresql: use pg_dump / PITR)")
      ->required();
  backup
      ->add_option("--to", backup_options->destination, "Backup file to create (never overwritten)")
      ->required();
  backup->add_flag("--json", backup_options->json, "Print the result as JSON");
  backup->footer(
      "Uses SQLite's online backup API in one read transaction: servers keep writing, the\n"
      "backup is the database as of its start, checked with PRAGMA integrity_check before it\n"
      "gets its name. Restore: stop the servers, put the file in place of registry.db\n"
      "(remove registry.db-wal and -shm), start again.\n"
      "Exit: 0 written and checked; 2 refused (PostgreSQL, existing file) or failed.\n\n"
      "Example:\n"
      "  iotmark store backup --db sqlite:registry.db --to backups/registry-$(date +%F).db");
  backup->callback([backup_options, &context] { context.exit_code = RunBackup(*backup_options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(store, SetupStore);

}  // namespace iotmark::cli
