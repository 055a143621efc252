// A small blocking HTTP/1.1 client (Boost.Beast) for the device tests: one
// request per call, plain or TLS, with a total timeout, elapsed time, and the
// TLS facts a reviewer wants (protocol version, cipher, certificate).
//
// Only loopback addresses are contacted unless allow_non_loopback is set. URLs
// take an IP literal ("http://127.0.0.1:8080/login") or a host name pinned to
// its checked address (net/host_pins.h; never resolved here), which is also
// sent as Host and TLS SNI. Thread-safe: every call owns its own I/O context.
#ifndef IOTMARK_NET_HTTP_CLIENT_H_
#define IOTMARK_NET_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace iotmark::net {

// TLS protocol versions a client may pin (both ends inclusive); kAny = library default.
enum class TlsProtocol { kAny, kTls10, kTls11, kTls12, kTls13 };

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};
  TlsProtocol tls_min = TlsProtocol::kAny;
  TlsProtocol tls_max = TlsProtocol::kAny;
  bool allow_non_loopback = false;
};

struct TlsFacts {
  std::string protocol;  // "TLSv1.3"
  std::string cipher;    // "TLS_AES_256_GCM_SHA384"
  std::string subject;   // one-line X.509 subject of the server certificate
  std::string issuer;
  std::string not_before;  // ISO 8601 UTC
  std::string not_after;
  bool self_signed = false;
  std::string public_key;           // e.g. "EC 256" or "RSA 2048"
  std::string signature_algorithm;  // e.g. "ecdsa-with-SHA256"
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::chrono::milliseconds elapsed{0};
  bool tls = false;
  TlsFacts tls_facts;

  std::string Header(const std::string& lower_case_name) const;
};

// An http:// or https:// URL split the way HttpFetch reads it (no name is
// resolved): kInvalidArgument naming the URL when it is malformed.
struct ParsedUrl {
  bool tls = false;
  std::string host;  // without brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" when absent
};
Result<ParsedUrl> ParseUrl(const std::string& url);

// Errors: kInvalidArgument (bad URL / not loopback), kUnavailable (cannot
// connect, TLS handshake refused, timeout; the message says which).
Result<HttpResponse> HttpFetch(const HttpRequest& request);

// "Basic <base64(user:password)>".
std::string BasicAuthorizationHeader(const std::string& username, const std::string& password);

// "a=b&c=d" with application/x-www-form-urlencoded escaping.
std::string FormUrlEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_HTTP_CLIENT_H_
