// PostgreSQL backend: connection pool, prepared statements, error mapping,
// migrations. Every libpqxx call is wrapped: its exceptions become Status.
#include "store/postgres_store.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <pqxx/pqxx>
#include <string>

#include "store/migrations.h"
#include "store/postgres_write_watcher.h"

namespace iotmark::store {
namespace {

// pg_advisory_xact_lock keys ("iotm" + 1 / 2).
constexpr std::int64_t kWriteLockKey = 0x696f746d0001;
constexpr std::int64_t kMigrationLockKey = 0x696f746d0002;

std::string Abbreviate(std::string_view sql) {
  std::string text(sql.substr(0, 120));
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return sql.size() > 120 ? text + "…" : text;
}

std::string FirstLine(const char* text) {
  std::string line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  std::size_t newline = line.find('\n');
  return newline == std::string::npos ? line : line.substr(0, newline);
}

Status Unavailable(const std::string& what) {
  return Status::Unavailable("store unavailable (postgresql): " + what)
      .WithRetryAfter(std::chrono::seconds(2));
}

// SQLSTATE classes that mean the database, not the statement, is the
// problem: connection (08), resources (53), operator intervention (57:
// shutdown, statement timeout), lock timeout (55P03), serialisation (40).
bool IsUnavailableState(const std::string& state) {
  return state.rfind("08", 0) == 0 || state.rfind("53", 0) == 0 || state.rfind("57", 0) == 0 ||
         state == "55P03" || state.rfind("40", 0) == 0;
}

}  // namespace

// One libpqxx connection with its prepared statements. Used by one thread
// at a time. `broken` is set when a call saw the connection fail.
class PostgresConnection {
 public:
  explicit PostgresConnection(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)) {}

  pqxx::connection& get() { return *connection_; }
  bool broken = false;

  // The name of the prepared statement for `sql` (prepared on first use).
  Result<std::pair<std::string, int>> Prepared(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return found->second;
    int placeholders = 0;
    std::string rewritten = RewritePlaceholders(sql, &placeholders);
    std::string name = "s" + std::to_string(statements_.size() + 1);
    connection_->prepare(name, rewritten);
    auto inserted = statements_.emplace(std::string(sql), std::pair{name, placeholders});
    return inserted.first->second;
  }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  std::map<std::string, std::pair<std::string, int>, std::less<>> statements_;
};

namespace {

// Converts the exception in flight (call inside a catch block) to a Status.
Status CurrentError(PostgresConnection* connection, std::string_view sql) {
  const std::string where = sql.empty() ? "" : " (in: " + Abbreviate(sql) + ")";
  try {
    throw;
  } catch (const pqxx::broken_connection& error) {
    if (connection) connection->broken = true;
    return Unavailable("connection lost: " + FirstLine(error.what()) + where);
  } catch (const pqxx::in_doubt_error& error) {
    if (connection) connection->broken = true;
    return Unavailable("commit outcome unknown: " + FirstLine(error.what()) + where);
  } catch (const pqxx::sql_error& error) {
    const std::string& state = error.sqlstate();
    std::string message = "postgresql: " + FirstLine(error.what()) + where;
    if (state == "23505") return Status::AlreadyExists(message);
    if (state.rfind("23", 0) == 0) return Status::InvalidArgument(message);
    if (IsUnavailableState(state)) {
      if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) {
        if (connection) connection->broken = true;
      }
      return Unavailable("[" + state + "] " + FirstLine(error.what()) + where);
    }
    if (state.rfind("42", 0) == 0 || state.rfind("26", 0) == 0) return Status::Internal(message);
    return Status::IoError(message);
  } catch (const pqxx::failure& error) {
    // libpqxx reports some connection failures as plain failures.
    if (connection && !connection->get().is_open()) {
      connection->broken = true;
      return Unavailable(FirstLine(error.what()) + where);
    }
    return Status::IoError("postgresql: " + FirstLine(error.what()) + where);
  } catch (const std::exception& error) {
    return Status::Internal("postgresql: " + FirstLine(error.what()) + where);
  }
}

Value ValueFromField(const pqxx::field& field) {
  if (field.is_null()) return std::monostate{};
  const char* text = field.c_str();
  switch (field.type()) {
    case 16:  // bool
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case 20:  // int8
    case 21:  // int2
    case 23:  // int4
    case 26:  // oid
      return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
    case 700:  // float4
    case 701:  // float8
      return std::strtod(text, nullptr);
    case 1700: {  // numeric (SUM of integers): integral values stay integers
      std::string_view digits(text);
      if (digits.find_first_of(".eE") == std::string_view::npos && digits.size() < 19) {
        return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
      }
      return std::strtod(text, nullptr);
    }
    default:
      return std::string(text, field.size());
  }
}

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(PostgresConnection& connection, pqxx::transaction_base& work)
      : connection_(connection), work_(work) {}

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    auto result = Run(sql, params);
    if (!result.ok()) return result.status();
    std::vector<Row> rows;
    rows.reserve(result->size());
    for (const pqxx::row& row : *result) {
      std::vector<Value> values;
      values.reserve(row.size());
      for (const pqxx::field& field : row) values.push_back(ValueFromField(field));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto result = Run(sql, params);
    if (!result.ok()) return result.status();
    return static_cast<std::int64_t>(result->affected_rows());
  }

 private:
  Result<pqxx::result> Run(std::string_view sql, const std::vector<Value>& params) {
    if (failed_) {
      return Status::Internal(
          "postgresql: statement after a failed statement in one transaction (in: " +
          Abbreviate(sql) + ")");
    }
    try {
      auto prepared = connection_.Prepared(sql);
      if (!prepared.ok()) return prepared.status();
      const auto& [name, placeholders] = *prepared;
      if (placeholders != static_cast<int>(params.size())) {
        return Status::Internal("postgresql: statement expects " + std::to_string(placeholders) +
                                " parameters, got " + std::to_string(params.size()) +
                                " (in: " + Abbreviate(sql) + ")");
      }
      std::vector<std::string> texts(params.size());
      std::vector<const char*> pointers(params.size(), nullptr);
      for (std::size_t i = 0; i < params.size(); ++i) {
        const Value& value = params[i];
        if (std::holds_alternative<std::monostate>(value)) continue;
        if (const auto* integer = std::get_if<std::int64_t>(&value)) {
          texts[i] = std::to_string(*integer);
        } else if (const auto* real = std::get_if<double>(&value)) {
          texts[i] = pqxx::to_string(*real);
        } else {
          texts[i] = std::get<std::string>(value);
        }
        pointers[i] = texts[i].c_str();
      }
      return work_.exec_prepared(name, pqxx::prepare::make_dynamic_params(pointers));
    } catch (...) {
      failed_ = true;  // PostgreSQL refuses further statements of this transaction
      return CurrentError(&connection_, sql);
    }
  }

  PostgresConnection& connection_;
  pqxx::transaction_base& work_;
  bool failed_ = false;
};

Result<std::unique_ptr<PostgresConnection>> Connect(const PostgresUrl& url) {
  try {
    auto connection = std::make_unique<pqxx::connection>(url.libpq_url);
    pqxx::nontransaction setup(*connection);
    setup.exec("SET statement_timeout = " + std::to_string(url.statement_timeout_ms) +
               "; SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    setup.commit();
    return std::make_unique<PostgresConnection>(std::move(connection));
  } catch (...) {
    Status status = CurrentError(nullptr, "");
    if (status.code() == StatusCode::kUnavailable) return status;
    // Connection refused, unknown host, bad password: libpqxx throws
    // broken_connection for all of them, the rest means a usage error.
    return Unavailable("cannot connect: " + status.message());
  }
}

// Applies every migration not yet recorded, one transaction each (DDL is
// transactional in PostgreSQL), under an advisory lock.
Status Migrate(PostgresConnection& connection) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (const Migration& migration : Migrations()) {
    try {
      pqxx::work work(connection.get());
      work.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
      work.exec(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      pqxx::result applied = work.exec("SELECT 1 FROM schema_version WHERE version = " +
                                       std::to_string(migration.version));
      if (!applied.empty()) {
        work.commit();
        continue;
      }
      const std::string sql = migration.postgresql.empty() ? PostgresDdl(migration.sql)
                                                           : std::string(migration.postgresql);
      if (migration.postgresql != kNoOp) work.exec(sql);
      work.exec("INSERT INTO schema_version (version, description, applied_at) VALUES (" +
                std::to_string(migration.version) + ", " +
                work.quote(std::string(migration.description)) + ", " + std::to_string(now) + ")");
      work.commit();
    } catch (...) {
      return CurrentError(&connection, "")
          .WithPrefix("migration " + std::to_string(migration.version) + " (" +
                      std::string(migration.description) + ")");
    }
  }
  return Status::Ok();
}

Status SyncSequences(pqxx::transaction_base& work) {
  pqxx::result columns = work.exec(
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND is_identity = 'YES'");
  for (const pqxx::row& column : columns) {
    const std::string table = work.quote_name(column[0].c_str());
    const std::string name = work.quote_name(column[1].c_str());
    work.exec("SELECT setval(pg_get_serial_sequence(" + work.quote(table) + ", " +
              work.quote(column[1].c_str()) + "), COALESCE(MAX(" + name +
              "), 0) + 1, false) FROM " + table);
  }
  return Status::Ok();
}

}  // namespace

PostgresStore::PostgresStore(PostgresUrl url) : url_(std::move(url)) {}

PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(std::string_view url) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(ParsePostgresUrl(url)));
  auto connection = Connect(store->url_);
  if (!connection.ok()) return connection.status();
  IOTMARK_RETURN_IF_ERROR(Migrate(**connection));
  store->open_ = 1;
  store->idle_.push_back(std::move(connection).value());
  return store;
}

Result<std::unique_ptr<PostgresConnection>> PostgresStore::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!released_.wait_for(lock, std::chrono::seconds(10),
                            [&] { return !idle_.empty() || open_ < url_.pool_size; })) {
      return Unavailable("all " + std::to_string(url_.pool_size) +
                         " connections busy for 10 s (raise pool_size in the URL)");
    }
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;
  }
  auto connection = Connect(url_);
  if (!connection.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    released_.notify_one();
  }
  return connection;
}

void PostgresStore::Release(std::unique_ptr<PostgresConnection> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (connection->broken || !connection->get().is_open()) {
    --open_;
    // The server went away: the other idle connections are stale too.
    open_ -= static_cast<int>(idle_.size());
    idle_.clear();
  } else {
    idle_.push_back(std::move(connection));
  }
  released_.notify_one();
}

Status PostgresStore::Run(const TransactionFunction& fn, bool write) {
  for (int attempt = 0;; ++attempt) {
    auto connection = Acquire();
    if (!connection.ok()) return connection.status();
    PostgresConnection& borrowed = **connection;
    Status status;
    bool started = false;
    try {
      std::unique_ptr<pqxx::transaction_base> work;
      if (write) {
        work = std::make_unique<pqxx::work>(borrowed.get());
        work->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
      } else {
        work = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
            borrowed.get());
      }
      started = true;
      PostgresTransaction transaction(borrowed, *work);
      try {
        status = fn(transaction);
      } catch (const std::exception& error) {
        status = Status::Internal(std::string("exception in transaction: ") + error.what());
      }
      if (status.ok()) {
        // Watchers (postgres_write_watcher.h) hear of it at commit.
        if (write) work->exec(std::string("NOTIFY ") + kWriteChannel);
        work->commit();
      } else {
        work->abort();
      }
    } catch (...) {
      status = CurrentError(&borrowed, "");
    }
    const bool retry = !started && borrowed.broken && attempt == 0;
    Release(std::move(connection).value());
    if (!retry) return status;
  }
}

Status PostgresStore::RunInTransaction(const TransactionFunction& fn) { return Run(fn, true); }

Status PostgresStore::RunReadOnly(const TransactionFunction& fn) { return Run(fn, false); }

std::unique_ptr<WriteWatcher> PostgresStore::WatchWrites() {
  return MakePostgresWriteWatcher(url_.libpq_url);
}

Result<int> PostgresStore::SchemaVersion() {
  int version = 0;
  Status status = RunReadOnly([&](Transaction& transaction) -> Status {
    auto rows = transaction.Query("SELECT MAX(version) FROM schema_version", {});
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) version = static_cast<int>(rows->front().Int(0));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return version;
}

// PostgreSQL enforces constraints on every write and checks pages itself
// (checksums when the cluster has them); what a reader can still find is a
// constraint added NOT VALID and never validated, or an index left invalid by
// a failed concurrent build. Either is reported; none means "ok".
Result<std::string> PostgresStore::IntegrityCheck() {
  std::string result;
  Status status = RunReadOnly([&](Transaction& transaction) -> Status {
    auto constraints = transaction.Query(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.nspname = current_schema() AND NOT c.convalidated",
        {});
    if (!constraints.ok()) return constraints.status();
    for (const Row& row : *constraints) {
      result += (result.empty() ? "" : "\n") + std::string("constraint not validated: ") +
                row.Text(0) + "." + row.Text(1);
    }
    auto indexes = transaction.Query(
        "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = "
        "i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT i.indisvalid",
        {});
    if (!indexes.ok()) return indexes.status();
    for (const Row& row : *indexes) {
      result += (result.empty() ? "" : "\n") + std::string("invalid index: ") + row.Text(0);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return result.empty() ? std::string("ok") : result;
}

Status PostgresStore::SyncIdSequences() {
  auto connection = Acquire();
  if (!connection.ok()) return connection.status();
  Status status;
  try {
    pqxx::work work((*connection)->get());
    work.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
    status = SyncSequences(work);
    if (status.ok()) work.commit();
  } catch (...) {
    status = CurrentError(connection->get(), "");
  }
  Release(std::move(connection).value());
  return status;
}

namespace {

std::string g_test_admin_url;
std::string g_test_database;

void DropTestDatabase() {
  if (g_test_database.empty()) return;
  try {
    pqxx::connection admin(g_test_admin_url);
    pqxx::nontransaction work(admin);
    work.exec("DROP DATABASE IF EXISTS " + work.quote_name(g_test_database) + " WITH (FORCE)");
  } catch (...) {
  }
}

// `url` with its database path replaced by `database`.
std::string WithDatabase(std::string_view url, const std::string& database) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  std::size_t question = url.find('?');
  std::string base(url.substr(0, std::min(slash, question)));
  std::string query = question == std::string_view::npos ? "" : std::string(url.substr(question));
  return base + "/" + database + query;
}

}  // namespace

Result<std::string> FreshPostgresTestDatabase(std::string_view base_url) {
  PostgresUrl parsed = ParsePostgresUrl(base_url);
  const std::string database = "iotmark_test_" + std::to_string(::getpid());
  const std::string url = WithDatabase(base_url, database);
  try {
    if (g_test_database.empty()) {
      g_test_admin_url = parsed.libpq_url;
      pqxx::connection admin(g_test_admin_url);
      pqxx::nontransaction work(admin);
      work.exec("DROP DATABASE IF EXISTS " + work.quote_name(database) + " WITH (FORCE)");
      work.exec("CREATE DATABASE " + work.quote_name(database) +
                " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
      g_test_database = database;
      std::atexit(DropTestDatabase);
    } else {
      pqxx::connection connection(ParsePostgresUrl(url).libpq_url);
      pqxx::nontransaction work(connection);
      work.exec(
          "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }
  } catch (...) {
    return CurrentError(nullptr, "").WithPrefix("test database on " + std::string(base_url));
  }
  return url;
}

}  // namespace iotmark::store
