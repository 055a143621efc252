// The deterministic Ed25519 key of the label verifier fuzz target and its
// seed writer (never a real registry's key).
#ifndef IOTMARK_FUZZ_LABEL_KEY_H_
#define IOTMARK_FUZZ_LABEL_KEY_H_

#include <cstdlib>
#include <string>

#include "crypto/signing.h"

namespace iotmark::fuzz {

inline const crypto::SigningKey& LabelFuzzKey() {
  static const crypto::SigningKey key = [] {
    auto made = crypto::SigningKey::FromSeed(std::string(32, 'F'));
    if (!made.ok()) std::abort();
    return *made;
  }();
  return key;
}

}  // namespace iotmark::fuzz

#endif  // IOTMARK_FUZZ_LABEL_KEY_H_
