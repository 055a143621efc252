// SQLite backend: connection pool, cached prepared statements, migrations.
#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <map>
#include <string>

#include "store/migrations.h"

namespace iotmark::store {

// One sqlite3 handle with its statement cache. Used by one thread at a time.
class SqliteConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* db() const { return db_; }

  Status Exec(std::string_view sql) {
    char* error = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      return Status::IoError("sqlite: " + message + " (in: " + Abbreviate(sql) + ")");
    }
    return Status::Ok();
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return found->second;
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) {
      return Status::Internal("sqlite: cannot prepare: " + std::string(sqlite3_errmsg(db_)) +
                              " (in: " + Abbreviate(sql) + ")");
    }
    statements_.emplace(std::string(sql), statement);
    return statement;
  }

  static std::string Abbreviate(std::string_view sql) {
    std::string text(sql.substr(0, 120));
    for (char& c : text) {
      if (c == '\n') c = ' ';
    }
    return sql.size() > 120 ? text + "…" : text;
  }

 private:
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

namespace {

Status StatusFromSqlite(sqlite3* db, int rc, std::string_view sql) {
  std::string message = std::string("sqlite: ") + sqlite3_errmsg(db) +
                        " (in: " + SqliteConnection::Abbreviate(sql) + ")";
  int extended = sqlite3_extended_errcode(db);
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::AlreadyExists(message);
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::InvalidArgument(message);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return Status::Unavailable("store unavailable (sqlite busy): " + message)
        .WithRetryAfter(std::chrono::seconds(1));
  }
  return Status::IoError(message);
}

// Runs statements on one borrowed connection.
class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteConnection& connection) : connection_(connection) {}

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<Row> rows;
    Status status = Step(sql, params, &rows, nullptr);
    if (!status.ok()) return status;
    return rows;
  }

  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    std::int64_t changes = 0;
    Status status = Step(sql, params, nullptr, &changes);
    if (!status.ok()) return status;
    return changes;
  }

 private:
  Status Step(std::string_view sql, const std::vector<Value>& params, std::vector<Row>* rows,
              std::int64_t* changes) {
    Result<sqlite3_stmt*> prepared = connection_.Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    sqlite3_stmt* statement = *prepared;
    sqlite3* db = connection_.db();
    // Always leave the statement reset, whatever happens below.
    struct Resetter {
      sqlite3_stmt* statement;
      ~Resetter() {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      }
    } resetter{statement};
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
      return Status::Internal("sqlite: statement expects " +
                              std::to_string(sqlite3_bind_parameter_count(statement)) +
                              " parameters, got " + std::to_string(params.size()) +
                              " (in: " + SqliteConnection::Abbreviate(sql) + ")");
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& value = params[i];
      if (std::holds_alternative<std::monostate>(value)) {
        rc = sqlite3_bind_null(statement, index);
      } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(statement, index, *integer);
      } else if (const auto* real = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(statement, index, *real);
      } else {
        const std::string& text = std::get<std::string>(value);
        rc = sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return StatusFromSqlite(db, rc, sql);
    }
    while (true) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return StatusFromSqlite(db, rc, sql);
      if (rows == nullptr) continue;
      int columns = sqlite3_column_count(statement);
      std::vector<Value> values;
      values.reserve(columns);
      for (int column = 0; column < columns; ++column) {
        switch (sqlite3_column_type(statement, column)) {
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(statement, column)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(statement, column));
            break;
          default: {
            const auto* text = sqlite3_column_text(statement, column);
            int bytes = sqlite3_column_bytes(statement, column);
            values.emplace_back(std::string(reinterpret_cast<const char*>(text), bytes));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    if (changes != nullptr) *changes = sqlite3_changes64(db);
    return Status::Ok();
  }

  SqliteConnection& connection_;
};

Result<std::unique_ptr<SqliteConnection>> OpenConnection(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  auto connection = std::make_unique<SqliteConnection>(db);
  if (rc != SQLITE_OK) {
    return Status::IoError("sqlite: cannot open '" + path +
                           "': " + (db ? sqlite3_errmsg(db) : "out of memory"));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  // WAL + FULL: every acknowledged commit is on disk (see docs/registry.md).
  IOTMARK_RETURN_IF_ERROR(connection->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  // Reads through a memory map instead of a pread() per page (SQLite caps the
  // size at its compile-time maximum, 2 GiB in Debian's build).
  IOTMARK_RETURN_IF_ERROR(connection->Exec("PRAGMA mmap_size=8589934592;"));
  return connection;
}

Status Migrate(SqliteConnection& connection, std::int64_t now_seconds) {
  IOTMARK_RETURN_IF_ERROR(
      connection.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                      "description TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  for (const Migration& migration : Migrations()) {
    IOTMARK_RETURN_IF_ERROR(connection.Exec("BEGIN IMMEDIATE"));
    SqliteTransaction transaction(connection);
    Result<std::optional<Row>> applied = transaction.QueryOne(
        "SELECT version FROM schema_version WHERE version = ?", {std::int64_t{migration.version}});
    Status status = applied.status();
    if (status.ok() && !applied->has_value()) {
      status = connection.Exec(migration.sql);
      if (status.ok()) {
        status = transaction
                     .Execute(
                         "INSERT INTO schema_version (version, description, applied_at) "
                         "VALUES (?, ?, ?)",
                         {std::int64_t{migration.version}, std::string(migration.description),
                          now_seconds})
                     .status();
      }
    }
    if (!status.ok()) {
      connection.Exec("ROLLBACK").ok();
      return status.WithPrefix("migration " + std::to_string(migration.version) + " (" +
                               std::string(migration.description) + ")");
    }
    IOTMARK_RETURN_IF_ERROR(connection.Exec("COMMIT"));
  }
  return Status::Ok();
}

}  // namespace

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {
  in_memory_ = path_ == ":memory:";
}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(path));
  Result<std::unique_ptr<SqliteConnection>> connection = OpenConnection(path);
  if (!connection.ok()) return connection.status();
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  IOTMARK_RETURN_IF_ERROR(Migrate(**connection, now));
  if (store->in_memory_) {
    store->memory_connection_ = std::move(connection).value();
  } else {
    store->idle_.push_back(std::move(connection).value());
  }
  return store;
}

Result<std::unique_ptr<SqliteConnection>> SqliteStore::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<SqliteConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return OpenConnection(path_);
}

void SqliteStore::Release(std::unique_ptr<SqliteConnection> connection) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (idle_.size() < 16) idle_.push_back(std::move(connection));
}

Status SqliteStore::Run(const TransactionFunction& fn, bool write) {
  auto body = [&](SqliteConnection& connection) -> Status {
    IOTMARK_RETURN_IF_ERROR(connection.Exec(write ? "BEGIN IMMEDIATE" : "BEGIN"));
    SqliteTransaction transaction(connection);
    Status status;
    try {
      status = fn(transaction);
    } catch (const std::exception& error) {
      status = Status::Internal(std::string("exception in transaction: ") + error.what());
    }
    if (!status.ok()) {
      connection.Exec("ROLLBACK").ok();
      return status;
    }
    Status commit = connection.Exec("COMMIT");
    if (!commit.ok()) connection.Exec("ROLLBACK").ok();
    return commit;
  };
  if (in_memory_) {
    std::lock_guard<std::mutex> lock(write_mutex_);
    return body(*memory_connection_);
  }
  std::unique_lock<std::mutex> write_lock(write_mutex_, std::defer_lock);
  if (write) write_lock.lock();
  Result<std::unique_ptr<SqliteConnection>> connection = Acquire();
  if (!connection.ok()) return connection.status();
  Status status = body(**connection);
  Release(std::move(connection).value());
  return status;
}

Status SqliteStore::RunInTransaction(const TransactionFunction& fn) { return Run(fn, true); }

Status SqliteStore::RunReadOnly(const TransactionFunction& fn) { return Run(fn, false); }

Result<int> SqliteStore::SchemaVersion() {
  int version = 0;
  Status status = RunReadOnly([&](Transaction& transaction) -> Status {
    Result<std::vector<Row>> rows =
        transaction.Query("SELECT MAX(version) FROM schema_version", {});
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) version = static_cast<int>(rows->front().Int(0));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return version;
}

Result<std::string> SqliteStore::IntegrityCheck() {
  std::string result;
  Status status = RunReadOnly([&](Transaction& transaction) -> Status {
    Result<std::vector<Row>> rows = transaction.Query("PRAGMA integrity_check", {});
    if (!rows.ok()) return rows.status();
    for (const Row& row : *rows) {
      if (!result.empty()) result += "\n";
      result += row.Text(0);
    }
    Result<std::vector<Row>> foreign = transaction.Query("PRAGMA foreign_key_check", {});
    if (!foreign.ok()) return foreign.status();
    for (const Row& row : *foreign) {
      result += "\nforeign key violation in table " + row.Text(0) + " row " + row.Text(1);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace iotmark::store
