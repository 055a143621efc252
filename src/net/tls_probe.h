// Which TLS protocol versions and cipher suites a server accepts, and the
// facts of the certificates it presents — the enumeration sslscan and
// testssl.sh do, with Debian's OpenSSL 3.0 as the client.
//
// TLS 1.0–1.2: offer every suite OpenSSL can send for that version (security
// level 0, legacy provider loaded so RC4/DES/IDEA/SEED can be offered),
// note the one the server chooses, remove it and retry until the server
// refuses. TLS 1.3: offer each of the five suites alone. SSLv3: OpenSSL 3.0
// cannot send it, so a hand-built ClientHello (sslv3_hello.h) is offered the
// same way. One TCP connection per handshake; no certificate is verified.
//
// A version is `accepted`, `refused` (the server answered with an alert or
// closed the connection) or `not_probed` (no answer in time, connection
// failed: the reason is kept). A version whose enumeration stopped early
// (timeout after a first success) has `complete == false`.
// Hosts are IP literals only. Thread-safe (no shared mutable state).
#ifndef IOTMARK_NET_TLS_PROBE_H_
#define IOTMARK_NET_TLS_PROBE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace iotmark::net {

struct TlsCertificateFacts {
  std::string sha256;   // fingerprint of the DER, lower-case hex
  std::string subject;  // one-line X.509 names
  std::string issuer;
  std::string serial;      // hex
  std::string not_before;  // ISO 8601 UTC
  std::string not_after;
  std::int64_t not_before_epoch = 0;  // seconds since 1970 (UTC)
  std::int64_t not_after_epoch = 0;
  bool self_signed = false;  // issuer == subject and the signature verifies with its own key
  std::string key_type;      // "RSA", "EC", "DSA", "ED25519", …
  int key_bits = 0;
  std::string key_curve;            // EC only, e.g. "prime256v1"
  std::string signature_algorithm;  // long name, e.g. "sha1WithRSAEncryption"
  std::string signature_digest;     // "SHA1", "MD5", "SHA256", … ("" when intrinsic, Ed25519)
  std::vector<std::string> san;     // "DNS:localhost", "IP:127.0.0.1"
};

struct TlsSuiteFacts {
  std::string name;     // OpenSSL name ("ECDHE-RSA-AES128-GCM-SHA256")
  std::string iana;     // RFC name where OpenSSL knows it ("TLS_ECDHE_RSA_WITH_…")
  std::uint16_t id = 0;  // IANA code point
  std::string key_exchange;  // "ECDHE", "DHE", "RSA", "any" (TLS 1.3), …
  std::string authentication;  // "RSA", "ECDSA", "none" (anonymous), …
  std::string encryption;      // "AESGCM(128)", "RC4(128)", "None", …
  int bits = 0;                // symmetric strength
  bool forward_secrecy = false;
  std::string ephemeral_key;       // the server's key share, e.g. "X25519 253", "DH 1024"
  std::string certificate_sha256;  // the certificate presented with this suite ("" = none)
};

struct TlsVersionScan {
  std::string name;  // "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"
  std::string status = "not_probed";  // accepted | refused | not_probed
  std::string detail;                 // the refusal or why it was not probed
  std::string method;                 // "openssl" or "raw-client-hello"
  bool complete = false;  // the enumeration ran to the server's refusal
  int suites_offered = 0;  // how many suites iotmark could offer for this version
  std::vector<TlsSuiteFacts> suites;  // in the order the server chose them
};

struct TlsScan {
  std::vector<TlsVersionScan> versions;  // SSLv3 … TLSv1.3, always all five
  std::vector<TlsCertificateFacts> certificates;  // distinct, first seen first
  int handshakes = 0;
  double elapsed_ms = 0;

  const TlsVersionScan* Version(const std::string& name) const;
  const TlsCertificateFacts* Certificate(const std::string& sha256) const;
};

struct TlsScanRequest {
  std::string host;  // IPv4/IPv6 literal
  std::uint16_t port = 443;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds handshake_timeout{5000};
};

TlsScan ScanTls(const TlsScanRequest& request);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_TLS_PROBE_H_
