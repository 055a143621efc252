// The structured access log: one line per request through spdlog, as
// key=value pairs (remote, method, path, status, bytes, ms, subject).
// It never records the query string's secrets, headers, or bodies: only the
// path (without query), and the subject a handler chose (a user id). Every
// value is cut and escaped (common/log_text.h): raw bytes such as \xff or a
// newline never reach the line.
#ifndef IOTMARK_SERVER_ACCESS_LOG_H_
#define IOTMARK_SERVER_ACCESS_LOG_H_

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"
#include "server/http_types.h"

namespace iotmark::server {

// The line that LogAccess writes (without the logger's prefix).
std::string FormatAccessLine(const HttpRequest& request, const HttpResponse& response,
                             std::chrono::microseconds duration);

void LogAccess(const HttpRequest& request, const HttpResponse& response,
               std::chrono::microseconds duration);

// Where access lines go: "-" the process log (stderr, the default), "off"
// nowhere, or a file path (appended, buffered and flushed every second, as a
// busy server's access log should be). Call before serving starts; not
// thread-safe against LogAccess. kIoError when the file cannot be opened.
Status ConfigureAccessLog(std::string_view target);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_ACCESS_LOG_H_
