#include "server/request_pipeline.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "server/access_log.h"
#include "server/api_error.h"

namespace iotmark::server {
namespace {

// Routes the process log (and the access log) into a string for one test.
class CapturedLog {
 public:
  CapturedLog() {
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
    EXPECT_TRUE(ConfigureAccessLog("-").ok());
  }
  ~CapturedLog() {
    spdlog::set_default_logger(previous_);
    (void)ConfigureAccessLog("-");
  }
  std::string text() const { return stream_.str(); }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> previous_;
};

Router TestRouter() {
  Router router;
  router.Add("GET", "/api/v1/labels", [](HttpRequest& request) {
    HttpResponse response;
    response.body = nlohmann::json{{"q", request.Query("q").value_or("")}}.dump();
    return response;
  });
  router.Add("GET", "/search", [](HttpRequest&) { return HttpResponse{}; });
  router.Add("POST", "/throws", [](HttpRequest&) -> HttpResponse {
    throw std::out_of_range("secret internals " + std::string(100000, '9'));
  });
  router.Add("GET", "/internal", [](HttpRequest&) {
    return ErrorFromStatus(Status::Internal("sqlite: unterminated string (in: SELECT l.id …)"));
  });
  return router;
}

HttpResponse Get(const Router& router, std::string method, std::string target) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.remote_address = "127.0.0.1";
  return HandleRequest(router, request);
}

// Issue 11: control characters and NUL in a query parameter are a 400 that
// names the parameter, before any handler (or search index) sees them.
TEST(RequestPipelineTest, ControlCharactersInQueryAre400NamingTheParameter) {
  CapturedLog log;
  Router router = TestRouter();
  for (std::string target : {"/api/v1/labels?q=%00%00%00", "/api/v1/labels?q=Cam%00",
                             "/api/v1/labels?q=%00", "/api/v1/labels?page=1&q=a%0Ab",
                             "/api/v1/labels?q=%FF%FE"}) {
    HttpResponse response = Get(router, "GET", target);
    EXPECT_EQ(response.status, 400) << target;
    auto error = nlohmann::json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], "invalid_query") << target;
    EXPECT_EQ(error["field"], "q") << target;
  }
  HttpResponse page = Get(router, "GET", "/search?q=abc%00");
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("<code>q</code>"), std::string::npos);
  // Ordinary text, Japanese included, still reaches the handler.
  HttpResponse fine = Get(router, "GET", "/api/v1/labels?q=%E3%82%AB%E3%83%A1%E3%83%A9+NC");
  EXPECT_EQ(fine.status, 200);
  EXPECT_EQ(nlohmann::json::parse(fine.body)["q"], "カメラ NC");
}

// A handler that throws: 500 without internals in the answer, an error line
// with type, route and the message cut, and still an access-log line.
TEST(RequestPipelineTest, ThrowingHandlerIsLogged500WithAccessLine) {
  CapturedLog log;
  Router router = TestRouter();
  HttpResponse response = Get(router, "POST", "/throws");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
  std::string text = log.text();
  EXPECT_NE(text.find("std::out_of_range"), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("route=\"POST /throws\""), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("secret internals"), std::string::npos);
  EXPECT_NE(text.find("access remote=127.0.0.1 method=POST path=\"/throws\" status=500"),
            std::string::npos)
      << text.substr(0, 2000);
  EXPECT_LT(text.size(), 2000u);  // the 100 kB message is cut
}

TEST(RequestPipelineTest, InternalStatusIsLoggedNotShown) {
  CapturedLog log;
  Router router = TestRouter();
  HttpResponse response = Get(router, "GET", "/internal");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos);
  EXPECT_NE(log.text().find("sqlite: unterminated string"), std::string::npos) << log.text();
}

// Attacker bytes in the path reach the access log escaped, one line, bounded.
TEST(RequestPipelineTest, AccessLogEscapesAndCutsThePath) {
  CapturedLog log;
  Router router = TestRouter();
  Get(router, "GET", "/%FF%FE%0Aforged=1%22" + std::string(5000, 'a'));
  std::string text = log.text();
  EXPECT_NE(text.find("path=\"/\\xff\\xfe\\nforged=1\\\""), std::string::npos) << text;
  EXPECT_EQ(text.find('\xff'), std::string::npos);
  EXPECT_LT(text.size(), 600u);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

}  // namespace
}  // namespace iotmark::server
