// Signing in and out. The sign-in form is protected against login CSRF with a
// token bound to a random first-party cookie; a successful login sets the
// session cookie (HttpOnly, Secure, SameSite=Strict) and sends vendors to the
// portal, operators and auditors to the console.
#include "crypto/random.h"
#include "server/api_support.h"
#include "web/web_site.h"

namespace iotmark::web {
namespace {

using server::HttpRequest;
using server::HttpResponse;

std::string FormCookieValue(const HttpRequest& request) {
  const auto header = request.Header("cookie");
  if (!header) return "";
  const auto cookies = ParseCookies(*header);
  const auto found = cookies.find(kFormCookie);
  return found == cookies.end() ? "" : found->second;
}

HttpResponse SignInPage(WebSite& site, const HttpRequest& request, int status,
                        const std::string& error, const std::string& email) {
  const Language language = site.LanguageOf(request);
  std::string nonce = FormCookieValue(request);
  const bool new_nonce = nonce.size() < 16;
  if (new_nonce) nonce = crypto::RandomToken(24);
  nlohmann::json view = {
      {"csrf_token", site.csrf().TokenFor("signin|" + nonce)}, {"error", error}, {"email", email}};
  HttpResponse response = site.Page(status, "signin.html", view, language,
                                    {{"title", site.renderer().Text("sign_in", language) + " — " +
                                                   site.renderer().Text("site_name", language)}},
                                    nullptr);
  response.SetHeader("Cache-Control", "no-store");
  if (new_nonce) response.SetHeader("Set-Cookie", BuildCookie(kFormCookie, nonce, 3600));
  return response;
}

HttpResponse SignIn(WebSite& site, HttpRequest& request) {
  const Language language = site.LanguageOf(request);
  Result<FormFields> form =
      ParseFormBody(request.Header("content-type").value_or(""), request.body);
  if (!form.ok()) return SignInPage(site, request, 400, form.status().message(), "");
  const auto field = [&form](const char* name) {
    const auto found = form->find(name);
    return found == form->end() ? std::string() : found->second;
  };
  const std::string nonce = FormCookieValue(request);
  if (nonce.empty() || !site.csrf().Verify("signin|" + nonce, field("csrf_token"))) {
    return SignInPage(site, request, 403,
                      language == Language::kEnglish
                          ? "The form expired or was not sent from this site. Please try again."
                          : "フォームの有効期限が切れたか、このサイトから送信されていません。もう一"
                            "度お試しください。",
                      field("email"));
  }
  Result<registry::LoginResult> login =
      site.registry().Login(field("email"), field("password"), request.remote_address);
  if (!login.ok()) {
    if (login.status().code() == StatusCode::kResourceExhausted) {
      // Throttled (S1.1-04): 429 with Retry-After, in the page's language.
      const int seconds = server::RetryAfterSecondsFor(login.status());
      std::string message = site.renderer().Text("sign_in_throttled", language);
      const std::string placeholder = "{seconds}";
      if (auto at = message.find(placeholder); at != std::string::npos) {
        message.replace(at, placeholder.size(), std::to_string(seconds));
      }
      HttpResponse response = SignInPage(site, request, 429, message, field("email"));
      response.SetHeader("Retry-After", std::to_string(seconds));
      return response;
    }
    const std::string message = login.status().code() == StatusCode::kUnauthenticated
                                    ? site.renderer().Text("sign_in_failed", language)
                                    : StatusMessage(login.status());
    return SignInPage(site, request, HttpStatusOf(login.status()), message, field("email"));
  }
  const bool vendor = login->principal.role == registry::Role::kVendorMember;
  HttpResponse response = WebSite::Redirect(vendor ? "/portal" : "/console");
  const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(login->session.expires_at -
                                                                         site.clock().Now());
  response.SetHeader("Set-Cookie", BuildCookie(kSessionCookie, login->session.token,
                                               std::max<long>(1, lifetime.count())));
  response.log_subject = login->principal.email;
  return response;
}

HttpResponse SignOut(WebSite& site, HttpRequest& request) {
  std::optional<WebSession> session = site.CurrentSession(request);
  if (session) {
    Result<FormFields> form =
        ParseFormBody(request.Header("content-type").value_or(""), request.body);
    const std::string token =
        form.ok() && form->contains("csrf_token") ? form->at("csrf_token") : std::string();
    if (!site.csrf().Verify("session|" + session->token, token)) {
      return site.MessagePage(403, "CSRF", "フォームの検証に失敗しました / form check failed",
                              site.LanguageOf(request), &*session);
    }
    (void)site.registry().Logout(session->token);
  }
  HttpResponse response = WebSite::Redirect("/signin");
  response.SetHeader("Set-Cookie", BuildCookie(kSessionCookie, "", 0));
  return response;
}

}  // namespace

void AddAccountRoutes(server::Router& router, WebSite& site) {
  WebSite* s = &site;
  router.Add("GET", "/signin",
             [s](HttpRequest& request) { return SignInPage(*s, request, 200, "", ""); });
  router.Add("POST", "/signin", [s](HttpRequest& request) { return SignIn(*s, request); });
  router.Add("POST", "/signout", [s](HttpRequest& request) { return SignOut(*s, request); });
}

}  // namespace iotmark::web
