// Numbered schema migrations. Each is applied once, in order, inside a
// transaction, and recorded in the table schema_version(version, applied_at).
// Never edit an applied migration: add a new number.
#ifndef IOTMARK_STORE_MIGRATIONS_H_
#define IOTMARK_STORE_MIGRATIONS_H_

#include <string_view>
#include <vector>

namespace iotmark::store {

// One list for both backends. `sql` is written for SQLite and runs on
// PostgreSQL too after PostgresDdl() (INTEGER PRIMARY KEY → identity), so
// portable DDL is written once. Where SQLite-only SQL is unavoidable (FTS5,
// triggers in SQLite syntax), `postgresql` holds the PostgreSQL equivalent
// and replaces `sql` there ("" in `postgresql` = use `sql`; kNoOp = nothing
// to do on PostgreSQL, the version is still recorded).
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;  // one or more statements
  std::string_view postgresql = {};
};

inline constexpr std::string_view kNoOp = "-- nothing to do on this backend";

// The migrations of both backends, in order.
const std::vector<Migration>& Migrations();
// The same list (older name, kept for callers that only know SQLite).
inline const std::vector<Migration>& SqliteMigrations() { return Migrations(); }

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_MIGRATIONS_H_
