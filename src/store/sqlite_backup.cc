// SQLite online backup; see the header.
#include "store/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace iotmark::store {
namespace {

// Closes a handle on every path.
struct Handle {
  sqlite3* db = nullptr;
  ~Handle() {
    if (db) sqlite3_close_v2(db);
  }
};

Status SqliteError(sqlite3* db, const std::string& what) {
  return Status::IoError("store backup: " + what + ": " +
                         (db ? sqlite3_errmsg(db) : "out of memory"));
}

Result<std::vector<std::string>> QueryTexts(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    return SqliteError(db, sql);
  }
  std::vector<std::string> rows;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  sqlite3_finalize(statement);
  if (rc != SQLITE_DONE) return SqliteError(db, sql);
  return rows;
}

Status SyncFolder(const std::filesystem::path& folder) {
  int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status::IoError("store backup: cannot open folder " + folder.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IoError("store backup: fsync of " + folder.string() + " failed");
  return Status::Ok();
}

}  // namespace

Result<BackupReport> BackupSqlite(const std::string& source_path, const std::string& destination) {
  const auto start = std::chrono::steady_clock::now();
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::exists(source_path, error)) {
    return Status::NotFound("store backup: no database file '" + source_path + "'");
  }
  if (fs::exists(destination, error) || fs::is_symlink(destination, error)) {
    return Status::AlreadyExists("store backup: '" + destination +
                                 "' exists already; name a new file (a backup never overwrites)");
  }
  const std::string partial = destination + ".partial";
  fs::remove(partial, error);  // a leftover of an interrupted backup of ours
  BackupReport report;
  {
    Handle source;
    // Read-write without CREATE: a reader of a WAL database needs the -shm
    // file, which a read-only handle cannot create.
    if (sqlite3_open_v2(source_path.c_str(), &source.db, SQLITE_OPEN_READWRITE, nullptr) !=
        SQLITE_OK) {
      return SqliteError(source.db, "cannot open '" + source_path + "'");
    }
    sqlite3_busy_timeout(source.db, 5000);
    Handle target;
    if (sqlite3_open_v2(partial.c_str(), &target.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
      return SqliteError(target.db, "cannot create '" + partial + "'");
    }
    sqlite3_backup* backup = sqlite3_backup_init(target.db, "main", source.db, "main");
    if (backup == nullptr) return SqliteError(target.db, "cannot start the backup");
    int rc = SQLITE_OK;
    // All pages in one step: one read transaction, one consistent snapshot.
    // BUSY/LOCKED (a checkpoint or a writer switching journal mode) is retried.
    for (int attempt = 0; attempt < 100; ++attempt) {
      rc = sqlite3_backup_step(backup, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    report.pages = sqlite3_backup_pagecount(backup);
    const int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE || finished != SQLITE_OK) {
      Status status =
          SqliteError(target.db, "backup of '" + source_path + "' failed (" +
                                     sqlite3_errstr(rc == SQLITE_DONE ? finished : rc) + ")");
      sqlite3_close_v2(target.db);
      target.db = nullptr;
      fs::remove(partial, error);
      return status;
    }
    // One self-contained file (no -wal beside it); servers opening it switch to WAL again.
    auto mode = QueryTexts(target.db, "PRAGMA journal_mode=DELETE");
    if (!mode.ok()) return mode.status();
    auto integrity = QueryTexts(target.db, "PRAGMA integrity_check");
    if (!integrity.ok()) return integrity.status();
    for (const std::string& line : *integrity) {
      report.integrity += (report.integrity.empty() ? "" : "\n") + line;
    }
    auto page_size = QueryTexts(target.db, "PRAGMA page_size");
    if (!page_size.ok()) return page_size.status();
    report.page_size = page_size->empty() ? 0 : std::stoll(page_size->front());
    auto version = QueryTexts(target.db, "SELECT MAX(version) FROM schema_version");
    if (version.ok() && !version->empty() && !version->front().empty()) {
      report.schema_version = std::stoi(version->front());
    }
  }
  if (report.integrity != "ok") {
    fs::remove(partial, error);
    return Status::FailedPrecondition("store backup: integrity_check of the copy: " +
                                      report.integrity);
  }
  // Never replace a file that appeared meanwhile: link, then drop the partial name.
  if (::link(partial.c_str(), destination.c_str()) != 0) {
    const int saved = errno;
    fs::remove(partial, error);
    return Status::IoError("store backup: cannot create '" + destination +
                           "': " + std::strerror(saved));
  }
  fs::remove(partial, error);
  IOTMARK_RETURN_IF_ERROR(SyncFolder(fs::path(destination).parent_path()));
  report.bytes = static_cast<std::int64_t>(fs::file_size(destination, error));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace iotmark::store
