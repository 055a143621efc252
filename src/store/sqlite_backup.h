// An online backup of a SQLite registry (`iotmark store backup`), taken
// with SQLite's backup API (sqlite3_backup_*) while servers keep writing.
//
// How it stays consistent: the whole database is copied in one
// sqlite3_backup_step(-1), which holds one read transaction on the source
// for its duration. In WAL mode (every iotmark store) a reader blocks no
// writer, so servers go on committing; the copy is the database as of the
// moment that read began, with every commit acknowledged before it. The
// pages go to `<destination>.partial` (journal_mode=DELETE, synchronous=FULL),
// which is checked with PRAGMA integrity_check and only then renamed to
// `destination` (and the folder synced), so `destination` is either absent
// or a complete, checked database. An existing destination is refused.
#ifndef IOTMARK_STORE_SQLITE_BACKUP_H_
#define IOTMARK_STORE_SQLITE_BACKUP_H_

#include <cstdint>
#include <string>

#include "common/status.h"

namespace iotmark::store {

struct BackupReport {
  std::int64_t pages = 0;
  std::int64_t page_size = 0;
  std::int64_t bytes = 0;      // size of the backup file
  int schema_version = 0;      // MAX(version) in the backup's schema_version
  std::string integrity = "";  // PRAGMA integrity_check of the backup ("ok")
  double seconds = 0;
};

// Backs up the SQLite database file `source_path` to `destination`.
// kAlreadyExists when `destination` exists, kNotFound when the source file
// does not, kInternal / kIoError for SQLite errors, kFailedPrecondition when
// the backup's integrity check is not "ok" (the partial file is removed).
Result<BackupReport> BackupSqlite(const std::string& source_path, const std::string& destination);

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_SQLITE_BACKUP_H_
