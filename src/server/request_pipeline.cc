#include "server/request_pipeline.h"

#include <cxxabi.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <typeinfo>

#include "common/log_text.h"
#include "common/utf8.h"
#include "common/xml_escape.h"
#include "server/access_log.h"
#include "server/api_error.h"
#include "server/response_policy.h"

namespace iotmark::server {

namespace {

// The name of the first query parameter whose name or value holds a control
// character (NUL included) or is not UTF-8; nullopt when all are clean.
std::optional<std::string> BadQueryParameter(const std::map<std::string, std::string>& query) {
  auto bad = [](std::string_view text) {
    for (char c : text) {
      unsigned char byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7f) return true;
    }
    return FindInvalidUtf8(text).has_value();
  };
  for (const auto& [name, value] : query) {
    if (bad(name) || bad(value)) return name;
  }
  return std::nullopt;
}

// 400 for a refused query parameter: JSON under /api/, a small page elsewhere.
HttpResponse BadQueryResponse(const HttpRequest& request, const std::string& name) {
  std::string shown = CutForLog(name, 64);
  if (request.path.rfind("/api/", 0) == 0) {
    return ErrorResponse(400, "invalid_query",
                         "クエリパラメータ " + shown +
                             " に制御文字・不正なUTF-8は使えません / query parameter " + shown +
                             " must not hold control characters or invalid UTF-8",
                         shown);
  }
  HttpResponse response;
  response.status = 400;
  response.content_type = "text/html; charset=utf-8";
  std::string escaped = XmlEscape(shown);
  response.body =
      "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>400 "
      "リクエストが正しくありません / Bad request</title></head><body><h1>リクエストが正しくありません "
      "/ Bad request</h1><p>検索条件 <code>" +
      escaped + "</code> に制御文字・不正なUTF-8は使えません。</p><p lang=\"en\">Query parameter <code>" +
      escaped + "</code> must not hold control characters or invalid UTF-8.</p></body></html>\n";
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

std::string TypeName(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && demangled ? demangled.get() : type.name();
}

// Runs the router; an escaping exception becomes a logged 500 (what threw,
// on which route, its message cut) so the request still gets its access line.
HttpResponse DispatchGuarded(const Router& router, HttpRequest& request) {
  std::string thrown;
  try {
    return router.Dispatch(request);
  } catch (const std::exception& error) {
    thrown = fmt::format("{}: {}", TypeName(typeid(error)), CutForLog(error.what()));
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    thrown = type != nullptr ? TypeName(*type) : "unknown exception";
  }
  HttpResponse response = ErrorResponse(500, "internal", "内部エラー / internal error");
  response.log_detail = "threw " + thrown;
  return response;
}

}  // namespace

HttpResponse HandleRequest(const Router& router, HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  HttpResponse response;
  if (!ParseTarget(request.target, request.path, request.query)) {
    request.path.assign(1, '-');  // (not = "-": g++ 12 -Wrestrict false positive)
    response = ErrorResponse(400, "bad_target", "URLが正しくありません / malformed request target");
  } else if (auto bad = BadQueryParameter(request.query)) {
    response = BadQueryResponse(request, *bad);
  } else {
    response = DispatchGuarded(router, request);
    ApplyConditionalGet(request, response);
  }
  AddSecurityHeaders(response);
  if (response.status >= 500) {
    spdlog::error("request failed: status={} route=\"{} {}\" error=\"{}\"", response.status,
                  CutForLog(request.method, 16), CutForLog(request.path),
                  response.log_detail.empty() ? "-" : CutForLog(response.log_detail, 512));
  }
  LogAccess(request, response,
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  started));
  return response;
}

}  // namespace iotmark::server
