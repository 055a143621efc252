// http-basic, http-form and http-digest logins (net::HttpFetch, one
// connection per request).
//
// Redirects are followed up to 5 times within the same origin (scheme, host
// and port of web.base_url): 307/308 and the directory-slash redirect
// (`/login` → `/login/`) repeat the same request with its credentials; other
// 301/302/303 continue as GET (what a browser does) with the cookies set so
// far. A redirect elsewhere, or more than 5, is kOther.
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <strings.h>

#include <map>
#include <regex>

#include "devtest/login/login_kinds.h"
#include "net/http_client.h"

namespace iotmark::devtest::login {
namespace {

constexpr int kMaxRedirects = 5;

std::string Hex(const unsigned char* data, unsigned size) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 15];
  }
  return out;
}

std::string HashHex(const EVP_MD* md, const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, md, nullptr);
  return Hex(digest, size);
}

// "scheme://authority" of a URL, and the path part.
std::pair<std::string, std::string> SplitOrigin(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {"", url};
  size_t slash = url.find('/', scheme + 3);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

std::string CookieOf(const std::string& set_cookie) {
  return set_cookie.substr(0, set_cookie.find(';'));
}

class HttpLoginClient : public LoginClient {
 public:
  explicit HttpLoginClient(const Target& target)
      : login_(*target.login),
        base_url_(target.web->base_url),
        allow_non_loopback_(target.authorization.has_value()) {}  // checked by devtest run

  std::string Describe() const override {
    return std::string(LoginKindName(login_.kind)) + " " + base_url_ + login_.path;
  }

  LoginAttempt Try(const std::string& username, const std::string& password,
                   int timeout_ms) const override {
    LoginAttempt attempt;
    auto start = std::chrono::steady_clock::now();
    net::HttpRequest request;
    request.url = base_url_ + login_.path;
    request.allow_non_loopback = allow_non_loopback_;
    request.timeout = std::chrono::milliseconds(timeout_ms);
    if (login_.kind == LoginKind::kHttpBasic) {
      request.headers.emplace_back("Authorization",
                                   net::BasicAuthorizationHeader(username, password));
    } else if (login_.kind == LoginKind::kHttpForm) {
      request.method = "POST";
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      request.body = net::FormUrlEncode(
          {{login_.username_field, username}, {login_.password_field, password}});
    }
    std::string cookies;
    bool no_challenge = false;
    Result<net::HttpResponse> response = Status::Unavailable("not sent");
    for (int hop = 0;; ++hop) {
      response = Send(request, username, password, cookies, &no_challenge);
      if (!response.ok()) break;
      if (response->tls && attempt.tls_note.empty()) attempt.tls_note = TlsNote(*response);
      if (std::string set = response->Header("set-cookie"); !set.empty()) {
        attempt.set_cookie = set;
        cookies = CookieOf(set);
      }
      int status = response->status;
      if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
        break;
      }
      std::string location = response->Header("location");
      if (location.empty() || hop >= kMaxRedirects) break;
      auto [origin, path] = SplitOrigin(request.url);
      std::string next;
      if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0) {
        if (SplitOrigin(location).first != origin) {
          attempt.redirects.push_back(location);
          attempt.outcome = LoginOutcome::kOther;
          attempt.http_status = status;
          attempt.detail = "HTTP " + std::to_string(status) + " redirect to another origin (" +
                           location + "), not followed";
          attempt.elapsed_ms = MillisecondsSince(start);
          return attempt;
        }
        next = location;
      } else if (!location.empty() && location[0] == '/') {
        next = origin + location;
      } else {
        std::string directory = path.substr(0, path.rfind('/') + 1);
        next = origin + directory + location;
      }
      attempt.redirects.push_back(location);
      std::string next_path = SplitOrigin(next).second;
      bool slash_redirect = next_path == path + "/";
      if (!(status == 307 || status == 308 || slash_redirect) && request.method != "GET") {
        request.method = "GET";
        request.body.clear();
        std::erase_if(request.headers,
                      [](const auto& header) { return header.first == "Content-Type"; });
      }
      request.url = next;
    }
    attempt.elapsed_ms = MillisecondsSince(start);
    if (!response.ok()) {
      attempt.outcome = LoginOutcome::kConnectionFailed;
      attempt.detail = response.status().message();
      return attempt;
    }
    attempt.http_status = response->status;
    attempt.retry_after = response->Header("retry-after");
    attempt.body = response->body.substr(0, 65536);
    attempt.outcome = Classify(*response);
    attempt.detail = "HTTP " + std::to_string(response->status);
    if (!attempt.redirects.empty()) {
      attempt.detail += " after " + std::to_string(attempt.redirects.size()) + " redirect(s)";
      if (response->status >= 300 && response->status < 400) {
        attempt.detail += " (more than " + std::to_string(kMaxRedirects) + ", stopped)";
      }
    }
    if (attempt.outcome == LoginOutcome::kOther && no_challenge) {
      attempt.detail += ": no Digest challenge in WWW-Authenticate";
    }
    return attempt;
  }

 private:
  // One request; for http-digest, answers the challenge of a 401.
  Result<net::HttpResponse> Send(net::HttpRequest request, const std::string& username,
                                 const std::string& password, const std::string& cookies,
                                 bool* no_challenge) const {
    if (!cookies.empty()) request.headers.emplace_back("Cookie", cookies);
    Result<net::HttpResponse> response = net::HttpFetch(request);
    if (login_.kind != LoginKind::kHttpDigest || !response.ok() || response->status != 401) {
      return response;
    }
    std::optional<std::string> authorization =
        DigestAuthorization(response->Header("www-authenticate"), username, password,
                            request.method, SplitOrigin(request.url).second);
    if (!authorization) {
      *no_challenge = true;
      response->status = 0;  // classified as kOther below
      return response;
    }
    request.headers.emplace_back("Authorization", *authorization);
    return net::HttpFetch(request);
  }

  LoginOutcome Classify(const net::HttpResponse& response) const {
    int status = response.status;
    bool form = login_.kind == LoginKind::kHttpForm;
    if (status >= 200 && status < 300) {
      if (!form || response.body.find(login_.success_marker) != std::string::npos) {
        return LoginOutcome::kAccepted;
      }
      return LoginOutcome::kRefused;
    }
    if (status == 429 || status == 423 || status == 503 || status == 403 ||
        !response.Header("retry-after").empty()) {
      return LoginOutcome::kBlocked;
    }
    if (status == 401) return LoginOutcome::kRefused;
    return LoginOutcome::kOther;
  }

  static std::string TlsNote(const net::HttpResponse& response) {
    const net::TlsFacts& tls = response.tls_facts;
    return tls.protocol + " " + tls.cipher + ", certificate " + tls.subject + " issued by " +
           tls.issuer + (tls.self_signed ? " (self-signed)" : "") + ", valid until " +
           tls.not_after + " — not verified (device test), recorded";
  }

  LoginSection login_;
  std::string base_url_;
  bool allow_non_loopback_ = false;
};

}  // namespace

std::optional<std::string> DigestAuthorization(const std::string& www_authenticate,
                                               const std::string& username,
                                               const std::string& password,
                                               const std::string& method, const std::string& uri) {
  size_t at = std::string::npos;
  for (size_t i = 0; i + 6 <= www_authenticate.size(); ++i) {
    if (strncasecmp(www_authenticate.c_str() + i, "digest", 6) == 0 &&
        (i == 0 || www_authenticate[i - 1] == ' ' || www_authenticate[i - 1] == ',')) {
      at = i + 6;
      break;
    }
  }
  if (at == std::string::npos) return std::nullopt;
  std::map<std::string, std::string> params;
  static const std::regex kParam(R"re(\s*,?\s*([A-Za-z0-9_-]+)=("([^"]*)"|([^,\s]*)))re");
  std::string rest = www_authenticate.substr(at);
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), kParam);
       it != std::sregex_iterator(); ++it) {
    std::string key = (*it)[1].str();
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (params.count(key)) break;  // the next challenge starts
    params[key] = (*it)[3].matched ? (*it)[3].str() : (*it)[4].str();
  }
  if (!params.count("nonce") || !params.count("realm")) return std::nullopt;
  std::string algorithm = params.count("algorithm") ? params["algorithm"] : "MD5";
  std::string upper = algorithm;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const EVP_MD* md = nullptr;
  if (upper == "MD5" || upper == "MD5-SESS") md = EVP_md5();
  if (upper == "SHA-256" || upper == "SHA-256-SESS") md = EVP_sha256();
  if (!md) return std::nullopt;
  bool sess = upper.size() > 5 && upper.substr(upper.size() - 5) == "-SESS";
  unsigned char raw[8];
  RAND_bytes(raw, sizeof raw);
  std::string cnonce = Hex(raw, sizeof raw);
  std::string nc = "00000001";
  const std::string& realm = params["realm"];
  const std::string& nonce = params["nonce"];
  std::string ha1 = HashHex(md, username + ":" + realm + ":" + password);
  if (sess) ha1 = HashHex(md, ha1 + ":" + nonce + ":" + cnonce);
  std::string ha2 = HashHex(md, method + ":" + uri);
  bool qop_auth = false;
  if (params.count("qop")) {
    std::string qop = params["qop"];
    qop_auth = std::regex_search(qop, std::regex("(^|[ ,])auth($|[ ,])"));
    if (!qop_auth) return std::nullopt;  // auth-int only
  }
  std::string response =
      qop_auth ? HashHex(md, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
               : HashHex(md, ha1 + ":" + nonce + ":" + ha2);
  std::string header = "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" +
                       nonce + "\", uri=\"" + uri + "\", algorithm=" + algorithm + ", response=\"" +
                       response + "\"";
  if (qop_auth) header += ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
  if (params.count("opaque")) header += ", opaque=\"" + params["opaque"] + "\"";
  return header;
}

std::unique_ptr<LoginClient> MakeHttpLoginClient(const Target& target) {
  return std::make_unique<HttpLoginClient>(target);
}

}  // namespace iotmark::devtest::login
