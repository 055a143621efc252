#include "web/web_site.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/log_text.h"
#include "crypto/random.h"
#include "server/api_error.h"
#include "web/monitoring_pages.h"

namespace iotmark::web {

Result<std::unique_ptr<WebSite>> WebSite::Create(WebDependencies dependencies) {
  Result<PageRenderer> renderer = PageRenderer::Create();
  if (!renderer.ok()) return renderer.status();
  if (!crypto::EnsureSodium()) return Status::Internal("libsodium could not start");
  std::string secret = crypto::RandomBytes(32);
  if (secret.size() != 32) return Status::Internal("no randomness for the CSRF secret");
  return std::unique_ptr<WebSite>(
      new WebSite(std::move(dependencies), std::move(renderer).value(), std::move(secret)));
}

WebSite::WebSite(WebDependencies dependencies, PageRenderer renderer, std::string secret)
    : dependencies_(std::move(dependencies)),
      renderer_(std::move(renderer)),
      csrf_(std::move(secret)) {}

void WebSite::AddRoutes(server::Router& router) {
  AddPublicRoutes(router, *this);
  AddAccountRoutes(router, *this);
  AddPortalRoutes(router, *this);
  AddConsoleRoutes(router, *this);
  AddFeedRoutes(router, *this);
  AddMonitoringPages(router, *this);
}

Language WebSite::LanguageOf(const server::HttpRequest& request) const {
  return ChooseLanguage(request.Query("lang").value_or(""),
                        request.Header("accept-language").value_or(""));
}

std::optional<WebSession> WebSite::CurrentSession(const server::HttpRequest& request) {
  const auto cookie_header = request.Header("cookie");
  if (!cookie_header) return std::nullopt;
  const auto cookies = ParseCookies(*cookie_header);
  const auto found = cookies.find(kSessionCookie);
  if (found == cookies.end() || found->second.empty()) return std::nullopt;
  Result<registry::Principal> principal = registry().Authenticate(found->second);
  if (!principal.ok()) return std::nullopt;
  return WebSession{*principal, found->second, csrf_.TokenFor("session|" + found->second)};
}

namespace {
std::int64_t DayNumber(TimePoint now) {
  return std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24;
}
}  // namespace

std::string WebSite::ReportToken(std::string_view regno) const {
  return csrf_.TokenFor("report|" + std::string(regno) + "|" +
                        std::to_string(DayNumber(clock().Now())));
}

bool WebSite::VerifyReportToken(std::string_view regno, std::string_view token) const {
  const std::int64_t today = DayNumber(clock().Now());
  for (std::int64_t day : {today, today - 1}) {
    if (csrf_.Verify("report|" + std::string(regno) + "|" + std::to_string(day), token)) {
      return true;
    }
  }
  return false;
}

server::HttpResponse WebSite::Page(int status, std::string_view template_name,
                                   const nlohmann::json& view, Language language,
                                   nlohmann::json page, const WebSession* session) {
  if (session != nullptr) {
    page["signed_in_as"] = session->principal.email;
    page["csrf_token"] = session->csrf_token;
  }
  server::HttpResponse response;
  Result<std::string> html = renderer_.RenderPage(template_name, view, language, page);
  if (!html.ok()) {
    response.status = 500;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "page rendering failed / ページを表示できません: " + html.status().ToString();
    return response;
  }
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(html).value();
  response.SetHeader("Content-Security-Policy", std::string(kPageContentSecurityPolicy));
  response.SetHeader("Content-Language", std::string(LanguageCode(language)));
  response.SetHeader("Vary", "Accept-Language, Cookie");
  if (session != nullptr) {
    response.SetHeader("Cache-Control", "no-store");
    response.log_subject = session->principal.email;
  }
  return response;
}

server::HttpResponse WebSite::MessagePage(int status, std::string_view title,
                                          std::string_view message, Language language,
                                          const WebSession* session) {
  return Page(status, "message.html", {{"title", title}, {"message", message}}, language,
              {{"title", std::string(title) + " — " + renderer_.Text("site_name", language)}},
              session);
}

server::HttpResponse WebSite::Redirect(std::string location) {
  server::HttpResponse response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.SetHeader("Location", location);
  response.body = "See " + location;
  return response;
}

Result<FormFields> WebSite::ReadSessionForm(const server::HttpRequest& request,
                                            const WebSession& session) const {
  Result<FormFields> form =
      ParseFormBody(request.Header("content-type").value_or(""), request.body);
  if (!form.ok()) return form.status();
  const auto token = form->find("csrf_token");
  if (token == form->end() || !csrf_.Verify("session|" + session.token, token->second)) {
    return Status::PermissionDenied(
        "フォームの検証 (CSRF) に失敗しました。ページを読み込み直してください / the form's CSRF "
        "token is missing or wrong; reload the page");
  }
  return form;
}

server::HttpResponse WebSite::SessionRequired(const server::HttpRequest& request,
                                              const std::optional<WebSession>& session) {
  const Language language = LanguageOf(request);
  if (!session) return Redirect("/signin");
  return MessagePage(403, renderer_.Text("error_title", language),
                     language == Language::kEnglish ? "Your account may not open this page."
                                                    : "このアカウントではこのページを開けません。",
                     language, &*session);
}

std::string StatusMessage(const Status& status) {
  // The field at fault is data (Status::field()); the text names it in front.
  if (server::HttpStatusFor(status.code()) < 500) return status.MessageWithField();
  // Internals (SQL, file paths, library messages) stay in the server log.
  spdlog::error("web page: {}", CutForLog(status.ToString(), 512));
  return "内部エラーが発生しました。時間をおいてもう一度お試しください / an internal error "
         "occurred; please try again later";
}

int HttpStatusOf(const Status& status) { return server::HttpStatusFor(status.code()); }

}  // namespace iotmark::web
