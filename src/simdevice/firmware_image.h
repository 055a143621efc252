// Firmware images of the simulated device and the vendor key that signs them.
//
// An image is JSON {"format","model_number","version","payload_b64","signature_hex"};
// the Ed25519 signature (libsodium) covers "iotmark-sim-firmware-1\n" + version +
// "\n" + payload. The vendor key pair lives in <state dir>/vendor/ed25519.json
// and is never touched by a factory reset. See docs/sim-device-config.md.
#ifndef IOTMARK_SIMDEVICE_FIRMWARE_IMAGE_H_
#define IOTMARK_SIMDEVICE_FIRMWARE_IMAGE_H_

#include <filesystem>
#include <string>

#include "common/status.h"

namespace iotmark::simdevice {

inline constexpr const char* kFirmwareFormat = "iotmark-sim-firmware-1";

struct VendorKey {
  std::string public_key;  // 32 raw bytes
  std::string secret_key;  // 64 raw bytes
};

// Loads <state_dir>/vendor/ed25519.json, creating the key pair when it is missing.
Result<VendorKey> EnsureVendorKey(const std::filesystem::path& state_dir);

// Builds a signed image; with `tamper`, one payload byte is flipped after signing.
Result<std::string> MakeFirmwareImage(const VendorKey& key, const std::string& model_number,
                                      const std::string& version, bool tamper);

struct FirmwareCheck {
  bool parsed = false;    // the body is a well-formed image
  bool verified = false;  // and its signature verifies with the vendor public key
  std::string version;    // when parsed
  std::string problem;    // why not parsed / not verified
};

// Never fails: any bytes give a FirmwareCheck saying what they are.
FirmwareCheck CheckFirmwareImage(const std::string& public_key, const std::string& body);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_FIRMWARE_IMAGE_H_
