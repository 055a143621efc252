// Software bills of materials (SBOMs) as a vendor attaches them to a firmware
// version: CycloneDX JSON 1.4–1.6 or SPDX 2.3 JSON. Parsing keeps the
// components that carry a package URL (purl) and/or a CPE name, which is all
// the vulnerability monitoring can match; the rest are only counted.
//
// Invariant of a ParsedSbom: every kept component has a non-empty purl or
// cpe; a purl starts with "pkg:" and has a type and a name; a cpe starts
// with "cpe:2.3:" or "cpe:/". Duplicates (same name, version, purl, cpe) are
// kept once. Errors are kInvalidArgument (kParseError for text that is not
// JSON) whose message starts with the JSON path of the fault
// ("$.components[3].purl: expected a string").
#ifndef IOTMARK_REGISTRY_SBOM_H_
#define IOTMARK_REGISTRY_SBOM_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::registry {

struct SbomComponent {
  std::string name;
  std::string version;  // from the document, else from the purl's @version; may be empty
  std::string purl;     // "pkg:deb/debian/openssl@3.0.11" or ""
  std::string cpe;      // "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*" or ""
  std::string path;     // JSON path of the component in the document ("$.components[4]")
};

struct ParsedSbom {
  std::string format;                     // "cyclonedx" or "spdx"
  std::string spec_version;               // "1.5", "SPDX-2.3"
  std::size_t total_components = 0;       // every component / package of the document
  std::vector<SbomComponent> components;  // those with purl and/or cpe
};

// Parses one SBOM document (JSON text). Refuses other formats and versions
// (CycloneDX < 1.4, SPDX other than 2.3, SPDX 3 JSON-LD) naming the field.
Result<ParsedSbom> ParseSbom(std::string_view json_text);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_SBOM_H_
