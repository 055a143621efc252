// Tells a reader that some process committed a write to the store, so caches
// built on the store (the server's label answers) can refresh at once instead
// of polling. Only PostgreSQL provides it (LISTEN/NOTIFY: every write
// transaction sends one notification, delivered at commit).
#ifndef IOTMARK_STORE_WRITE_WATCHER_H_
#define IOTMARK_STORE_WRITE_WATCHER_H_

#include <chrono>

namespace iotmark::store {

class WriteWatcher {
 public:
  virtual ~WriteWatcher() = default;
  // Blocks up to `timeout`. True when a write was committed since the last
  // call — or may have been: after a lost connection (re-established on the
  // next call) the watcher cannot know and says true. False on a quiet timeout.
  virtual bool Wait(std::chrono::milliseconds timeout) = 0;
};

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_WRITE_WATCHER_H_
