#include "net/tls_probe.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>

#include "net/socket_io.h"
#include "net/sslv3_hello.h"

namespace iotmark::net {
namespace {

struct OpenSslFree {
  void operator()(X509* certificate) const { X509_free(certificate); }
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

// A library context with the default and legacy providers, so the client
// can offer RC4, DES, IDEA and SEED suites (OpenSSL 3 keeps them in the
// legacy provider). Created once, never freed; the default context stays
// untouched for the rest of the process.
OSSL_LIB_CTX* ScanLibraryContext() {
  static OSSL_LIB_CTX* context = [] {
    OSSL_LIB_CTX* made = OSSL_LIB_CTX_new();
    if (made) {
      OSSL_PROVIDER_load(made, "default");
      OSSL_PROVIDER_load(made, "legacy");  // absent legacy.so: fewer suites offered
      ERR_clear_error();
    }
    return made;
  }();
  return context;
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

std::string Hex16(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04x", value);
  return text;
}

std::string NameLine(const X509_NAME* name) {
  char* line = X509_NAME_oneline(name, nullptr, 0);
  std::string text = line ? line : "";
  OPENSSL_free(line);
  return text;
}

void ReadTime(const ASN1_TIME* time, std::string& iso, std::int64_t& epoch) {
  std::tm parts{};
  if (!time || ASN1_TIME_to_tm(time, &parts) != 1) return;
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  iso = text;
  epoch = static_cast<std::int64_t>(timegm(&parts));
}

TlsCertificateFacts ReadCertificate(X509* certificate) {
  TlsCertificateFacts facts;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &length) == 1) {
    facts.sha256 = Hex(digest, length);
  }
  facts.subject = NameLine(X509_get_subject_name(certificate));
  facts.issuer = NameLine(X509_get_issuer_name(certificate));
  if (const ASN1_INTEGER* serial = X509_get0_serialNumber(certificate)) {
    facts.serial = Hex(serial->data, static_cast<std::size_t>(serial->length));
  }
  ReadTime(X509_get0_notBefore(certificate), facts.not_before, facts.not_before_epoch);
  ReadTime(X509_get0_notAfter(certificate), facts.not_after, facts.not_after_epoch);
  EVP_PKEY* key = X509_get0_pubkey(certificate);
  if (key) {
    const char* type = EVP_PKEY_get0_type_name(key);
    facts.key_type = type ? type : "?";
    facts.key_bits = EVP_PKEY_get_bits(key);
    char curve[80];
    std::size_t curve_length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &curve_length) == 1) {
      facts.key_curve = curve;
    }
  }
  facts.self_signed = X509_check_issued(certificate, certificate) == X509_V_OK && key &&
                      X509_verify(certificate, key) == 1;
  int signature_nid = X509_get_signature_nid(certificate);
  facts.signature_algorithm = OBJ_nid2ln(signature_nid);
  int digest_nid = NID_undef, public_key_nid = NID_undef;
  if (OBJ_find_sigid_algs(signature_nid, &digest_nid, &public_key_nid) && digest_nid != NID_undef) {
    facts.signature_digest = OBJ_nid2sn(digest_nid);
  }
  std::unique_ptr<GENERAL_NAMES, OpenSslFree> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* text = name->d.dNSName;
      facts.san.push_back("DNS:" + std::string(reinterpret_cast<const char*>(text->data),
                                               static_cast<std::size_t>(text->length)));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* address = name->d.iPAddress;
      char text[64] = "";
      if (address->length == 4 || address->length == 16) {
        inet_ntop(address->length == 4 ? AF_INET : AF_INET6, address->data, text, sizeof text);
      }
      facts.san.push_back(std::string("IP:") + text);
    } else if (name->type == GEN_EMAIL) {
      facts.san.push_back("email:" +
                          std::string(reinterpret_cast<const char*>(name->d.rfc822Name->data),
                                      static_cast<std::size_t>(name->d.rfc822Name->length)));
    } else if (name->type == GEN_URI) {
      facts.san.push_back(
          "URI:" + std::string(reinterpret_cast<const char*>(name->d.uniformResourceIdentifier->data),
                               static_cast<std::size_t>(name->d.uniformResourceIdentifier->length)));
    }
  }
  return facts;
}

std::string KeyExchangeName(int nid) {
  switch (nid) {
    case NID_kx_ecdhe: return "ECDHE";
    case NID_kx_dhe: return "DHE";
    case NID_kx_rsa: return "RSA";
    case NID_kx_ecdhe_psk: return "ECDHE-PSK";
    case NID_kx_dhe_psk: return "DHE-PSK";
    case NID_kx_rsa_psk: return "RSA-PSK";
    case NID_kx_psk: return "PSK";
    case NID_kx_srp: return "SRP";
    case NID_kx_gost: return "GOST";
    case NID_kx_any: return "any";
    default: return OBJ_nid2sn(nid);
  }
}

std::string AuthenticationName(int nid) {
  switch (nid) {
    case NID_auth_rsa: return "RSA";
    case NID_auth_ecdsa: return "ECDSA";
    case NID_auth_dss: return "DSS";
    case NID_auth_null: return "none";
    case NID_auth_psk: return "PSK";
    case NID_auth_srp: return "SRP";
    case NID_auth_any: return "any";
    default: return OBJ_nid2sn(nid);
  }
}

// "Enc=AESGCM(128)" out of SSL_CIPHER_description.
std::string EncryptionName(const SSL_CIPHER* cipher) {
  char text[256];
  std::string description = SSL_CIPHER_description(cipher, text, sizeof text) ? text : "";
  std::size_t at = description.find("Enc=");
  if (at == std::string::npos) return "";
  std::size_t end = description.find_first_of(" \n", at);
  return description.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4);
}

struct Attempt {
  enum class Outcome { kAccepted, kRefused, kNoAnswer } outcome = Outcome::kNoAnswer;
  std::string detail;
  TlsSuiteFacts suite;
};

int OpenSslVersion(const std::string& name) {
  if (name == "TLSv1.0") return TLS1_VERSION;
  if (name == "TLSv1.1") return TLS1_1_VERSION;
  if (name == "TLSv1.2") return TLS1_2_VERSION;
  return TLS1_3_VERSION;
}

// A client context pinned to one version that offers exactly `ciphers`
// (TLS ≤ 1.2: an OpenSSL cipher list; TLS 1.3: ciphersuites).
std::unique_ptr<SSL_CTX, SslFree> ClientContext(const std::string& version,
                                                const std::string& ciphers) {
  std::unique_ptr<SSL_CTX, SslFree> context(
      SSL_CTX_new_ex(ScanLibraryContext(), nullptr, TLS_client_method()));
  if (!context) return context;
  int pinned = OpenSslVersion(version);
  SSL_CTX_set_security_level(context.get(), 0);
  SSL_CTX_set_min_proto_version(context.get(), pinned);
  SSL_CTX_set_max_proto_version(context.get(), pinned);
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_options(context.get(), SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION);
  bool ok = pinned == TLS1_3_VERSION
                ? SSL_CTX_set_ciphersuites(context.get(), ciphers.c_str()) == 1
                : SSL_CTX_set_cipher_list(context.get(), (ciphers + ":@SECLEVEL=0").c_str()) == 1;
  ERR_clear_error();
  if (!ok) context.reset();
  return context;
}

class Scanner {
 public:
  explicit Scanner(const TlsScanRequest& request) : request_(request) {}

  TlsScan Run() {
    auto start = SteadyClock::now();
    scan_.versions.push_back(ScanSslv3());
    for (const char* name : {"TLSv1.0", "TLSv1.1", "TLSv1.2"}) scan_.versions.push_back(ScanLegacyApi(name));
    scan_.versions.push_back(ScanTls13());
    scan_.elapsed_ms =
        std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
    return scan_;
  }

 private:
  // One OpenSSL handshake offering what `context` offers.
  Attempt Handshake(SSL_CTX* context) {
    Attempt attempt;
    ++scan_.handshakes;
    ScopedFd socket;
    if (!ConnectTcp(request_.host, request_.port, request_.connect_timeout, socket,
                    attempt.detail)) {
      return attempt;
    }
    std::unique_ptr<SSL, SslFree> ssl(SSL_new(context));
    if (!ssl) {
      attempt.detail = "OpenSSL: SSL_new failed";
      return attempt;
    }
    SSL_set_fd(ssl.get(), socket.fd);
    bool timed_out = false;
    int result = SslStep(ssl.get(), socket.fd, SteadyClock::now() + request_.handshake_timeout,
                         [&] { return SSL_connect(ssl.get()); }, &timed_out);
    if (result <= 0) {
      if (timed_out) {
        attempt.detail = "no answer within " + std::to_string(request_.handshake_timeout.count()) +
                         " ms";
      } else {
        attempt.outcome = Attempt::Outcome::kRefused;
        unsigned long error = ERR_peek_last_error();
        char text[256] = "handshake refused";
        if (error) ERR_error_string_n(error, text, sizeof text);
        attempt.detail = text;
      }
      ERR_clear_error();
      return attempt;
    }
    attempt.outcome = Attempt::Outcome::kAccepted;
    const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl.get());
    TlsSuiteFacts& suite = attempt.suite;
    if (cipher) {
      suite.name = SSL_CIPHER_get_name(cipher);
      if (const char* standard = SSL_CIPHER_standard_name(cipher)) suite.iana = standard;
      suite.id = SSL_CIPHER_get_protocol_id(cipher);
      suite.key_exchange = KeyExchangeName(SSL_CIPHER_get_kx_nid(cipher));
      suite.authentication = AuthenticationName(SSL_CIPHER_get_auth_nid(cipher));
      suite.encryption = EncryptionName(cipher);
      suite.bits = SSL_CIPHER_get_bits(cipher, nullptr);
      int kx = SSL_CIPHER_get_kx_nid(cipher);
      suite.forward_secrecy = kx == NID_kx_ecdhe || kx == NID_kx_dhe || kx == NID_kx_any ||
                              kx == NID_kx_ecdhe_psk || kx == NID_kx_dhe_psk;
    }
    EVP_PKEY* ephemeral = nullptr;
    if (SSL_get_peer_tmp_key(ssl.get(), &ephemeral) == 1 && ephemeral) {
      const char* type = EVP_PKEY_get0_type_name(ephemeral);
      suite.ephemeral_key =
          std::string(type ? type : "?") + " " + std::to_string(EVP_PKEY_get_bits(ephemeral));
      EVP_PKEY_free(ephemeral);
    }
    std::unique_ptr<X509, OpenSslFree> certificate(SSL_get1_peer_certificate(ssl.get()));
    if (certificate) {
      TlsCertificateFacts facts = ReadCertificate(certificate.get());
      suite.certificate_sha256 = facts.sha256;
      if (!scan_.Certificate(facts.sha256)) scan_.certificates.push_back(std::move(facts));
    }
    SSL_shutdown(ssl.get());
    ERR_clear_error();
    return attempt;
  }

  // TLS 1.0–1.2: offer all, remove the chosen suite, retry.
  TlsVersionScan ScanLegacyApi(const std::string& name) {
    TlsVersionScan version;
    version.name = name;
    version.method = "openssl";
    std::vector<std::string> candidates;
    {
      auto context = ClientContext(name, "ALL:COMPLEMENTOFALL");
      std::unique_ptr<SSL, SslFree> ssl(context ? SSL_new(context.get()) : nullptr);
      STACK_OF(SSL_CIPHER)* offered = ssl ? SSL_get1_supported_ciphers(ssl.get()) : nullptr;
      for (int i = 0; offered && i < sk_SSL_CIPHER_num(offered); ++i) {
        const SSL_CIPHER* cipher = sk_SSL_CIPHER_value(offered, i);
        // SSL_get1_supported_ciphers already leaves out what the pinned
        // version cannot use (TLS 1.2-only suites for 1.0, PSK without a callback).
        candidates.push_back(SSL_CIPHER_get_name(cipher));
      }
      sk_SSL_CIPHER_free(offered);
    }
    version.suites_offered = static_cast<int>(candidates.size());
    if (candidates.empty()) {
      version.detail = "OpenSSL here cannot offer any suite for " + name;
      return version;
    }
    std::set<std::string> accepted;
    while (true) {
      std::string list;
      for (const std::string& candidate : candidates) {
        if (accepted.count(candidate)) continue;
        list += (list.empty() ? "" : ":") + candidate;
      }
      if (list.empty()) {
        version.complete = true;  // every suite we can offer is accepted
        break;
      }
      auto context = ClientContext(name, list);
      if (!context) {
        version.detail = "OpenSSL refused the cipher list";
        break;
      }
      Attempt attempt = Handshake(context.get());
      if (attempt.outcome == Attempt::Outcome::kAccepted) {
        if (accepted.count(attempt.suite.name) || attempt.suite.name.empty()) {
          version.detail = "the server chose a suite that was not offered: " + attempt.suite.name;
          break;
        }
        accepted.insert(attempt.suite.name);
        version.status = "accepted";
        version.suites.push_back(std::move(attempt.suite));
        continue;
      }
      if (attempt.outcome == Attempt::Outcome::kRefused) {
        version.complete = true;
        if (version.suites.empty()) {
          version.status = "refused";
          version.detail = attempt.detail;
        }
      } else {
        version.detail = attempt.detail;  // status stays not_probed unless some suite was seen
      }
      break;
    }
    return version;
  }

  // TLS 1.3: each suite alone (there are five).
  TlsVersionScan ScanTls13() {
    TlsVersionScan version;
    version.name = "TLSv1.3";
    version.method = "openssl";
    const char* kSuites[] = {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                             "TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_SHA256",
                             "TLS_AES_128_CCM_8_SHA256"};
    version.complete = true;
    std::string refusal;
    for (const char* suite : kSuites) {
      auto context = ClientContext("TLSv1.3", suite);
      if (!context) continue;
      ++version.suites_offered;
      Attempt attempt = Handshake(context.get());
      if (attempt.outcome == Attempt::Outcome::kAccepted) {
        version.status = "accepted";
        version.suites.push_back(std::move(attempt.suite));
      } else if (attempt.outcome == Attempt::Outcome::kRefused) {
        refusal = attempt.detail;
      } else {
        version.complete = false;
        version.detail = suite + std::string(": ") + attempt.detail;
      }
    }
    if (version.suites.empty() && version.complete) {
      version.status = "refused";
      version.detail = refusal;
    }
    return version;
  }

  // One raw SSLv3 hello; the answer read until it can be judged.
  Attempt Sslv3Handshake(const std::vector<std::uint16_t>& suites) {
    Attempt attempt;
    ++scan_.handshakes;
    ScopedFd socket;
    if (!ConnectTcp(request_.host, request_.port, request_.connect_timeout, socket,
                    attempt.detail)) {
      return attempt;
    }
    std::array<std::uint8_t, 32> random{};
    RAND_bytes(random.data(), static_cast<int>(random.size()));
    std::string hello = BuildSslv3ClientHello(suites, random);
    auto deadline = SteadyClock::now() + request_.handshake_timeout;
    std::size_t sent = 0;
    while (sent < hello.size()) {
      if (!WaitFor(socket.fd, POLLOUT, deadline)) {
        attempt.detail = "send: timed out";
        return attempt;
      }
      ssize_t wrote = ::send(socket.fd, hello.data() + sent, hello.size() - sent, MSG_NOSIGNAL);
      if (wrote < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (wrote <= 0) {
        attempt.outcome = Attempt::Outcome::kRefused;
        attempt.detail = "connection closed while sending the hello";
        return attempt;
      }
      sent += static_cast<std::size_t>(wrote);
    }
    std::string reply;
    char chunk[4096];
    while (reply.size() < 65536) {
      ServerHelloReply parsed = ParseServerHelloReply(reply);
      if (parsed.kind == ServerHelloReply::Kind::kServerHello) {
        if (parsed.server_version != 0x0300) {
          attempt.outcome = Attempt::Outcome::kRefused;
          attempt.detail = "the server answered with version 0x" + Hex16(parsed.server_version) +
                           ", not SSLv3 (0x0300)";
          return attempt;
        }
        attempt.outcome = Attempt::Outcome::kAccepted;
        attempt.suite.id = parsed.cipher;
        return attempt;
      }
      if (parsed.kind == ServerHelloReply::Kind::kAlert) {
        attempt.outcome = Attempt::Outcome::kRefused;
        attempt.detail = "alert " + std::to_string(parsed.alert_level) + "/" +
                         std::to_string(parsed.alert_description);
        return attempt;
      }
      if (parsed.kind == ServerHelloReply::Kind::kOther) {
        attempt.outcome = Attempt::Outcome::kRefused;
        attempt.detail = "the answer is not an SSLv3 ServerHello";
        return attempt;
      }
      if (!WaitFor(socket.fd, POLLIN, deadline)) {
        attempt.detail = "no answer within " + std::to_string(request_.handshake_timeout.count()) +
                         " ms";
        return attempt;
      }
      ssize_t got = ::recv(socket.fd, chunk, sizeof chunk, 0);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) {
        attempt.outcome = Attempt::Outcome::kRefused;
        attempt.detail = reply.empty() ? "connection closed without an answer"
                                       : "connection closed inside the answer";
        return attempt;
      }
      reply.append(chunk, static_cast<std::size_t>(got));
    }
    attempt.outcome = Attempt::Outcome::kRefused;
    attempt.detail = "the answer is not an SSLv3 ServerHello";
    return attempt;
  }

  TlsVersionScan ScanSslv3() {
    TlsVersionScan version;
    version.name = "SSLv3";
    version.method = "raw-client-hello";
    const std::vector<Sslv3Suite>& known = Sslv3Suites();
    version.suites_offered = static_cast<int>(known.size());
    std::set<std::uint16_t> accepted;
    while (true) {
      std::vector<std::uint16_t> offer;
      for (const Sslv3Suite& suite : known) {
        if (!accepted.count(suite.id)) offer.push_back(suite.id);
      }
      if (offer.empty()) {
        version.complete = true;
        break;
      }
      Attempt attempt = Sslv3Handshake(offer);
      if (attempt.outcome == Attempt::Outcome::kAccepted) {
        auto found = std::find_if(known.begin(), known.end(),
                                  [&](const Sslv3Suite& s) { return s.id == attempt.suite.id; });
        if (found == known.end() || accepted.count(attempt.suite.id)) {
          version.status = "accepted";
          version.detail = "the server chose a suite that was not offered: 0x" + Hex16(attempt.suite.id);
          break;
        }
        accepted.insert(found->id);
        version.status = "accepted";
        TlsSuiteFacts suite;
        suite.name = found->name;
        suite.id = found->id;
        suite.forward_secrecy = found->forward_secrecy;
        std::string name = found->name;
        suite.key_exchange = name.find("ECDHE") != std::string::npos ? "ECDHE"
                             : (name.find("DHE") != std::string::npos ||
                                name.find("EDH") != std::string::npos || name.find("ADH") == 0 ||
                                name.find("EXP-ADH") == 0)
                                 ? "DHE"
                                 : "RSA";
        suite.authentication = name.find("ADH") != std::string::npos ? "none"
                               : name.find("ECDSA") != std::string::npos ? "ECDSA"
                               : name.find("DSS") != std::string::npos   ? "DSS"
                                                                         : "RSA";
        version.suites.push_back(std::move(suite));
        continue;
      }
      if (attempt.outcome == Attempt::Outcome::kRefused) {
        version.complete = true;
        if (version.suites.empty()) {
          version.status = "refused";
          version.detail = attempt.detail;
        }
      } else {
        version.detail = attempt.detail;
      }
      break;
    }
    return version;
  }

  TlsScanRequest request_;
  TlsScan scan_;
};

}  // namespace

const TlsVersionScan* TlsScan::Version(const std::string& name) const {
  for (const TlsVersionScan& version : versions) {
    if (version.name == name) return &version;
  }
  return nullptr;
}

const TlsCertificateFacts* TlsScan::Certificate(const std::string& sha256) const {
  for (const TlsCertificateFacts& certificate : certificates) {
    if (certificate.sha256 == sha256) return &certificate;
  }
  return nullptr;
}

TlsScan ScanTls(const TlsScanRequest& request) {
  // OpenSSL writes to the socket with write(2): a server that hangs up
  // mid-handshake must end that probe, not the process.
  static const bool sigpipe_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;
  return Scanner(request).Run();
}

}  // namespace iotmark::net
