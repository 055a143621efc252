// Store copy: catalog reading per backend, dependency order, paged reads,
// batched inserts. See the header.
#include "store/store_copy.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "store/migrations.h"

namespace iotmark::store {
namespace {

// Tables the target derives itself (see the header). Virtual tables and
// FTS5 shadow tables of SQLite are not of type 'table' in PRAGMA table_list
// and are left out by the catalog query already.
const std::set<std::string, std::less<>> kDerivedTables = {
    "schema_version", "label_search", "label_search_grams", "label_search_vocab"};

struct TableInfo {
  std::string name;
  std::vector<std::string> columns;  // in the table's column order
  std::string primary_key;           // the single primary-key column, or "" (read unpaged)
  std::set<std::string> references;  // tables named by foreign keys (not itself)
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Quoted identifier, the same on both backends.
std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::vector<TableInfo>> ReadCatalog(Transaction& transaction, std::string_view backend) {
  const bool sqlite = backend == "sqlite";
  auto names = transaction.Query(
      sqlite ? "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
               "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
             : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
               "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
      {});
  if (!names.ok()) return names.status().WithPrefix("store copy: reading the table list");
  std::vector<TableInfo> tables;
  for (const Row& row : *names) {
    TableInfo table;
    table.name = row.Text(0);
    if (kDerivedTables.count(table.name)) continue;
    const std::vector<Value> name{table.name};
    auto columns = transaction.Query(
        sqlite ? "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid"
               : "SELECT c.column_name, CASE WHEN EXISTS (SELECT 1 FROM "
                 "information_schema.table_constraints t JOIN "
                 "information_schema.key_column_usage k ON k.constraint_name = "
                 "t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = "
                 "t.table_name WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = "
                 "c.table_schema AND t.table_name = c.table_name AND k.column_name = "
                 "c.column_name) THEN 1 ELSE 0 END FROM information_schema.columns c WHERE "
                 "c.table_schema = current_schema() AND c.table_name = ? ORDER BY "
                 "c.ordinal_position",
        name);
    if (!columns.ok()) return columns.status().WithPrefix("store copy: columns of " + table.name);
    std::vector<std::string> key;
    for (const Row& column : *columns) {
      table.columns.push_back(column.Text(0));
      if (column.Int(1) != 0) key.push_back(column.Text(0));
    }
    if (key.size() == 1) table.primary_key = key.front();
    auto references = transaction.Query(
        sqlite ? "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)"
               : "SELECT DISTINCT r.table_name FROM information_schema.referential_constraints "
                 "f JOIN information_schema.table_constraints c ON c.constraint_name = "
                 "f.constraint_name AND c.constraint_schema = f.constraint_schema JOIN "
                 "information_schema.table_constraints r ON r.constraint_name = "
                 "f.unique_constraint_name AND r.constraint_schema = "
                 "f.unique_constraint_schema WHERE c.table_schema = current_schema() AND "
                 "c.table_name = ?",
        name);
    if (!references.ok()) {
      return references.status().WithPrefix("store copy: foreign keys of " + table.name);
    }
    for (const Row& reference : *references) {
      if (reference.Text(0) != table.name) table.references.insert(reference.Text(0));
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

// Dependency order: a table after every table it references; ties by name.
Result<std::vector<TableInfo>> InDependencyOrder(std::vector<TableInfo> tables) {
  std::map<std::string, const TableInfo*> by_name;
  for (const TableInfo& table : tables) by_name[table.name] = &table;
  std::vector<TableInfo> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progress = false;
    for (const TableInfo& table : tables) {
      if (placed.count(table.name)) continue;
      const bool ready = std::all_of(table.references.begin(), table.references.end(),
                                     [&](const std::string& reference) {
                                       return placed.count(reference) || !by_name.count(reference);
                                     });
      if (!ready) continue;
      ordered.push_back(table);
      placed.insert(table.name);
      progress = true;
    }
    if (!progress) {
      std::string cycle;
      for (const TableInfo& table : tables) {
        if (!placed.count(table.name)) cycle += (cycle.empty() ? "" : ", ") + table.name;
      }
      return Status::FailedPrecondition("store copy: foreign keys form a cycle among: " + cycle);
    }
  }
  return ordered;
}

Result<std::vector<TableInfo>> OrderedCatalog(Transaction& transaction, std::string_view backend) {
  auto tables = ReadCatalog(transaction, backend);
  if (!tables.ok()) return tables.status();
  return InDependencyOrder(std::move(tables).value());
}

// The target must have the same tables with the same columns.
Status CompareCatalogs(const std::vector<TableInfo>& source, const std::vector<TableInfo>& target) {
  std::map<std::string, std::set<std::string>> target_columns;
  for (const TableInfo& table : target) {
    target_columns[table.name] = {table.columns.begin(), table.columns.end()};
  }
  std::string problems;
  auto note = [&](const std::string& problem) {
    problems += (problems.empty() ? "" : "; ") + problem;
  };
  for (const TableInfo& table : source) {
    auto found = target_columns.find(table.name);
    if (found == target_columns.end()) {
      note("table " + table.name + " is missing on the target");
      continue;
    }
    const std::set<std::string> columns(table.columns.begin(), table.columns.end());
    for (const std::string& column : columns) {
      if (!found->second.count(column))
        note("column " + table.name + "." + column + " is missing on the target");
    }
    for (const std::string& column : found->second) {
      if (!columns.count(column))
        note("column " + table.name + "." + column + " is missing on the source");
    }
    target_columns.erase(found);
  }
  for (const auto& [name, columns] : target_columns) {
    note("table " + name + " exists on the target only");
  }
  if (problems.empty()) return Status::Ok();
  return Status::FailedPrecondition("store copy: the schemas differ: " + problems);
}

// The target's label search index (derived, see the header), per backend.
// SQLite's FTS5 triggers index each label as it is inserted (fast enough:
// ~80 µs a label here). PostgreSQL's row trigger costs ~1 ms a label, so during a
// copy it is switched off and the index built in one statement at the end —
// all inside the copy's transaction (PostgreSQL DDL is transactional).
Status ClearSearchIndex(Transaction& transaction, std::string_view backend) {
  IOTMARK_RETURN_IF_ERROR(transaction.Execute("DELETE FROM label_search", {}).status());
  if (backend != "sqlite") return Status::Ok();
  // A contentless FTS5 table empties with its 'delete-all' command.
  return transaction
      .Execute("INSERT INTO label_search_grams(label_search_grams) VALUES ('delete-all')", {})
      .status();
}

Status BeforeCopy(Transaction& transaction, std::string_view backend) {
  if (backend != "postgresql") return Status::Ok();
  return transaction.Execute("ALTER TABLE labels DISABLE TRIGGER label_search_insert", {}).status();
}

Status AfterCopy(Transaction& transaction, std::string_view backend) {
  if (backend != "postgresql") return Status::Ok();
  IOTMARK_RETURN_IF_ERROR(
      transaction.Query("SELECT iotmark_label_search_refresh(ARRAY(SELECT id FROM labels))", {})
          .status()
          .WithPrefix("store copy: building the label search index"));
  return transaction.Execute("ALTER TABLE labels ENABLE TRIGGER label_search_insert", {}).status();
}

// Empties the target: the search index first (its rows name labels), then
// every copied table, dependants first. Returns the rows deleted. On
// PostgreSQL one TRUNCATE of them all (transactional there): row-by-row
// DELETEs would check every foreign key against unindexed dead rows.
Result<std::int64_t> ClearTarget(Transaction& transaction, std::string_view backend,
                                 const std::vector<TableInfo>& ordered) {
  std::int64_t deleted = 0;
  for (const TableInfo& table : ordered) {
    auto count = transaction.QueryOne("SELECT COUNT(*) FROM " + Quote(table.name), {});
    if (!count.ok()) return count.status();
    deleted += *count ? (*count)->Int(0) : 0;
  }
  if (backend == "postgresql") {
    std::string tables = "label_search";
    for (const TableInfo& table : ordered) tables += ", " + Quote(table.name);
    IOTMARK_RETURN_IF_ERROR(transaction.Execute("TRUNCATE " + tables, {})
                                .status()
                                .WithPrefix("store copy: emptying the target"));
    return deleted;
  }
  IOTMARK_RETURN_IF_ERROR(ClearSearchIndex(transaction, backend));
  for (auto table = ordered.rbegin(); table != ordered.rend(); ++table) {
    auto rows = transaction.Execute("DELETE FROM " + Quote(table->name), {});
    if (!rows.ok()) return rows.status().WithPrefix("store copy: emptying " + table->name);
  }
  return deleted;
}

std::string SelectColumns(const TableInfo& table) {
  std::string columns;
  for (const std::string& column : table.columns) {
    columns += (columns.empty() ? "" : ", ") + Quote(column);
  }
  return columns;
}

// INSERT of `rows` rows at once.
std::string InsertStatement(const TableInfo& table, std::size_t rows) {
  std::string one = "(";
  for (std::size_t i = 0; i < table.columns.size(); ++i) one += i == 0 ? "?" : ", ?";
  one += ")";
  std::string sql = "INSERT INTO " + Quote(table.name) + " (" + SelectColumns(table) + ") VALUES ";
  for (std::size_t i = 0; i < rows; ++i) sql += (i == 0 ? "" : ", ") + one;
  return sql;
}

// Copies one table, page by page (keyset paging on the primary key).
Status CopyTable(Transaction& from, Transaction& to, const TableInfo& table,
                 const CopyOptions& options, const CopyProgress& progress, CopiedTable& copied) {
  const std::string select = "SELECT " + SelectColumns(table) + " FROM " + Quote(table.name);
  const std::size_t key_column =
      table.primary_key.empty()
          ? 0
          : static_cast<std::size_t>(
                std::find(table.columns.begin(), table.columns.end(), table.primary_key) -
                table.columns.begin());
  // At most ~2000 parameters per INSERT (both backends allow far more).
  const std::size_t batch =
      std::max<std::size_t>(1, 2000 / std::max<std::size_t>(1, table.columns.size()));
  const std::string full_insert = InsertStatement(table, batch);
  std::optional<Value> last_key;
  while (true) {
    const std::string order =
        table.primary_key.empty() ? "" : " ORDER BY " + Quote(table.primary_key) + " LIMIT ?";
    Result<std::vector<Row>> page =
        table.primary_key.empty() ? from.Query(select, {})
        : last_key ? from.Query(select + " WHERE " + Quote(table.primary_key) + " > ?" + order,
                                {*last_key, std::int64_t{options.page_rows}})
                   : from.Query(select + order, {std::int64_t{options.page_rows}});
    if (!page.ok()) return page.status().WithPrefix("store copy: reading " + table.name);
    for (std::size_t start = 0; start < page->size(); start += batch) {
      const std::size_t count = std::min(batch, page->size() - start);
      std::vector<Value> params;
      params.reserve(count * table.columns.size());
      for (std::size_t i = start; i < start + count; ++i) {
        const Row& row = (*page)[i];
        for (std::size_t column = 0; column < row.size(); ++column)
          params.push_back(row.at(column));
      }
      auto inserted =
          to.Execute(count == batch ? full_insert : InsertStatement(table, count), params);
      if (!inserted.ok()) return inserted.status().WithPrefix("store copy: writing " + table.name);
    }
    copied.rows += static_cast<std::int64_t>(page->size());
    if (table.primary_key.empty() || page->size() < static_cast<std::size_t>(options.page_rows)) {
      break;
    }
    last_key = page->back().at(key_column);
    if (progress) progress(copied, false);
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> CopiedTables(Store& store) {
  std::vector<std::string> names;
  Status status = store.RunReadOnly([&](Transaction& transaction) -> Status {
    auto tables = OrderedCatalog(transaction, store.BackendName());
    if (!tables.ok()) return tables.status();
    for (const TableInfo& table : *tables) names.push_back(table.name);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return names;
}

Result<CopyReport> CopyStore(Store& source, Store& target, const CopyOptions& options,
                             const CopyProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  if (&source == &target) {
    return Status::FailedPrecondition("store copy: the source and the target are the same store");
  }
  if (options.page_rows < 1) return Status::InvalidArgument("store copy: page_rows must be ≥ 1");
  CopyReport report;
  auto source_version = source.SchemaVersion();
  if (!source_version.ok()) return source_version.status().WithPrefix("store copy: source");
  auto target_version = target.SchemaVersion();
  if (!target_version.ok()) return target_version.status().WithPrefix("store copy: target");
  const int known = Migrations().back().version;
  if (*source_version != *target_version || *source_version != known) {
    return Status::FailedPrecondition(
        "store copy: schema versions differ: source " + std::to_string(*source_version) +
        ", target " + std::to_string(*target_version) + ", this iotmark " + std::to_string(known) +
        " (both stores are migrated when opened; a store newer than this iotmark needs a newer "
        "iotmark)");
  }
  report.schema_version = known;

  std::vector<TableInfo> ordered;
  Status status = target.RunInTransaction([&](Transaction& to) -> Status {
    auto target_tables = OrderedCatalog(to, target.BackendName());
    if (!target_tables.ok()) return target_tables.status().WithPrefix("target");
    return source.RunReadOnly([&](Transaction& from) -> Status {
      auto source_tables = OrderedCatalog(from, source.BackendName());
      if (!source_tables.ok()) return source_tables.status().WithPrefix("source");
      IOTMARK_RETURN_IF_ERROR(CompareCatalogs(*source_tables, *target_tables));
      ordered = *source_tables;
      // Refuse (or empty) a target holding registry data.
      std::string occupied;
      for (const TableInfo& table : *target_tables) {
        auto any = to.QueryOne("SELECT 1 FROM " + Quote(table.name) + " LIMIT 1", {});
        if (!any.ok()) return any.status();
        if (any->has_value()) occupied += (occupied.empty() ? "" : ", ") + table.name;
      }
      if (!occupied.empty()) {
        if (!options.replace) {
          return Status::FailedPrecondition(
              "store copy: the target already holds registry data (in " + occupied +
              "); copy into an empty store, or give --replace to delete the target's data "
              "first");
        }
        auto deleted = ClearTarget(to, target.BackendName(), *target_tables);
        if (!deleted.ok()) return deleted.status();
        report.replaced_rows = *deleted;
      }
      IOTMARK_RETURN_IF_ERROR(BeforeCopy(to, target.BackendName()));
      for (const TableInfo& table : ordered) {
        const auto table_start = std::chrono::steady_clock::now();
        CopiedTable copied{table.name, 0, 0};
        if (progress) progress(copied, false);
        IOTMARK_RETURN_IF_ERROR(CopyTable(from, to, table, options, progress, copied));
        copied.seconds = SecondsSince(table_start);
        report.rows += copied.rows;
        report.tables.push_back(copied);
        if (progress) progress(copied, true);
      }
      return AfterCopy(to, target.BackendName());
    });
  });
  if (!status.ok()) return status;
  IOTMARK_RETURN_IF_ERROR(target.SyncIdSequences().WithPrefix("store copy: id sequences"));
  // What arrived: every table's row count on the target.
  status = target.RunReadOnly([&](Transaction& transaction) -> Status {
    for (const CopiedTable& table : report.tables) {
      auto count = transaction.QueryOne("SELECT COUNT(*) FROM " + Quote(table.name), {});
      if (!count.ok()) return count.status();
      const std::int64_t rows = *count ? (*count)->Int(0) : -1;
      if (rows != table.rows) {
        return Status::Internal("store copy: " + table.name + " holds " + std::to_string(rows) +
                                " rows on the target after the copy, " +
                                std::to_string(table.rows) + " were copied");
      }
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace iotmark::store
