// The last-modified window of `iotmark vulndb update`, kept in the vulndb
// file itself (its own table update_window, one row), so the next update
// imports only CVE records NVD changed after the newest one already
// imported. Times are NVD's lastModified strings ("2025-03-20T21:15:16.550"),
// which order correctly as text.
#ifndef IOTMARK_MONITORING_UPDATE_WINDOW_H_
#define IOTMARK_MONITORING_UPDATE_WINDOW_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/status.h"

namespace iotmark::monitoring {

struct UpdateWindow {
  std::string first_last_modified;  // oldest lastModified imported by the updates
  std::string last_modified;        // newest lastModified imported (the window's end)
  std::string updated_at;           // ISO 8601 UTC of the last update
  std::int64_t updates = 0;         // how many updates ran
};

// nullopt when no update ran on this database yet. kIoError naming the path.
Result<std::optional<UpdateWindow>> ReadUpdateWindow(const std::filesystem::path& database);
Status WriteUpdateWindow(const std::filesystem::path& database, const UpdateWindow& window);

}  // namespace iotmark::monitoring

#endif  // IOTMARK_MONITORING_UPDATE_WINDOW_H_
