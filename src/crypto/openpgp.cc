// OpenPGP v4 packets for the registry's Ed25519 key (see openpgp.h).
#include "crypto/openpgp.h"

#include <openssl/evp.h>

#include <array>

#include "crypto/random.h"

namespace iotmark::crypto {

namespace {

constexpr std::uint8_t kAlgorithmEdDsa = 22;
constexpr std::uint8_t kHashSha512 = 10;
constexpr std::uint8_t kTagSignature = 2;
constexpr std::uint8_t kTagPublicKey = 6;
constexpr std::uint8_t kTagUserId = 13;
constexpr std::uint8_t kSignatureBinary = 0x00;
constexpr std::uint8_t kSignaturePositiveCertification = 0x13;
// 1.3.6.1.4.1.11591.15.1 (Ed25519), DER without tag and length.
constexpr std::array<std::uint8_t, 9> kEd25519Oid = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                                     0xDA, 0x47, 0x0F, 0x01};

std::string Digest(const EVP_MD* md, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

std::string Hex(std::string_view raw, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    hex.push_back(digits[c >> 4]);
    hex.push_back(digits[c & 15]);
  }
  return hex;
}

void PutU16(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
  out.push_back(static_cast<char>(value & 0xFF));
}

void PutU32(std::string& out, std::uint32_t value) {
  PutU16(out, value >> 16);
  PutU16(out, value & 0xFFFF);
}

// A new-format packet (RFC 4880 §4.2.2).
std::string Packet(std::uint8_t tag, std::string_view body) {
  std::string out(1, static_cast<char>(0xC0 | tag));
  const std::size_t size = body.size();
  if (size < 192) {
    out.push_back(static_cast<char>(size));
  } else if (size < 8384) {
    out.push_back(static_cast<char>(((size - 192) >> 8) + 192));
    out.push_back(static_cast<char>((size - 192) & 0xFF));
  } else {
    out.push_back(static_cast<char>(0xFF));
    PutU32(out, static_cast<std::uint32_t>(size));
  }
  out.append(body);
  return out;
}

// A multiprecision integer: bit count, then the bytes without leading zeros.
std::string Mpi(std::string_view bytes) {
  std::size_t first = 0;
  while (first < bytes.size() && bytes[first] == 0) ++first;
  std::string_view value = bytes.substr(first);
  std::uint32_t bits = 0;
  if (!value.empty()) {
    unsigned char top = static_cast<unsigned char>(value[0]);
    int top_bits = 0;
    while (top) {
      ++top_bits;
      top >>= 1;
    }
    bits = static_cast<std::uint32_t>((value.size() - 1) * 8 + top_bits);
  }
  std::string out;
  PutU16(out, bits);
  out.append(value);
  return out;
}

std::string Subpacket(std::uint8_t type, std::string_view data) {
  std::string out(1, static_cast<char>(data.size() + 1));  // all ours are < 192 bytes
  out.push_back(static_cast<char>(type));
  out.append(data);
  return out;
}

}  // namespace

std::string Sha512Hex(std::string_view data) { return Hex(Digest(EVP_sha512(), data), false); }

std::uint32_t Crc24(std::string_view data) {
  std::uint32_t crc = 0xB704CE;
  for (unsigned char c : data) {
    crc ^= static_cast<std::uint32_t>(c) << 16;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864CFB;
    }
  }
  return crc & 0xFFFFFF;
}

std::string Armor(std::string_view kind, std::string_view binary) {
  std::string out = "-----BEGIN " + std::string(kind) + "-----\n\n";
  const std::string body = Base64Encode(binary);
  for (std::size_t i = 0; i < body.size(); i += 64) out += body.substr(i, 64) + "\n";
  const std::uint32_t crc = Crc24(binary);
  std::string crc_bytes;
  crc_bytes.push_back(static_cast<char>((crc >> 16) & 0xFF));
  crc_bytes.push_back(static_cast<char>((crc >> 8) & 0xFF));
  crc_bytes.push_back(static_cast<char>(crc & 0xFF));
  out += "=" + Base64Encode(crc_bytes) + "\n";
  out += "-----END " + std::string(kind) + "-----\n";
  return out;
}

OpenPgpKey::OpenPgpKey(const SigningKey& key, std::string user_id)
    : key_(key), user_id_(std::move(user_id)) {
  key_body_.push_back(0x04);
  PutU32(key_body_, static_cast<std::uint32_t>(kOpenPgpKeyCreated));
  key_body_.push_back(static_cast<char>(kAlgorithmEdDsa));
  key_body_.push_back(static_cast<char>(kEd25519Oid.size()));
  key_body_.append(reinterpret_cast<const char*>(kEd25519Oid.data()), kEd25519Oid.size());
  std::string point(1, 0x40);  // native point format
  point.append(reinterpret_cast<const char*>(key.public_key().bytes.data()), kPublicKeyBytes);
  key_body_ += Mpi(point);
  std::string hashed(1, static_cast<char>(0x99));
  PutU16(hashed, static_cast<std::uint32_t>(key_body_.size()));
  hashed += key_body_;
  fingerprint_ = Digest(EVP_sha1(), hashed);
  fingerprint_hex_ = Hex(fingerprint_, true);
}

std::string OpenPgpKey::Sign(std::uint8_t signature_type, std::string_view hashed_prefix,
                             std::int64_t signed_at,
                             std::string_view extra_hashed_subpackets) const {
  if (signed_at < kOpenPgpKeyCreated) signed_at = kOpenPgpKeyCreated;
  std::string time;
  PutU32(time, static_cast<std::uint32_t>(signed_at));
  std::string issuer_fingerprint(1, 0x04);
  issuer_fingerprint += fingerprint_;
  std::string hashed_subpackets =
      Subpacket(2, time) + Subpacket(33, issuer_fingerprint) + std::string(extra_hashed_subpackets);
  std::string body;
  body.push_back(0x04);
  body.push_back(static_cast<char>(signature_type));
  body.push_back(static_cast<char>(kAlgorithmEdDsa));
  body.push_back(static_cast<char>(kHashSha512));
  PutU16(body, static_cast<std::uint32_t>(hashed_subpackets.size()));
  body += hashed_subpackets;
  std::string trailer = "\x04\xFF";
  PutU32(trailer, static_cast<std::uint32_t>(body.size()));
  const std::string digest = Digest(EVP_sha512(), std::string(hashed_prefix) + body + trailer);
  std::string unhashed = Subpacket(16, fingerprint_.substr(12));
  PutU16(body, static_cast<std::uint32_t>(unhashed.size()));
  body += unhashed;
  body.append(digest.substr(0, 2));
  // EdDSA in OpenPGP signs the digest itself; r and s are the halves of the
  // 64-byte Ed25519 signature.
  const std::string signature = key_.Sign(digest);
  body += Mpi(std::string_view(signature).substr(0, 32));
  body += Mpi(std::string_view(signature).substr(32, 32));
  return Packet(kTagSignature, body);
}

std::string OpenPgpKey::PublicKeyPacket() const {
  std::string prefix(1, static_cast<char>(0x99));
  PutU16(prefix, static_cast<std::uint32_t>(key_body_.size()));
  prefix += key_body_;
  prefix.push_back(static_cast<char>(0xB4));
  PutU32(prefix, static_cast<std::uint32_t>(user_id_.size()));
  prefix += user_id_;
  // Key flags: certify + sign; preferred hashes SHA-512, SHA-256; features: MDC.
  const std::string extra = Subpacket(27, std::string(1, 0x03)) +
                            Subpacket(21, std::string("\x0A\x08", 2)) +
                            Subpacket(30, std::string(1, 0x01));
  return Packet(kTagPublicKey, key_body_) + Packet(kTagUserId, user_id_) +
         Sign(kSignaturePositiveCertification, prefix, kOpenPgpKeyCreated, extra);
}

std::string OpenPgpKey::ArmoredPublicKey() const {
  return Armor("PGP PUBLIC KEY BLOCK", PublicKeyPacket());
}

std::string OpenPgpKey::DetachedSignature(std::string_view data, std::int64_t signed_at) const {
  return Sign(kSignatureBinary, data, signed_at, {});
}

std::string OpenPgpKey::ArmoredDetachedSignature(std::string_view data,
                                                 std::int64_t signed_at) const {
  return Armor("PGP SIGNATURE", DetachedSignature(data, signed_at));
}

}  // namespace iotmark::crypto
