// WriteWatcher on PostgreSQL: a connection of its own that LISTENs on the
// channel PostgresStore notifies in every write transaction.
#ifndef IOTMARK_STORE_POSTGRES_WRITE_WATCHER_H_
#define IOTMARK_STORE_POSTGRES_WRITE_WATCHER_H_

#include <memory>
#include <string>

#include "store/write_watcher.h"

namespace iotmark::store {

// The channel name (an SQL identifier).
inline constexpr const char* kWriteChannel = "iotmark_writes";

// Connects lazily: construction never fails; a server that is away makes
// Wait sleep its timeout and answer true.
std::unique_ptr<WriteWatcher> MakePostgresWriteWatcher(std::string libpq_url);

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_POSTGRES_WRITE_WATCHER_H_
