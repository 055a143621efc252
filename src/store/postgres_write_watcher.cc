#include "store/postgres_write_watcher.h"

#include <pqxx/pqxx>
#include <thread>

namespace iotmark::store {

namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& connection, bool& fired)
      : pqxx::notification_receiver(connection, kWriteChannel), fired_(fired) {}
  void operator()(const std::string&, int) override { fired_ = true; }

 private:
  bool& fired_;
};

class PostgresWriteWatcher final : public WriteWatcher {
 public:
  explicit PostgresWriteWatcher(std::string libpq_url) : libpq_url_(std::move(libpq_url)) {}
  ~PostgresWriteWatcher() override { Disconnect(); }

  bool Wait(std::chrono::milliseconds timeout) override {
    if (!connection_ && !Connect()) {
      std::this_thread::sleep_for(timeout);
      return true;
    }
    if (reconnected_) {  // writes during the gap went unnoticed
      reconnected_ = false;
      return true;
    }
    fired_ = false;
    try {
      connection_->get_notifs();
      if (!fired_) {
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
        connection_->await_notification(micros / 1000000, micros % 1000000);
      }
      return fired_;
    } catch (const std::exception&) {
      Disconnect();
      return true;
    }
  }

 private:
  bool Connect() {
    try {
      connection_ = std::make_unique<pqxx::connection>(libpq_url_);
      receiver_ = std::make_unique<Receiver>(*connection_, fired_);
      reconnected_ = true;
      return true;
    } catch (const std::exception&) {
      Disconnect();
      return false;
    }
  }
  void Disconnect() {
    receiver_.reset();  // unregisters from the connection, so first
    connection_.reset();
  }

  std::string libpq_url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<Receiver> receiver_;
  bool fired_ = false;
  bool reconnected_ = false;
};

}  // namespace

std::unique_ptr<WriteWatcher> MakePostgresWriteWatcher(std::string libpq_url) {
  return std::make_unique<PostgresWriteWatcher>(std::move(libpq_url));
}

}  // namespace iotmark::store
