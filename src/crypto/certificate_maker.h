// Makes X.509 keys and certificates with OpenSSL, strong or deliberately
// weak: the simulated device's TLS identity and the test servers of the TLS
// probe use it to present RSA-1024, SHA-1, expired, SAN-less or self-signed
// certificates on purpose. Not for production PKI. Thread-safe.
#ifndef IOTMARK_CRYPTO_CERTIFICATE_MAKER_H_
#define IOTMARK_CRYPTO_CERTIFICATE_MAKER_H_

#include <string>

#include "common/status.h"

namespace iotmark::crypto {

struct CertificateSpec {
  std::string key = "ec-p256";   // ec-p256 | ec-p384 | ec-p192 | rsa-1024 | rsa-2048 | rsa-3072
  std::string digest = "sha256";  // sha256 | sha384 | sha1 | md5
  std::string common_name = "localhost";
  std::string organization = "iotmark";
  // An OpenSSL subjectAltName value; empty = no SAN extension at all.
  std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
  long not_before_offset_s = -60;  // relative to now
  long not_after_offset_s = 365L * 24 * 3600;
  bool ca = false;  // basicConstraints CA:TRUE + keyCertSign
};

struct CertificatePem {
  std::string key;  // PKCS#8 PEM
  std::string certificate;
};

// Self-signed when `issuer` is null, else signed by issuer's key with its
// subject as issuer name. kInvalidArgument for an unknown key/digest name.
Result<CertificatePem> MakeCertificate(const CertificateSpec& spec,
                                       const CertificatePem* issuer = nullptr);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_CERTIFICATE_MAKER_H_
