// Where the registry's label-signing key lives and how it is created:
// <key dir>/label-signing.key (secret, mode 0600, folder 0700) and
// <key dir>/label-signing.pub. The default key folder is "keys" next to the
// database file of a `sqlite:PATH` URL. Shared by `admin init` and `serve`.
#ifndef IOTMARK_REGISTRY_SIGNING_KEY_FILES_H_
#define IOTMARK_REGISTRY_SIGNING_KEY_FILES_H_

#include <filesystem>
#include <string_view>

#include "common/status.h"
#include "crypto/signing.h"

namespace iotmark::registry {

inline constexpr std::string_view kSecretKeyFileName = "label-signing.key";
inline constexpr std::string_view kPublicKeyFileName = "label-signing.pub";

// <folder of the database>/keys for sqlite:PATH; kInvalidArgument otherwise.
Result<std::filesystem::path> DefaultKeyDirectory(std::string_view database_url);
// Loads <dir>/label-signing.key.
Result<crypto::SigningKey> LoadSigningKey(const std::filesystem::path& directory);
// Creates the folder (0700) and a new key pair; refuses to replace an existing key.
Result<crypto::SigningKey> CreateSigningKey(const std::filesystem::path& directory);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_SIGNING_KEY_FILES_H_
