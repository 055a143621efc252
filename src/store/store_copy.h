// Copies a whole registry store to another store, of the same or the other
// backend (`iotmark store copy`): sqlite → postgresql, postgresql → sqlite,
// sqlite → sqlite, postgresql → postgresql.
//
// What is copied: every table of the current schema as the source's catalog
// lists it (SQLite: PRAGMA table_list; PostgreSQL: information_schema), in
// dependency order (a table after every table its foreign keys name), each
// row with its ids as they are. Not copied, because the target derives them:
// schema_version (each store records its own migrations) and the label
// search index (label_search, label_search_grams and their FTS5 shadow
// tables on SQLite, label_search on PostgreSQL), which the target's
// triggers fill as the labels arrive.
//
// Invariants: the source is read in one read transaction (one snapshot);
// the target is written in one write transaction, so a failed copy leaves
// the target as it was. Both stores must have the same schema version (both
// were migrated by OpenStore; a source newer than this binary is refused) and
// the same tables and columns. A target that holds any row in a copied table
// is refused unless `replace` is set, which deletes those rows (and the
// search index) first in the same transaction. After the commit the
// target's id sequences are moved past the copied ids
// (Store::SyncIdSequences: PostgreSQL identity columns) and every table's row
// count is compared with what was copied.
#ifndef IOTMARK_STORE_STORE_COPY_H_
#define IOTMARK_STORE_STORE_COPY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace iotmark::store {

// One copied table.
struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
  double seconds = 0;
};

struct CopyOptions {
  // Delete the target's rows first instead of refusing a non-empty target.
  bool replace = false;
  // Rows read from the source per query.
  int page_rows = 2000;
};

struct CopyReport {
  int schema_version = 0;
  std::vector<CopiedTable> tables;  // in copy order
  std::int64_t rows = 0;            // sum over tables
  std::int64_t replaced_rows = 0;   // rows deleted on the target (replace)
  double seconds = 0;               // whole copy, commit and checks included
};

// Progress: called when a table starts (rows = 0, done = false), every
// `page_rows` rows, and when it is done (done = true).
using CopyProgress = std::function<void(const CopiedTable& table, bool done)>;

// Copies `source` into `target`. Errors:
//   kFailedPrecondition  target holds data (without replace), schema versions
//                        or tables differ, source == target;
//   other codes          a store error (the target is left unchanged).
Result<CopyReport> CopyStore(Store& source, Store& target, const CopyOptions& options = {},
                             const CopyProgress& progress = nullptr);

// The tables CopyStore copies for `store`, in copy order.
Result<std::vector<std::string>> CopiedTables(Store& store);

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_STORE_COPY_H_
