#include "crypto/signing.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "common/files.h"

namespace iotmark::crypto {
namespace {

std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("iotmark-crypto-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(SigningTest, SignsAndVerifies) {
  auto key = SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  std::string signature = key->Sign("登録番号 JCS1-2026-000001");
  EXPECT_EQ(signature.size(), kSignatureBytes);
  EXPECT_TRUE(Verify(key->public_key(), "登録番号 JCS1-2026-000001", signature));
  EXPECT_FALSE(Verify(key->public_key(), "登録番号 JCS1-2026-000002", signature));
  std::string tampered = signature;
  tampered[10] = static_cast<char>(tampered[10] ^ 1);
  EXPECT_FALSE(Verify(key->public_key(), "登録番号 JCS1-2026-000001", tampered));
  EXPECT_FALSE(Verify(key->public_key(), "x", "short"));
  auto other = SigningKey::Generate();
  EXPECT_FALSE(Verify(other->public_key(), "登録番号 JCS1-2026-000001", signature));
  EXPECT_TRUE(VerifyBase64(key->public_key(), "m", key->SignBase64("m")));
  EXPECT_FALSE(VerifyBase64(key->public_key(), "m", "not base64!"));
}

TEST(SigningTest, SeedIsDeterministicAndKeyIdStable) {
  std::string seed(32, '\x07');
  auto a = SigningKey::FromSeed(seed);
  auto b = SigningKey::FromSeed(seed);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->public_key(), b->public_key());
  EXPECT_EQ(a->public_key().KeyId().size(), 16u);
  EXPECT_EQ(a->Sign("x"), b->Sign("x"));
  EXPECT_FALSE(SigningKey::FromSeed("short").ok());
  auto round_trip = PublicKey::FromBase64(a->public_key().ToBase64());
  ASSERT_TRUE(round_trip.ok());
  EXPECT_EQ(*round_trip, a->public_key());
  EXPECT_FALSE(PublicKey::FromBase64("AAAA").ok());
}

TEST(SigningTest, KeyFilesRoundTripWithPrivateMode) {
  auto dir = TempDir("keys");
  auto key = SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(WriteSecretKeyFile(dir / "k.key", *key).ok());
  ASSERT_TRUE(WritePublicKeyFile(dir / "k.pub", key->public_key()).ok());
  struct stat info {};
  ASSERT_EQ(stat((dir / "k.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = ReadSecretKeyFile(dir / "k.key");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->public_key(), key->public_key());
  EXPECT_TRUE(Verify(key->public_key(), "m", loaded->Sign("m")));
  auto loaded_public = ReadPublicKeyFile(dir / "k.pub");
  ASSERT_TRUE(loaded_public.ok());
  EXPECT_EQ(*loaded_public, key->public_key());
  // Never overwrite a secret key.
  EXPECT_FALSE(WriteSecretKeyFile(dir / "k.key", *key).ok());
  // A secret key given where a public key is expected is refused clearly.
  auto confused = ReadPublicKeyFile(dir / "k.key");
  EXPECT_FALSE(confused.ok());
  EXPECT_NE(confused.status().message().find("secret"), std::string::npos);
  // The public key file does not contain the secret.
  auto public_text = ReadFile(dir / "k.pub");
  EXPECT_EQ(public_text->find("secret"), std::string::npos);
}

TEST(SigningTest, RefusesWorldReadableAndMalformedSecretKeys) {
  auto dir = TempDir("badkeys");
  auto key = SigningKey::Generate();
  ASSERT_TRUE(WriteSecretKeyFile(dir / "k.key", *key).ok());
  chmod((dir / "k.key").c_str(), 0644);
  EXPECT_EQ(ReadSecretKeyFile(dir / "k.key").status().code(), StatusCode::kPermissionDenied);
  {
    std::ofstream out(dir / "bad.key");
    out << "ed25519-secret:@@@@\n";
  }
  chmod((dir / "bad.key").c_str(), 0600);
  auto bad = ReadSecretKeyFile(dir / "bad.key");
  EXPECT_EQ(bad.status().code(), StatusCode::kParseError);
  EXPECT_NE(bad.status().message().find("bad.key"), std::string::npos);
  EXPECT_FALSE(ReadSecretKeyFile(dir / "missing.key").ok());
  EXPECT_FALSE(ReadPublicKeyFile(dir / "missing.pub").ok());
}

}  // namespace
}  // namespace iotmark::crypto
