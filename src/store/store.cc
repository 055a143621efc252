// Backend-independent parts of the storage interface.
#include "store/store.h"

#include <cstdlib>
#include <string>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace iotmark::store {

bool Row::IsNull(std::size_t column) const {
  return std::holds_alternative<std::monostate>(values_.at(column));
}

std::int64_t Row::Int(std::size_t column) const {
  const Value& value = values_.at(column);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
  if (const auto* real = std::get_if<double>(&value)) return static_cast<std::int64_t>(*real);
  if (const auto* text = std::get_if<std::string>(&value)) {
    try {
      return std::stoll(*text);
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

double Row::Real(std::size_t column) const {
  const Value& value = values_.at(column);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  return 0.0;
}

std::string Row::Text(std::size_t column) const {
  const Value& value = values_.at(column);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&value)) return std::to_string(*real);
  return "";
}

std::optional<std::int64_t> Row::OptionalInt(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Row::OptionalText(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Result<std::int64_t> Transaction::InsertReturningId(std::string_view sql,
                                                    const std::vector<Value>& params) {
  Result<std::vector<Row>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->size() != 1 || rows->front().size() < 1 || rows->front().IsNull(0)) {
    return Status::Internal("insert returned no id: " + std::string(sql));
  }
  return rows->front().Int(0);
}

Result<std::optional<Row>> Transaction::QueryOne(std::string_view sql,
                                                 const std::vector<Value>& params) {
  Result<std::vector<Row>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->front()));
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.substr(0, kSqlite.size()) == kSqlite) {
    std::string path(url.substr(kSqlite.size()));
    if (path.empty()) return Status::InvalidArgument("store URL 'sqlite:' names no file");
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path);
    if (!store.ok()) return store.status();
    return std::unique_ptr<Store>(std::move(store).value());
  }
  if (url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://") {
    Result<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(url);
    if (!store.ok()) return store.status();
    return std::unique_ptr<Store>(std::move(store).value());
  }
  return Status::InvalidArgument("unknown store URL '" + std::string(url) +
                                 "': expected sqlite:PATH or postgresql://user@host:port/db");
}

Result<std::string> TestStoreUrl(std::string_view sqlite_url) {
  const char* configured = std::getenv("IOTMARK_TEST_DB_URL");
  std::string_view url = configured ? configured : "";
  if (url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://") {
    return FreshPostgresTestDatabase(url);
  }
  return std::string(sqlite_url);
}

}  // namespace iotmark::store
