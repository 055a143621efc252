// Scheme pack YAML (docs/catalog-format.md): the safe YAML reader, the pack
// parser and, for a file that parses, the whole catalog load (cross checks).
#include <system_error>

#include "catalog/catalog.h"
#include "catalog/pack_parser.h"
#include "catalog/yaml_document.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iotmark;
  std::string_view text = fuzz::AsText(data, size);
  auto root = catalog::ParseYamlDocument(text, "pack.yaml");
  if (!root.ok()) return 0;
  auto pack = catalog::ParsePackFile(*root, "pack.yaml");
  if (!pack.ok()) return 0;
  static const std::filesystem::path folder = fuzz::ScratchDirectory() / "schemes";
  std::filesystem::create_directories(folder);
  std::filesystem::path file = folder / "pack.yaml";
  std::filesystem::rename(fuzz::WriteScratchFile("pack.yaml", text), file);
  auto loaded = catalog::Catalog::Load(folder);
  (void)loaded;
  return 0;
}
