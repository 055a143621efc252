#include "monitoring/update_window.h"

#include <sqlite3.h>

#include <memory>

namespace iotmark::monitoring {
namespace {

constexpr const char* kTable =
    "CREATE TABLE IF NOT EXISTS update_window(id INTEGER PRIMARY KEY CHECK (id = 1), "
    "first_last_modified TEXT NOT NULL, last_modified TEXT NOT NULL, updated_at TEXT NOT NULL, "
    "updates INTEGER NOT NULL)";

struct Closer {
  void operator()(sqlite3* handle) const { sqlite3_close(handle); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Result<Handle> OpenDatabase(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Handle handle(raw);
  if (rc != SQLITE_OK) {
    return Status::IoError(path.string() +
                           ": cannot open: " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(raw, 5000);
  char* error = nullptr;
  if (sqlite3_exec(raw, kTable, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return Status::IoError(path.string() + ": update_window: " + message);
  }
  return handle;
}

std::string Column(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace

Result<std::optional<UpdateWindow>> ReadUpdateWindow(const std::filesystem::path& database) {
  auto handle = OpenDatabase(database);
  if (!handle.ok()) return handle.status();
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle->get(),
                         "SELECT first_last_modified, last_modified, updated_at, updates "
                         "FROM update_window WHERE id = 1",
                         -1, &statement, nullptr) != SQLITE_OK) {
    return Status::IoError(database.string() + ": " + sqlite3_errmsg(handle->get()));
  }
  std::optional<UpdateWindow> window;
  int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) {
    window = UpdateWindow{Column(statement, 0), Column(statement, 1), Column(statement, 2),
                          sqlite3_column_int64(statement, 3)};
  }
  sqlite3_finalize(statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return Status::IoError(database.string() + ": " + sqlite3_errmsg(handle->get()));
  }
  return window;
}

Status WriteUpdateWindow(const std::filesystem::path& database, const UpdateWindow& window) {
  auto handle = OpenDatabase(database);
  if (!handle.ok()) return handle.status();
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(
          handle->get(),
          "INSERT INTO update_window(id, first_last_modified, last_modified, "
          "updated_at, updates) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
          "SET first_last_modified = excluded.first_last_modified, "
          "last_modified = excluded.last_modified, updated_at = excluded.updated_at, "
          "updates = excluded.updates",
          -1, &statement, nullptr) != SQLITE_OK) {
    return Status::IoError(database.string() + ": " + sqlite3_errmsg(handle->get()));
  }
  sqlite3_bind_text(statement, 1, window.first_last_modified.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 2, window.last_modified.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 3, window.updated_at.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement, 4, window.updates);
  int rc = sqlite3_step(statement);
  sqlite3_finalize(statement);
  if (rc != SQLITE_DONE) {
    return Status::IoError(database.string() + ": " + sqlite3_errmsg(handle->get()));
  }
  return Status::Ok();
}

}  // namespace iotmark::monitoring
