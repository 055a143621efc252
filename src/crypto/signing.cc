// Ed25519 keys, signatures and key files (libsodium).
#include "crypto/signing.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/files.h"
#include "crypto/random.h"

namespace iotmark::crypto {
namespace {

constexpr std::string_view kPublicPrefix = "ed25519-public:";
constexpr std::string_view kSecretPrefix = "ed25519-secret:";

std::string Trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

}  // namespace

std::string PublicKey::ToBase64() const {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string PublicKey::KeyId() const {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes.data(), bytes.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), 8));
}

Result<PublicKey> PublicKey::FromBase64(std::string_view text) {
  std::optional<std::string> raw = Base64Decode(Trim(text));
  if (!raw || raw->size() != kPublicKeyBytes) {
    return Status::InvalidArgument("public key: expected base64 of 32 bytes");
  }
  PublicKey key;
  std::memcpy(key.bytes.data(), raw->data(), kPublicKeyBytes);
  return key;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Result<SigningKey> SigningKey::Generate() {
  if (!EnsureSodium()) return Status::Internal("libsodium failed to start");
  SigningKey key;
  crypto_sign_ed25519_keypair(key.public_key_.bytes.data(), key.secret_.data());
  return key;
}

Result<SigningKey> SigningKey::FromSeed(std::string_view seed32) {
  if (!EnsureSodium()) return Status::Internal("libsodium failed to start");
  if (seed32.size() != crypto_sign_ed25519_SEEDBYTES) {
    return Status::InvalidArgument("signing key seed: expected 32 bytes");
  }
  SigningKey key;
  crypto_sign_ed25519_seed_keypair(key.public_key_.bytes.data(), key.secret_.data(),
                                   reinterpret_cast<const unsigned char*>(seed32.data()));
  return key;
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(kSignatureBytes, '\0');
  crypto_sign_ed25519_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                               reinterpret_cast<const unsigned char*>(message.data()),
                               message.size(), secret_.data());
  return signature;
}

std::string SigningKey::SignBase64(std::string_view message) const {
  return Base64Encode(Sign(message));
}

bool Verify(const PublicKey& key, std::string_view message, std::string_view signature) {
  if (!EnsureSodium() || signature.size() != kSignatureBytes) return false;
  return crypto_sign_ed25519_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             key.bytes.data()) == 0;
}

bool VerifyBase64(const PublicKey& key, std::string_view message,
                  std::string_view signature_base64) {
  std::optional<std::string> signature = Base64Decode(signature_base64);
  return signature && Verify(key, message, *signature);
}

namespace {

// Creates `path` exclusively with `mode` and writes `contents`, fsynced.
Status WriteNewFile(const std::filesystem::path& path, std::string_view contents, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return Status::IoError(path.string() + ": cannot create: " + std::strerror(errno));
  }
  ::fchmod(fd, mode);  // not subject to the umask
  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      return Status::IoError(path.string() + ": write failed: " + std::strerror(saved));
    }
    written += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Status::IoError(path.string() + ": fsync failed");
  return Status::Ok();
}

}  // namespace

Status WriteSecretKeyFile(const std::filesystem::path& path, const SigningKey& key) {
  if (!EnsureSodium()) return Status::Internal("libsodium failed to start");
  unsigned char seed[crypto_sign_ed25519_SEEDBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, key.secret_.data());
  std::string line =
      std::string(kSecretPrefix) +
      Base64Encode(std::string_view(reinterpret_cast<const char*>(seed), sizeof(seed))) + "\n";
  sodium_memzero(seed, sizeof(seed));
  Status status = WriteNewFile(path, line, 0600);
  sodium_memzero(line.data(), line.size());
  return status;
}

Status WritePublicKeyFile(const std::filesystem::path& path, const PublicKey& key) {
  return WriteFileAtomic(path, std::string(kPublicPrefix) + key.ToBase64() + "\n");
}

Result<SigningKey> ReadSecretKeyFile(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Status::IoError(path.string() + ": cannot read secret key: " + std::strerror(errno));
  }
  if ((info.st_mode & 077) != 0) {
    return Status::PermissionDenied(path.string() +
                                    ": secret key file is readable by group or others "
                                    "(chmod 600 it) / 秘密鍵ファイルの権限が広すぎます");
  }
  Result<std::string> text = ReadFile(path, 4096);
  if (!text.ok()) return text.status();
  std::string line = Trim(*text);
  sodium_memzero(text->data(), text->size());
  if (line.rfind(kSecretPrefix, 0) != 0) {
    return Status::ParseError(path.string() + ": line 1: expected '" + std::string(kSecretPrefix) +
                              "<base64>'");
  }
  std::optional<std::string> seed = Base64Decode(line.substr(kSecretPrefix.size()));
  sodium_memzero(line.data(), line.size());
  if (!seed || seed->size() != crypto_sign_ed25519_SEEDBYTES) {
    return Status::ParseError(path.string() + ": line 1: the key is not base64 of 32 bytes");
  }
  Result<SigningKey> key = SigningKey::FromSeed(*seed);
  sodium_memzero(seed->data(), seed->size());
  return key;
}

Result<PublicKey> ReadPublicKeyFile(const std::filesystem::path& path) {
  Result<std::string> text = ReadFile(path, 4096);
  if (!text.ok()) return text.status();
  std::string line = Trim(*text);
  if (line.rfind(kSecretPrefix, 0) == 0) {
    return Status::InvalidArgument(path.string() +
                                   ": this is a secret key; give the public key (.pub)");
  }
  if (line.rfind(kPublicPrefix, 0) == 0) line = line.substr(kPublicPrefix.size());
  Result<PublicKey> key = PublicKey::FromBase64(line);
  if (!key.ok()) return key.status().WithPrefix(path.string() + ": line 1");
  return key;
}

}  // namespace iotmark::crypto
