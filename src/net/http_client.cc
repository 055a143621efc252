#include "net/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <optional>

#include "common/beast.h"
#include "net/address.h"
#include "net/host_pins.h"

namespace iotmark::net {
namespace {

namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

}  // namespace

Result<ParsedUrl> ParseUrl(const std::string& url) {
  ParsedUrl parsed;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    parsed.tls = true;
    rest = url.substr(8);
  } else {
    return Status::InvalidArgument("URL '" + url + "' must start with http:// or https://");
  }
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  parsed.target = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return Status::InvalidArgument("URL '" + url + "': bad [host]");
    parsed.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      port_text = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    parsed.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  int port = parsed.tls ? 443 : 80;
  if (!port_text.empty()) {
    try {
      size_t used = 0;
      port = std::stoi(port_text, &used);
      if (used != port_text.size()) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (port < 1 || port > 65535) return Status::InvalidArgument("URL '" + url + "': bad port");
  parsed.port = static_cast<std::uint16_t>(port);
  if (!HostSyntaxError(parsed.host).empty()) {
    return Status::InvalidArgument("URL '" + url + "': host: " + HostSyntaxError(parsed.host));
  }
  return parsed;
}

namespace {

int OpenSslVersion(TlsProtocol protocol) {
  switch (protocol) {
    case TlsProtocol::kTls10:
      return TLS1_VERSION;
    case TlsProtocol::kTls11:
      return TLS1_1_VERSION;
    case TlsProtocol::kTls12:
      return TLS1_2_VERSION;
    case TlsProtocol::kTls13:
      return TLS1_3_VERSION;
    case TlsProtocol::kAny:
      return 0;
  }
  return 0;
}

std::string AsnTimeIso(const ASN1_TIME* time) {
  std::tm parts{};
  if (!time || ASN1_TIME_to_tm(time, &parts) != 1) return "";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string NameLine(X509_NAME* name) {
  char* line = X509_NAME_oneline(name, nullptr, 0);
  std::string text = line ? line : "";
  OPENSSL_free(line);
  return text;
}

TlsFacts ReadTlsFacts(SSL* connection) {
  TlsFacts facts;
  facts.protocol = SSL_get_version(connection);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(connection)) {
    facts.cipher = SSL_CIPHER_get_name(cipher);
  }
  X509* certificate = SSL_get1_peer_certificate(connection);
  if (!certificate) return facts;
  facts.subject = NameLine(X509_get_subject_name(certificate));
  facts.issuer = NameLine(X509_get_issuer_name(certificate));
  facts.not_before = AsnTimeIso(X509_get0_notBefore(certificate));
  facts.not_after = AsnTimeIso(X509_get0_notAfter(certificate));
  facts.self_signed = X509_check_issued(certificate, certificate) == X509_V_OK;
  if (EVP_PKEY* key = X509_get0_pubkey(certificate)) {
    facts.public_key =
        std::string(EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "?") + " " +
        std::to_string(EVP_PKEY_get_bits(key));
  }
  facts.signature_algorithm = OBJ_nid2ln(X509_get_signature_nid(certificate));
  X509_free(certificate);
  return facts;
}

template <typename Stream>
asio::awaitable<void> Exchange(Stream& stream, const HttpRequest& request, const ParsedUrl& url,
                               HttpResponse& response, boost::system::error_code& error) {
  http::request<http::string_body> message{http::string_to_verb(request.method), url.target, 11};
  // RFC 7230 §5.4 / RFC 3986 §3.2.2: an IPv6 literal goes in brackets ("[::1]:8080").
  bool ipv6 = url.host.find(':') != std::string::npos;
  message.set(http::field::host,
              (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port));
  message.set(http::field::user_agent, "iotmark-devtest");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    message.prepare_payload();
  }
  message.keep_alive(false);
  co_await http::async_write(stream, message, asio::redirect_error(asio::use_awaitable, error));
  if (error) co_return;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 << 20);
  if (request.method == "HEAD") parser.skip(true);
  co_await http::async_read(stream, buffer, parser,
                            asio::redirect_error(asio::use_awaitable, error));
  if (error) co_return;
  auto& answer = parser.get();
  response.status = static_cast<int>(answer.result_int());
  for (const auto& field : answer) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string& slot = response.headers[name];
    slot = slot.empty() ? std::string(field.value()) : slot + ", " + std::string(field.value());
  }
  response.body = answer.body();
}

asio::awaitable<void> Fetch(const HttpRequest& request, const ParsedUrl& url,
                            const std::string& connect_address, ssl::context* tls_context,
                            HttpResponse& response, std::string& failure) {
  auto executor = co_await asio::this_coro::executor;
  boost::system::error_code error;
  asio::ip::address address = asio::ip::make_address(connect_address, error);
  if (error) {
    failure = "'" + connect_address + "' is not an IP address";
    co_return;
  }
  tcp::endpoint endpoint(address, url.port);
  beast::tcp_stream plain(executor);
  plain.expires_after(request.timeout);
  co_await plain.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    failure =
        "cannot connect to " + url.host + ":" + std::to_string(url.port) + ": " + error.message();
    co_return;
  }
  if (!tls_context) {
    co_await Exchange(plain, request, url, response, error);
    if (error) failure = "HTTP exchange failed: " + error.message();
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> secure(std::move(plain), *tls_context);
  // SNI carries a host name (never a literal, RFC 6066 §3).
  if (!IsIpLiteral(url.host)) SSL_set_tlsext_host_name(secure.native_handle(), url.host.c_str());
  co_await secure.async_handshake(ssl::stream_base::client,
                                  asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    failure = "TLS handshake failed: " + error.message();
    co_return;
  }
  response.tls = true;
  response.tls_facts = ReadTlsFacts(secure.native_handle());
  co_await Exchange(secure, request, url, response, error);
  if (error && error != asio::ssl::error::stream_truncated) {
    failure = "HTTPS exchange failed: " + error.message();
    co_return;
  }
  co_await secure.async_shutdown(asio::redirect_error(asio::use_awaitable, error));
}

}  // namespace

std::string HttpResponse::Header(const std::string& lower_case_name) const {
  auto found = headers.find(lower_case_name);
  return found == headers.end() ? "" : found->second;
}

Result<HttpResponse> HttpFetch(const HttpRequest& request) {
  Result<ParsedUrl> url = ParseUrl(request.url);
  if (!url.ok()) return url.status();
  // A host name connects through its pin (net/host_pins.h), never resolved here.
  Result<std::string> connect_address = ConnectAddressFor(url->host);
  if (!connect_address.ok()) {
    return Status::InvalidArgument("URL '" + request.url + "': " + connect_address.status().message());
  }
  if (!request.allow_non_loopback && !IsLoopbackAddress(*connect_address)) {
    return Status::InvalidArgument("URL '" + request.url +
                                   "': only loopback hosts may be contacted");
  }
  std::optional<ssl::context> tls_context;
  if (url->tls) {
    tls_context.emplace(ssl::context::tls_client);
    SSL_CTX* native = tls_context->native_handle();
    // Evidence gathering, not trust: accept the device's self-signed
    // certificate, and allow old protocols so they can be detected.
    SSL_CTX_set_verify(native, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_security_level(native, 0);
    SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
    if (int minimum = OpenSslVersion(request.tls_min))
      SSL_CTX_set_min_proto_version(native, minimum);
    if (int maximum = OpenSslVersion(request.tls_max))
      SSL_CTX_set_max_proto_version(native, maximum);
  }
  asio::io_context io(1);
  HttpResponse response;
  std::string failure;
  auto start = std::chrono::steady_clock::now();
  asio::co_spawn(io,
                 Fetch(request, *url, *connect_address, tls_context ? &*tls_context : nullptr,
                       response, failure),
                 [&failure](std::exception_ptr exception) {
                   if (!exception) return;
                   try {
                     std::rethrow_exception(exception);
                   } catch (const std::exception& error) {
                     failure = std::string("HTTP client error: ") + error.what();
                   }
                 });
  io.run();
  response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (!failure.empty()) return Status::Unavailable(request.url + ": " + failure);
  return response;
}

std::string BasicAuthorizationHeader(const std::string& username, const std::string& password) {
  std::string plain = username + ":" + password;
  std::string encoded(beast::detail::base64::encoded_size(plain.size()), '\0');
  encoded.resize(beast::detail::base64::encode(encoded.data(), plain.data(), plain.size()));
  return "Basic " + encoded;
}

std::string FormUrlEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static const char* kHex = "0123456789ABCDEF";
  auto escape = [](const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  };
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += escape(name) + "=" + escape(value);
  }
  return body;
}

}  // namespace iotmark::net
