#include "crypto/certificate_maker.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace iotmark::crypto {
namespace {

struct OpenSslFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* certificate) const { X509_free(certificate); }
  void operator()(BIO* bio) const { BIO_free(bio); }
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};
using Key = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using Certificate = std::unique_ptr<X509, OpenSslFree>;
using Bio = std::unique_ptr<BIO, OpenSslFree>;

Result<Key> MakeKey(const std::string& kind) {
  EVP_PKEY* key = nullptr;
  if (kind == "ec-p256") key = EVP_EC_gen("P-256");
  else if (kind == "ec-p384") key = EVP_EC_gen("P-384");
  else if (kind == "ec-p192") key = EVP_EC_gen("P-192");
  else if (kind == "rsa-1024") key = EVP_RSA_gen(1024);
  else if (kind == "rsa-2048") key = EVP_RSA_gen(2048);
  else if (kind == "rsa-3072") key = EVP_RSA_gen(3072);
  else return Status::InvalidArgument("unknown key kind '" + kind + "'");
  if (!key) return Status::Internal("OpenSSL: cannot generate a " + kind + " key");
  return Key(key);
}

const EVP_MD* Digest(const std::string& name) {
  if (name == "sha256") return EVP_sha256();
  if (name == "sha384") return EVP_sha384();
  if (name == "sha1") return EVP_sha1();
  if (name == "md5") return EVP_md5();
  return nullptr;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

bool AddExtension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, OpenSslFree> extension(
      X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

}  // namespace

Result<CertificatePem> MakeCertificate(const CertificateSpec& spec, const CertificatePem* issuer) {
  const EVP_MD* digest = Digest(spec.digest);
  if (!digest) return Status::InvalidArgument("unknown digest '" + spec.digest + "'");
  Result<Key> key = MakeKey(spec.key);
  if (!key.ok()) return key.status();
  Key issuer_key;
  Certificate issuer_certificate;
  if (issuer) {
    Bio key_in(BIO_new_mem_buf(issuer->key.data(), static_cast<int>(issuer->key.size())));
    Bio certificate_in(
        BIO_new_mem_buf(issuer->certificate.data(), static_cast<int>(issuer->certificate.size())));
    issuer_key.reset(PEM_read_bio_PrivateKey(key_in.get(), nullptr, nullptr, nullptr));
    issuer_certificate.reset(PEM_read_bio_X509(certificate_in.get(), nullptr, nullptr, nullptr));
    if (!issuer_key || !issuer_certificate) {
      return Status::InvalidArgument("issuer key/certificate PEM unreadable");
    }
  }
  Certificate certificate(X509_new());
  if (!certificate) return Status::Internal("OpenSSL: X509_new failed");
  X509_set_version(certificate.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(certificate.get()));
  BN_free(serial_number);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), spec.not_before_offset_s);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), spec.not_after_offset_s);
  X509_set_pubkey(certificate.get(), key->get());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.organization.c_str()), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509* signer = issuer ? issuer_certificate.get() : certificate.get();
  X509_set_issuer_name(certificate.get(), X509_get_subject_name(signer));
  bool ok = AddExtension(certificate.get(), signer, NID_basic_constraints,
                         spec.ca ? "critical,CA:TRUE" : "CA:FALSE") &&
            AddExtension(certificate.get(), signer, NID_subject_key_identifier, "hash") &&
            (spec.ca ? AddExtension(certificate.get(), signer, NID_key_usage,
                                    "critical,keyCertSign,cRLSign")
                     : true) &&
            (spec.san.empty() ||
             AddExtension(certificate.get(), signer, NID_subject_alt_name, spec.san));
  if (!ok) return Status::InvalidArgument("OpenSSL: cannot build the extensions (SAN '" +
                                          spec.san + "')");
  EVP_PKEY* signing_key = issuer ? issuer_key.get() : key->get();
  if (X509_sign(certificate.get(), signing_key, digest) == 0) {
    return Status::Internal("OpenSSL: cannot sign with " + spec.digest);
  }
  Bio key_pem(BIO_new(BIO_s_mem()));
  Bio certificate_pem(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(key_pem.get(), key->get(), nullptr, nullptr, 0, nullptr, nullptr) ||
      !PEM_write_bio_X509(certificate_pem.get(), certificate.get())) {
    return Status::Internal("OpenSSL: cannot write PEM");
  }
  return CertificatePem{BioText(key_pem.get()), BioText(certificate_pem.get())};
}

}  // namespace iotmark::crypto
