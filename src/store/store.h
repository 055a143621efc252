// The storage interface of iotmark: a relational store reached through
// transactions, with one backend per URL scheme (`sqlite:PATH` today,
// `postgresql://…` next).
//
// Portability contract for callers (the registry): SQL text uses `?`
// placeholders (a PostgreSQL backend rewrites them to $1, $2, …), standard
// types (BIGINT, TEXT, DOUBLE PRECISION), `INSERT … RETURNING id`, and no
// backend-only syntax. Times are stored as BIGINT seconds since the Unix
// epoch (UTC).
//
// Thread-safety: a Store is safe to share between threads. Every
// RunInTransaction call borrows one connection for its whole duration; a
// Transaction object must not escape the callback or be shared.
#ifndef IOTMARK_STORE_STORE_H_
#define IOTMARK_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "store/write_watcher.h"

namespace iotmark::store {

// One SQL value: NULL, integer, real or text (blobs are stored as text).
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// A convenience for optional parameters: NULL when empty.
template <typename T>
Value NullableValue(const std::optional<T>& value) {
  if (!value) return std::monostate{};
  return Value(*value);
}

// One result row. Accessors take the 0-based column index; a NULL reads as
// 0 / "" (use IsNull to tell).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t column) const;
  std::int64_t Int(std::size_t column) const;
  double Real(std::size_t column) const;
  std::string Text(std::size_t column) const;
  std::optional<std::int64_t> OptionalInt(std::size_t column) const;
  std::optional<std::string> OptionalText(std::size_t column) const;
  const Value& at(std::size_t column) const { return values_.at(column); }

 private:
  std::vector<Value> values_;
};

// The work of one transaction. Statements are prepared and cached by the
// backend. Errors name the failing SQL statement.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Runs a statement that returns rows.
  virtual Result<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<Value>& params) = 0;
  // Runs a statement that returns no rows; yields the number of rows changed.
  virtual Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs `INSERT … RETURNING <integer column>` and yields that value.
  Result<std::int64_t> InsertReturningId(std::string_view sql, const std::vector<Value>& params);
  // Query expecting at most one row.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const std::vector<Value>& params);
};

using TransactionFunction = std::function<Status(Transaction&)>;

// A store. Open one with OpenStore(url); the schema is migrated at open.
class Store {
 public:
  virtual ~Store() = default;

  // Runs `fn` inside one read-write transaction: committed when `fn` returns
  // OK, rolled back otherwise (the Status of `fn` is returned). When this
  // returns OK the transaction is durable.
  virtual Status RunInTransaction(const TransactionFunction& fn) = 0;
  // Same for reads only; may run concurrently with other readers.
  virtual Status RunReadOnly(const TransactionFunction& fn) = 0;

  // The schema version after migration (the highest applied migration number).
  virtual Result<int> SchemaVersion() = 0;
  // Backend integrity check: "ok" or the problems found.
  virtual Result<std::string> IntegrityCheck() = 0;
  // "sqlite" or "postgresql".
  virtual std::string_view BackendName() const = 0;
  // After rows were inserted with explicit ids (dev seed, store copy): makes
  // the next generated id follow the highest present one. SQLite numbers
  // from MAX(rowid) by itself; PostgreSQL moves its identity sequences.
  virtual Status SyncIdSequences() { return Status::Ok(); }
  // A watcher of commits by any process (store/write_watcher.h), or null
  // when the backend has none (SQLite: readers poll).
  virtual std::unique_ptr<WriteWatcher> WatchWrites() { return nullptr; }
};

// Opens a store by URL: `sqlite:PATH` (created when missing),
// `sqlite::memory:` for tests, or `postgresql://user@host:port/db` (the
// database must exist; optional URL parameters pool_size and
// statement_timeout_ms, see postgres_store.h). Migrates the schema to the
// latest version.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

// For tests: the store URL to use. When the environment variable
// IOTMARK_TEST_DB_URL names a PostgreSQL server (`postgresql://…`), a
// database of this process on it, emptied at every call (created at the
// first, dropped at exit); otherwise `sqlite_url`.
Result<std::string> TestStoreUrl(std::string_view sqlite_url);

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_STORE_H_
