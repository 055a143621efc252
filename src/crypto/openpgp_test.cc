// OpenPGP packets of the registry key: CRC-24, determinism, and an
// independent check with GnuPG (gpg --verify in a temporary GNUPGHOME).
#include "crypto/openpgp.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace iotmark::crypto {
namespace {

SigningKey TestKey() { return SigningKey::FromSeed(std::string(32, '\x07')).value(); }

TEST(OpenPgp, Crc24CheckValue) {
  EXPECT_EQ(Crc24("123456789"), 0x21CF02u);  // CRC-24/OPENPGP check value
  EXPECT_EQ(Crc24(""), 0xB704CEu);
}

TEST(OpenPgp, ArmorShape) {
  const std::string armored = Armor("PGP SIGNATURE", "hello");
  EXPECT_EQ(armored, "-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n=" +
                         std::string(armored.substr(armored.find("\n=") + 2, 4)) +
                         "\n-----END PGP SIGNATURE-----\n");
}

TEST(OpenPgp, DeterministicKeyAndSignature) {
  OpenPgpKey a(TestKey(), "iotmark test <csaf@example.invalid>");
  OpenPgpKey b(TestKey(), "iotmark test <csaf@example.invalid>");
  EXPECT_EQ(a.Fingerprint().size(), 40u);
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  EXPECT_EQ(a.KeyId(), a.Fingerprint().substr(24));
  EXPECT_EQ(a.ArmoredPublicKey(), b.ArmoredPublicKey());
  EXPECT_EQ(a.ArmoredDetachedSignature("data", 1800000000),
            b.ArmoredDetachedSignature("data", 1800000000));
  EXPECT_NE(a.ArmoredDetachedSignature("data", 1800000000),
            a.ArmoredDetachedSignature("data!", 1800000000));
  // The packet: new-format signature packet, version 4, binary document,
  // EdDSA, SHA-512.
  const std::string packet = a.DetachedSignature("data", 1800000000);
  ASSERT_GT(packet.size(), 6u);
  EXPECT_EQ(static_cast<unsigned char>(packet[0]), 0xC2);
  EXPECT_EQ(packet[2], 4);
  EXPECT_EQ(packet[3], 0);
  EXPECT_EQ(packet[4], 22);
  EXPECT_EQ(packet[5], 10);
}

TEST(OpenPgp, Sha512Hex) {
  EXPECT_EQ(Sha512Hex("abc").substr(0, 32), "ddaf35a193617abacc417349ae204131");
}

int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void WriteFile(const std::filesystem::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

TEST(OpenPgp, GnuPgVerifiesSignatures) {
  if (Shell("command -v gpg >/dev/null 2>&1") != 0) GTEST_SKIP() << "gpg is not installed";
  char pattern[] = "/tmp/iotmark-openpgp-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::filesystem::path dir(pattern);
  std::filesystem::create_directory(dir / "gnupg");
  std::filesystem::permissions(dir / "gnupg", std::filesystem::perms::owner_all);
  OpenPgpKey key(TestKey(), "iotmark test <csaf@example.invalid>");
  const std::string document = "{\"document\":{\"title\":\"テスト / test\"}}\n";
  WriteFile(dir / "key.asc", key.ArmoredPublicKey());
  WriteFile(dir / "doc.json", document);
  WriteFile(dir / "doc.json.asc", key.ArmoredDetachedSignature(document, 1800000000));
  WriteFile(dir / "tampered.json", document + " ");
  const std::string gpg = "GNUPGHOME=" + (dir / "gnupg").string() + " gpg --batch --no-tty ";
  ASSERT_EQ(
      Shell(gpg + "--import " + (dir / "key.asc").string() + " 2>" + (dir / "import.log").string()),
      0);
  const std::string status_file = (dir / "status.txt").string();
  EXPECT_EQ(
      Shell(gpg + "--status-file " + status_file + " --verify " + (dir / "doc.json.asc").string() +
            " " + (dir / "doc.json").string() + " 2>/dev/null"),
      0);
  std::ifstream in(status_file);
  std::string status((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(status.find("[GNUPG:] VALIDSIG " + key.Fingerprint()), std::string::npos) << status;
  EXPECT_NE(Shell(gpg + "--verify " + (dir / "doc.json.asc").string() + " " +
                  (dir / "tampered.json").string() + " 2>/dev/null"),
            0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotmark::crypto
