// Device target files (docs/target-format.md): devtest::ParseTarget.
#include "devtest/target.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto target = iotmark::devtest::ParseTarget(iotmark::fuzz::AsText(data, size),
                                              iotmark::fuzz::ScratchDirectory() / "target.yaml");
  (void)target;
  return 0;
}
