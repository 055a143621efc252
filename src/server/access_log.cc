#include "server/access_log.h"

#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "common/log_text.h"

namespace iotmark::server {

namespace {

// Null: access logging off. Set before serving starts (ConfigureAccessLog).
std::shared_ptr<spdlog::logger>& AccessLogger() {
  static std::shared_ptr<spdlog::logger> logger = spdlog::default_logger();
  return logger;
}

}  // namespace

std::string FormatAccessLine(const HttpRequest& request, const HttpResponse& response,
                             std::chrono::microseconds duration) {
  return fmt::format(
      "access remote={} method={} path=\"{}\" status={} bytes={} ms={:.3f} subject={}",
      CutForLog(request.remote_address, 64), CutForLog(request.method, 16),
      CutForLog(request.path, 256), response.status, response.body.size(),
      static_cast<double>(duration.count()) / 1000.0,
      response.log_subject.empty() ? "-" : CutForLog(response.log_subject, 64));
}

void LogAccess(const HttpRequest& request, const HttpResponse& response,
               std::chrono::microseconds duration) {
  const std::shared_ptr<spdlog::logger>& logger = AccessLogger();
  if (logger) logger->info("{}", FormatAccessLine(request, response, duration));
}

Status ConfigureAccessLog(std::string_view target) {
  if (target == "-") {
    AccessLogger() = spdlog::default_logger();
    return Status::Ok();
  }
  if (target == "off") {
    AccessLogger() = nullptr;
    return Status::Ok();
  }
  try {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(std::string(target));
    auto logger = std::make_shared<spdlog::logger>("iotmark-access", sink);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
    logger->flush_on(spdlog::level::err);
    spdlog::flush_every(std::chrono::seconds(1));
    spdlog::register_logger(logger);
    AccessLogger() = std::move(logger);
  } catch (const spdlog::spdlog_ex& error) {
    return Status::IoError("--access-log " + std::string(target) + ": " + error.what());
  }
  return Status::Ok();
}

}  // namespace iotmark::server
