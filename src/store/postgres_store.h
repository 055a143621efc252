// The PostgreSQL backend of the store (`postgresql://user@host:port/db`,
// libpqxx).
//
// Connections: a pool of at most `pool_size` (URL parameter, default 8);
// a transaction that finds the pool exhausted waits up to 10 s. Each
// connection runs with `statement_timeout` (URL parameter
// `statement_timeout_ms`, default 5000) and libpq's `connect_timeout`
// (default 3 s). Prepared statements are cached per connection.
// Transactions: writers run READ COMMITTED and take one transaction-scoped
// advisory lock first, so write transactions are serialised across every
// process on the database — the same model as the SQLite backend (one
// writer at a time): Merkle log appends, registration numbers and webhook
// leases read-modify-write under it. Readers run REPEATABLE READ, READ ONLY
// (one snapshot, like a SQLite read transaction) in parallel.
// Faults: a lost connection, a database that refuses connections, a
// statement timeout or a commit whose outcome is unknown answer
// kUnavailable with a message starting "store unavailable" (the server maps
// it to 503 store_unavailable + Retry-After); a pooled connection found
// broken before the transaction's work starts is replaced and the
// transaction retried once, so the first request after a database restart
// succeeds.
#ifndef IOTMARK_STORE_POSTGRES_STORE_H_
#define IOTMARK_STORE_POSTGRES_STORE_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres_sql.h"
#include "store/store.h"

namespace iotmark::store {

class PostgresConnection;

class PostgresStore final : public Store {
 public:
  // Connects and migrates (migrations of several processes at once are
  // serialised by an advisory lock).
  static Result<std::unique_ptr<PostgresStore>> Open(std::string_view url);
  ~PostgresStore() override;

  Status RunInTransaction(const TransactionFunction& fn) override;
  Status RunReadOnly(const TransactionFunction& fn) override;
  Result<int> SchemaVersion() override;
  Result<std::string> IntegrityCheck() override;
  std::string_view BackendName() const override { return "postgresql"; }
  Status SyncIdSequences() override;
  std::unique_ptr<WriteWatcher> WatchWrites() override;

 private:
  explicit PostgresStore(PostgresUrl url);
  Result<std::unique_ptr<PostgresConnection>> Acquire();
  void Release(std::unique_ptr<PostgresConnection> connection);
  Status Run(const TransactionFunction& fn, bool write);

  PostgresUrl url_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
  int open_ = 0;  // connections handed out or idle
};

// Test support: a database of its own for this process on the server of
// `base_url` (created at first call, emptied at every call: the public
// schema dropped and created again), dropped at process exit. Returns its URL.
Result<std::string> FreshPostgresTestDatabase(std::string_view base_url);

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_POSTGRES_STORE_H_
