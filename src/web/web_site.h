// The web layer of `iotmark serve`: public product pages, search, feeds,
// the vendor portal and the operator console, registered on the server's
// Router beside the JSON API.
//
// Sessions: signing in calls RegistryService::Login and keeps the session
// token in a cookie (HttpOnly, Secure, SameSite=Strict). Every form carries a
// CSRF token (csrf.h) checked before any change; every HTML answer carries a
// strict Content-Security-Policy (no inline script or style). Public pages
// are cacheable (ETag, Last-Modified); signed-in pages are never cached.
//
// Thread-safety: after Create and AddRoutes, handlers may run on any number
// of server threads at once (all state is in the registry or immutable).
#ifndef IOTMARK_WEB_WEB_SITE_H_
#define IOTMARK_WEB_WEB_SITE_H_

#include <memory>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/status.h"
#include "crypto/signing.h"
#include "registry/findings.h"
#include "registry/registry_service.h"
#include "server/http_types.h"
#include "server/router.h"
#include "store/store.h"
#include "web/csrf.h"
#include "web/form_data.h"
#include "web/language.h"
#include "web/page_renderer.h"

namespace iotmark::web {

struct WebDependencies {
  registry::RegistryService& registry;
  const Clock& clock;
  const catalog::Catalog* catalog = nullptr;        // titles and crosswalk; may be null
  std::string public_url;                           // without trailing slash
  const crypto::SigningKey* signing_key = nullptr;  // signs the bulk export
  store::Store* store = nullptr;                    // SQLite: the FTS5 search index; may be null
  registry::FindingsService* findings = nullptr;    // SBOMs and findings; may be null
};

// A signed-in user as the web layer sees it.
struct WebSession {
  registry::Principal principal;
  std::string token;       // the registry session token (from the cookie)
  std::string csrf_token;  // for the forms of this session
};

class WebSite {
 public:
  static Result<std::unique_ptr<WebSite>> Create(WebDependencies dependencies);

  // Adds every page route. Call once, before the server runs.
  void AddRoutes(server::Router& router);

  // ---- shared by the route files (public_routes.cc, portal_routes.cc, …)
  registry::RegistryService& registry() { return dependencies_.registry; }
  const Clock& clock() const { return dependencies_.clock; }
  const catalog::Catalog* catalog() const { return dependencies_.catalog; }
  const std::string& public_url() const { return dependencies_.public_url; }
  const crypto::SigningKey* signing_key() const { return dependencies_.signing_key; }
  registry::FindingsService* findings() const { return dependencies_.findings; }
  const PageRenderer& renderer() const { return renderer_; }
  const CsrfGuard& csrf() const { return csrf_; }

  Language LanguageOf(const server::HttpRequest& request) const;
  // The signed-in user of the request's session cookie, if any.
  std::optional<WebSession> CurrentSession(const server::HttpRequest& request);

  // The form token of the public vulnerability-report form of `regno`, for
  // the current day; VerifyReportToken accepts today's and yesterday's.
  std::string ReportToken(std::string_view regno) const;
  bool VerifyReportToken(std::string_view regno, std::string_view token) const;

  // A full HTML page (layout + template) with the HTML security headers.
  server::HttpResponse Page(int status, std::string_view template_name, const nlohmann::json& view,
                            Language language, nlohmann::json page, const WebSession* session);
  // A small page with a heading and a message (errors, not found).
  server::HttpResponse MessagePage(int status, std::string_view title, std::string_view message,
                                   Language language, const WebSession* session);
  // The form of a POST by a signed-in user, once its CSRF token checks out
  // (kPermissionDenied otherwise, kInvalidArgument for an unreadable body).
  Result<FormFields> ReadSessionForm(const server::HttpRequest& request,
                                     const WebSession& session) const;
  // The answer to a page that needs a session: the sign-in page for nobody,
  // 403 for a signed-in user whose role is not allowed.
  server::HttpResponse SessionRequired(const server::HttpRequest& request,
                                       const std::optional<WebSession>& session);

  // 303 See Other to `location`.
  static server::HttpResponse Redirect(std::string location);

 private:
  WebSite(WebDependencies dependencies, PageRenderer renderer, std::string secret);

  WebDependencies dependencies_;
  PageRenderer renderer_;
  CsrfGuard csrf_;
};

// The Content-Security-Policy of every HTML page.
inline constexpr std::string_view kPageContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

inline constexpr std::string_view kSessionCookie = "iotmark_session";
inline constexpr std::string_view kFormCookie = "iotmark_form";

// Route groups (one file each).
void AddPublicRoutes(server::Router& router, WebSite& site);
void AddAccountRoutes(server::Router& router, WebSite& site);
void AddPortalRoutes(server::Router& router, WebSite& site);
void AddConsoleRoutes(server::Router& router, WebSite& site);
void AddFeedRoutes(server::Router& router, WebSite& site);

// Words for a registry Status in `language` (the registry's messages are
// already bilingual; this adds nothing but a fallback), with the field at
// fault (Status::field()) named in front. A 5xx Status is logged and shown as
// a generic message: internals never reach a page.
std::string StatusMessage(const Status& status);
// The HTTP status for a registry error (400, 401, 403, 404, 409, 429, 500).
int HttpStatusOf(const Status& status);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_WEB_SITE_H_
