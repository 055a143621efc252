// The simulated device's own TLS key and self-signed certificate (OpenSSL),
// kept in the state directory as device_tls_key.pem / device_tls_cert.pem.
// A factory reset deletes them; the next EnsureTlsIdentity makes new ones.
#ifndef IOTMARK_SIMDEVICE_TLS_IDENTITY_H_
#define IOTMARK_SIMDEVICE_TLS_IDENTITY_H_

#include <filesystem>
#include <string>

#include "common/status.h"

namespace iotmark::simdevice {

struct TlsIdentityFiles {
  std::filesystem::path key;
  std::filesystem::path certificate;
};

// Creates an EC P-256 key and a one-year self-signed certificate (CN = the model
// number, SAN localhost / 127.0.0.1 / ::1) when either file is missing.
Result<TlsIdentityFiles> EnsureTlsIdentity(const std::filesystem::path& state_dir,
                                           const std::string& common_name);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_TLS_IDENTITY_H_
