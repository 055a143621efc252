// The SQLite backend of the store (`sqlite:PATH`).
//
// Settings: WAL journal, synchronous=FULL (an acknowledged commit survives
// power loss), foreign_keys=ON, busy_timeout=5000 ms.
// Concurrency: a pool of connections; each transaction borrows one for its
// duration. Write transactions are serialised by an in-process mutex and
// start with BEGIN IMMEDIATE, so concurrent writers (threads or other
// processes) wait instead of failing on a lock upgrade. Readers run in
// parallel with the writer (WAL). `:memory:` uses a single connection and
// serialises everything. Prepared statements are cached per connection.
#ifndef IOTMARK_STORE_SQLITE_STORE_H_
#define IOTMARK_STORE_SQLITE_STORE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace iotmark::store {

class SqliteConnection;

class SqliteStore final : public Store {
 public:
  // Opens (creating when missing) and migrates. `path` ":memory:" for tests.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  Status RunInTransaction(const TransactionFunction& fn) override;
  Status RunReadOnly(const TransactionFunction& fn) override;
  Result<int> SchemaVersion() override;
  Result<std::string> IntegrityCheck() override;
  std::string_view BackendName() const override { return "sqlite"; }

 private:
  explicit SqliteStore(std::string path);
  Result<std::unique_ptr<SqliteConnection>> Acquire();
  void Release(std::unique_ptr<SqliteConnection> connection);
  Status Run(const TransactionFunction& fn, bool write);

  std::string path_;
  bool in_memory_ = false;
  std::mutex write_mutex_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  std::unique_ptr<SqliteConnection> memory_connection_;  // for :memory:
};

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_SQLITE_STORE_H_
