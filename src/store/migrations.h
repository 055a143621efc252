// Numbered schema migrations. Each is applied once, in order, inside a
// transaction, and recorded in the table schema_version(version, applied_at).
// Never edit an applied migration: add a new number.
#ifndef IOTMARK_STORE_MIGRATIONS_H_
#define IOTMARK_STORE_MIGRATIONS_H_

#include <string_view>
#include <vector>

namespace iotmark::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;  // one or more statements
};

// The SQLite migrations (the PostgreSQL backend will carry its own list with
// the same numbers and the same tables).
const std::vector<Migration>& SqliteMigrations();

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_MIGRATIONS_H_
