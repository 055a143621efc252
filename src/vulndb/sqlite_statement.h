// A prepared SQLite statement that finalizes itself (internal to vulndb).
#ifndef IOTMARK_VULNDB_SQLITE_STATEMENT_H_
#define IOTMARK_VULNDB_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <string>

namespace iotmark::vulndb::internal {

class Statement {
 public:
  Statement(sqlite3* handle, const char* sql) {
    if (sqlite3_prepare_v2(handle, sql, -1, &statement_, nullptr) != SQLITE_OK) {
      error_ = sqlite3_errmsg(handle);
      statement_ = nullptr;
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return statement_ != nullptr; }
  const std::string& error() const { return error_; }
  sqlite3_stmt* get() const { return statement_; }
  void BindText(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.c_str(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }
  std::string ColumnText(int index) const {
    const unsigned char* text = sqlite3_column_text(statement_, index);
    return text ? reinterpret_cast<const char*>(text) : "";
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
  std::string error_;
};

}  // namespace iotmark::vulndb::internal

#endif  // IOTMARK_VULNDB_SQLITE_STATEMENT_H_
