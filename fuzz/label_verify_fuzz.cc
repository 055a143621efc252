// The label record and the export page verifiers (`iotmark label verify`,
// mirrors): VerifyLabelRecord and VerifyLabelExport with the key that signed
// the seeds (fuzz/label_seeds.cc writes them), so mutations reach the checks
// behind a valid signature as well as the refusals.
#include <cstdlib>

#include "fuzz/fuzz_support.h"
#include "fuzz/label_key.h"
#include "registry/label_export.h"
#include "registry/label_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iotmark;
  static const crypto::PublicKey key = fuzz::LabelFuzzKey().public_key();
  std::string_view text = fuzz::AsText(data, size);
  auto record = registry::VerifyLabelRecord(text, key);
  (void)record;
  auto page = registry::VerifyLabelExport(text, key);
  (void)page;
  return 0;
}
