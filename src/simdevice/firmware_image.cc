#include "simdevice/firmware_image.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/files.h"

namespace iotmark::simdevice {
namespace {

std::string ToHex(const std::string& bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

bool FromHex(const std::string& hex, size_t expected_size, std::string& out) {
  out.assign(expected_size, '\0');
  size_t length = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &length, nullptr) != 0) {
    return false;
  }
  return length == expected_size && hex.size() == expected_size * 2;
}

std::string ToBase64(const std::string& bytes) {
  size_t size = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string text(size, '\0');
  sodium_bin2base64(text.data(), size, reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  text.resize(size - 1);
  return text;
}

bool FromBase64(const std::string& text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out.resize(length);
  return true;
}

std::string SignedMessage(const std::string& version, const std::string& payload) {
  return std::string(kFirmwareFormat) + "\n" + version + "\n" + payload;
}

}  // namespace

Result<VendorKey> EnsureVendorKey(const std::filesystem::path& state_dir) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  std::filesystem::path directory = state_dir / "vendor";
  std::filesystem::path file = directory / "ed25519.json";
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    Result<std::string> text = ReadFile(file, 1 << 16);
    if (!text.ok()) return text.status();
    VendorKey key;
    try {
      auto json = nlohmann::json::parse(*text);
      if (!FromHex(json.at("public_key_hex").get<std::string>(), crypto_sign_PUBLICKEYBYTES,
                   key.public_key) ||
          !FromHex(json.at("secret_key_hex").get<std::string>(), crypto_sign_SECRETKEYBYTES,
                   key.secret_key)) {
        return Status::ParseError(file.string() + ": key is not valid hex of the right length");
      }
    } catch (const nlohmann::json::exception& error) {
      return Status::ParseError(file.string() + ": " + error.what());
    }
    return key;
  }
  std::filesystem::create_directories(directory, ec);
  if (ec) return Status::IoError(directory.string() + ": " + ec.message());
  VendorKey key;
  key.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  key.secret_key.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.public_key.data()),
                      reinterpret_cast<unsigned char*>(key.secret_key.data()));
  nlohmann::json json = {{"algorithm", "ed25519"},
                         {"public_key_hex", ToHex(key.public_key)},
                         {"secret_key_hex", ToHex(key.secret_key)}};
  IOTMARK_RETURN_IF_ERROR(WriteFileAtomic(file, json.dump(2) + "\n"));
  return key;
}

Result<std::string> MakeFirmwareImage(const VendorKey& key, const std::string& model_number,
                                      const std::string& version, bool tamper) {
  if (version.empty()) return Status::InvalidArgument("firmware version must not be empty");
  std::string payload = "IOTMARK-SIM-FIRMWARE " + model_number + " " + version + "\n";
  payload.append(256, '\x5a');
  std::string message = SignedMessage(version, payload);
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  if (tamper) payload[payload.size() / 2] ^= 0x01;
  nlohmann::json image = {
      {"format", kFirmwareFormat},
      {"model_number", model_number},
      {"version", version},
      {"payload_b64", ToBase64(payload)},
      {"signature_hex", ToHex(std::string(reinterpret_cast<char*>(signature), sizeof signature))}};
  return image.dump(2) + "\n";
}

FirmwareCheck CheckFirmwareImage(const std::string& public_key, const std::string& body) {
  FirmwareCheck check;
  nlohmann::json image = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (image.is_discarded() || !image.is_object()) {
    check.problem = "not a JSON object";
    return check;
  }
  auto text_field = [&](const char* name, std::string& out) {
    auto found = image.find(name);
    if (found == image.end() || !found->is_string()) return false;
    out = found->get<std::string>();
    return true;
  };
  std::string format, payload_b64, signature_hex, payload, signature;
  if (!text_field("format", format) || format != kFirmwareFormat) {
    check.problem = "format is not " + std::string(kFirmwareFormat);
    return check;
  }
  if (!text_field("version", check.version) || check.version.empty()) {
    check.problem = "version missing";
    return check;
  }
  if (!text_field("payload_b64", payload_b64) || !FromBase64(payload_b64, payload)) {
    check.problem = "payload_b64 missing or not base64";
    check.version.clear();
    return check;
  }
  check.parsed = true;
  if (!text_field("signature_hex", signature_hex) ||
      !FromHex(signature_hex, crypto_sign_BYTES, signature)) {
    check.problem = "signature_hex missing or malformed";
    return check;
  }
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES) {
    check.problem = "no vendor key";
    return check;
  }
  std::string message = SignedMessage(check.version, payload);
  check.verified = crypto_sign_verify_detached(
                       reinterpret_cast<const unsigned char*>(signature.data()),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
  if (!check.verified) check.problem = "signature does not verify with the vendor key";
  return check;
}

}  // namespace iotmark::simdevice
