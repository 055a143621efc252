// The registry's Ed25519 signing key as an OpenPGP key, and OpenPGP detached
// signatures made with it (RFC 4880 packets, EdDSA as GnuPG writes it:
// public-key algorithm 22, curve Ed25519, OID 1.3.6.1.4.1.11591.15.1), so that
// `gpg --verify doc.json.asc doc.json` accepts what the registry signs (CSAF
// 2.0 §7.1.20 asks for OpenPGP signatures). docs/csaf.md describes the format.
//
// Everything is deterministic: the key's creation time is a fixed constant
// (kOpenPgpKeyCreated, so the fingerprint never changes for one Ed25519 key),
// each signature's creation time is given by the caller (the signed
// document's own release date), and Ed25519 signatures are deterministic. So
// the same document always gets the same signature bytes.
//
// Thread-safety: const methods may be called from many threads at once.
#ifndef IOTMARK_CRYPTO_OPENPGP_H_
#define IOTMARK_CRYPTO_OPENPGP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/signing.h"

namespace iotmark::crypto {

// 2020-01-01T00:00:00Z: before any registry document, so no signature
// predates its key (GnuPG refuses such signatures).
inline constexpr std::int64_t kOpenPgpKeyCreated = 1577836800;

class OpenPgpKey {
 public:
  // `user_id` e.g. "iotmark registry <csaf@registry.example>".
  OpenPgpKey(const SigningKey& key, std::string user_id);

  // 40 upper-case hex digits (SHA-1 v4 fingerprint), as provider-metadata
  // lists it; KeyId() is its last 16.
  const std::string& Fingerprint() const { return fingerprint_hex_; }
  std::string KeyId() const { return fingerprint_hex_.substr(24); }

  // The transferable public key (key packet, user id, positive self-
  // certification), binary and ASCII-armored.
  std::string PublicKeyPacket() const;
  std::string ArmoredPublicKey() const;

  // A detached signature (type 0x00, binary document) over `data` with
  // SHA-512, created at `signed_at` (Unix seconds; clamped to the key's
  // creation time when earlier).
  std::string DetachedSignature(std::string_view data, std::int64_t signed_at) const;
  std::string ArmoredDetachedSignature(std::string_view data, std::int64_t signed_at) const;

 private:
  std::string Sign(std::uint8_t signature_type, std::string_view hashed_prefix,
                   std::int64_t signed_at, std::string_view extra_hashed_subpackets) const;

  SigningKey key_;
  std::string user_id_;
  std::string key_body_;     // the public-key packet body
  std::string fingerprint_;  // 20 raw bytes
  std::string fingerprint_hex_;
};

// ASCII armor (RFC 4880 §6) with its CRC-24; `kind` is "PGP SIGNATURE" or
// "PGP PUBLIC KEY BLOCK".
std::string Armor(std::string_view kind, std::string_view binary);
// CRC-24 of RFC 4880 §6.1.
std::uint32_t Crc24(std::string_view data);

// Lower-case hex digests (OpenSSL EVP): "sha512", "sha1".
std::string Sha512Hex(std::string_view data);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_OPENPGP_H_
