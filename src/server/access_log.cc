#include "server/access_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace iotmark::server {

namespace {

// Keeps log lines on one line and free of quotes that would confuse parsers.
std::string Sanitize(std::string_view text, size_t limit) {
  std::string out;
  for (char c : text.substr(0, limit)) {
    unsigned char byte = static_cast<unsigned char>(c);
    out.push_back(byte < 0x20 || byte == 0x7f || c == '"' ? '_' : c);
  }
  return out;
}

}  // namespace

std::string FormatAccessLine(const HttpRequest& request, const HttpResponse& response,
                             std::chrono::microseconds duration) {
  return fmt::format(
      "access remote={} method={} path=\"{}\" status={} bytes={} ms={:.3f} subject={}",
      Sanitize(request.remote_address, 64), Sanitize(request.method, 16),
      Sanitize(request.path, 256), response.status, response.body.size(),
      static_cast<double>(duration.count()) / 1000.0,
      response.log_subject.empty() ? "-" : Sanitize(response.log_subject, 64));
}

void LogAccess(const HttpRequest& request, const HttpResponse& response,
               std::chrono::microseconds duration) {
  spdlog::info("{}", FormatAccessLine(request, response, duration));
}

}  // namespace iotmark::server
