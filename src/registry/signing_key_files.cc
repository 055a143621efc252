// Label-signing key files.
#include "registry/signing_key_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace iotmark::registry {

Result<std::filesystem::path> DefaultKeyDirectory(std::string_view database_url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (database_url.substr(0, kSqlite.size()) != kSqlite || database_url == "sqlite::memory:") {
    return Status::InvalidArgument("no default key folder for '" + std::string(database_url) +
                                   "': give --key-dir");
  }
  std::filesystem::path database(database_url.substr(kSqlite.size()));
  std::filesystem::path parent = database.parent_path();
  if (parent.empty()) parent = ".";
  return parent / "keys";
}

Result<crypto::SigningKey> LoadSigningKey(const std::filesystem::path& directory) {
  return crypto::ReadSecretKeyFile(directory / kSecretKeyFileName);
}

Result<crypto::SigningKey> CreateSigningKey(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return Status::IoError(directory.string() + ": cannot create key folder: " + error.message());
  }
  if (::chmod(directory.c_str(), 0700) != 0) {
    return Status::IoError(directory.string() + ": chmod 700 failed: " + std::strerror(errno));
  }
  if (std::filesystem::exists(directory / kSecretKeyFileName)) {
    return Status::AlreadyExists((directory / kSecretKeyFileName).string() +
                                 ": a signing key exists already; it is never replaced");
  }
  auto key = crypto::SigningKey::Generate();
  if (!key.ok()) return key.status();
  IOTMARK_RETURN_IF_ERROR(crypto::WriteSecretKeyFile(directory / kSecretKeyFileName, *key));
  IOTMARK_RETURN_IF_ERROR(
      crypto::WritePublicKeyFile(directory / kPublicKeyFileName, key->public_key()));
  return key;
}

}  // namespace iotmark::registry
