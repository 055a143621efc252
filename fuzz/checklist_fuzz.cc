// Checklist documents (JSON with checklist_json_fuzz, YAML with
// checklist_yaml_fuzz): parsing, decoding and every validation rule against
// the real scheme packs of schemes/.
#include <cstdlib>

#include "catalog/catalog.h"
#include "checklist/validator.h"
#include "fuzz/fuzz_support.h"

#ifndef IOTMARK_FUZZ_FORMAT
#error "IOTMARK_FUZZ_FORMAT must be kJson or kYaml"
#endif

namespace {
const iotmark::catalog::Catalog& LoadedCatalog() {
  static const iotmark::catalog::Catalog catalog = [] {
    auto loaded = iotmark::catalog::Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
    if (!loaded.ok()) std::abort();
    return std::move(*loaded);
  }();
  return catalog;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iotmark::checklist;
  static const PackLookup packs = LookupIn(LoadedCatalog());
  ValidationOptions options;
  auto report = ValidateText(iotmark::fuzz::AsText(data, size), Format::IOTMARK_FUZZ_FORMAT,
                             "fuzz", packs, options);
  if (report.ok()) {
    for (const Problem& problem : report->problems) (void)problem;
  }
  return 0;
}
