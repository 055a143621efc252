#include "simdevice/tls_identity.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/files.h"

namespace iotmark::simdevice {
namespace {

struct OpenSslFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* certificate) const { X509_free(certificate); }
  void operator()(BIO* bio) const { BIO_free(bio); }
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

Result<TlsIdentityFiles> EnsureTlsIdentity(const std::filesystem::path& state_dir,
                                           const std::string& common_name) {
  TlsIdentityFiles files{state_dir / "device_tls_key.pem", state_dir / "device_tls_cert.pem"};
  std::error_code ec;
  if (std::filesystem::exists(files.key, ec) && std::filesystem::exists(files.certificate, ec)) {
    return files;
  }
  std::unique_ptr<EVP_PKEY, OpenSslFree> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, OpenSslFree> certificate(X509_new());
  if (!key || !certificate) return Status::Internal("OpenSSL: cannot create key/certificate");
  X509_set_version(certificate.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(certificate.get()));
  BN_free(serial_number);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 365L * 24 * 3600);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("iotmark simulated device"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(certificate.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, OpenSslFree> san(X509V3_EXT_conf_nid(
      nullptr, &context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"));
  if (!san) return Status::Internal("OpenSSL: cannot build subjectAltName");
  X509_add_ext(certificate.get(), san.get(), -1);
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
    return Status::Internal("OpenSSL: cannot sign the certificate");
  }
  std::unique_ptr<BIO, OpenSslFree> key_pem(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, OpenSslFree> certificate_pem(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ||
      !PEM_write_bio_X509(certificate_pem.get(), certificate.get())) {
    return Status::Internal("OpenSSL: cannot write PEM");
  }
  IOTMARK_RETURN_IF_ERROR(WriteFileAtomic(files.key, BioContents(key_pem.get())));
  IOTMARK_RETURN_IF_ERROR(WriteFileAtomic(files.certificate, BioContents(certificate_pem.get())));
  return files;
}

}  // namespace iotmark::simdevice
