// Test support: every table that store copy copies (store/store_copy.h),
// its rows rendered with their value types and sorted (the backends order
// text differently), so two stores can be compared for identical contents.
#ifndef IOTMARK_STORE_TABLE_DUMP_FOR_TESTS_H_
#define IOTMARK_STORE_TABLE_DUMP_FOR_TESTS_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"
#include "store/store_copy.h"

namespace iotmark::store {

inline std::string RenderValueForTests(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return "NULL";
  if (const auto* integer = std::get_if<std::int64_t>(&value))
    return "i" + std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&value)) return "d" + std::to_string(*real);
  return "t'" + std::get<std::string>(value) + "'";
}

inline std::map<std::string, std::vector<std::string>> DumpTablesForTests(Store& store) {
  std::map<std::string, std::vector<std::string>> dump;
  auto tables = CopiedTables(store);
  EXPECT_TRUE(tables.ok()) << tables.status().ToString();
  if (!tables.ok()) return dump;
  Status status = store.RunReadOnly([&](Transaction& transaction) -> Status {
    for (const std::string& table : *tables) {
      auto rows = transaction.Query("SELECT * FROM " + table, {});
      if (!rows.ok()) return rows.status();
      auto& lines = dump[table];
      for (const Row& row : *rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) line += RenderValueForTests(row.at(i)) + "|";
        lines.push_back(line);
      }
      std::sort(lines.begin(), lines.end());
    }
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return dump;
}

// Rows over all dumped tables.
inline std::size_t DumpRowsForTests(const std::map<std::string, std::vector<std::string>>& dump) {
  std::size_t rows = 0;
  for (const auto& [table, lines] : dump) rows += lines.size();
  return rows;
}

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_TABLE_DUMP_FOR_TESTS_H_
