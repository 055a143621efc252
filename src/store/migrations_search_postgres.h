// The PostgreSQL side of migration 6 (normalised label search): pg_trgm,
// iotmark_search_text (NFKC + ICU lower case, locale-independent),
// iotmark_search_short_grams, the label_search table with its GIN indexes
// (trigram on each column, and an array of the 1- and 2-character grams for
// short terms), the triggers that keep it, and the back-fill of existing
// labels. persistence/postgres/label_search_index.cc queries these tables.
#ifndef IOTMARK_STORE_MIGRATIONS_SEARCH_POSTGRES_H_
#define IOTMARK_STORE_MIGRATIONS_SEARCH_POSTGRES_H_

#include <string_view>

namespace iotmark::store {

std::string_view PostgresLabelSearchMigration();

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_MIGRATIONS_SEARCH_POSTGRES_H_
