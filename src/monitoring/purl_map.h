// Package URLs (purl) of SBOM components and the documented table that maps
// them to NVD vendor:product names (src/monitoring/purl_products.tsv, compiled
// in; `iotmark vulndb update --purl-map FILE` replaces it).
// Invariant: table names are lowercase; a lookup never guesses: an unlisted
// purl yields nothing.
#ifndef IOTMARK_MONITORING_PURL_MAP_H_
#define IOTMARK_MONITORING_PURL_MAP_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::monitoring {

struct Purl {
  std::string type;        // lowercase
  std::string namespace_;  // percent-decoded; "" when none
  std::string name;        // percent-decoded
  std::string version;     // percent-decoded; "" when none
};

// kInvalidArgument when not "pkg:TYPE/…NAME[@VERSION]".
Result<Purl> ParsePurl(std::string_view text);

// The version to compare with NVD ranges: for deb/rpm/alpine/apk the epoch
// and packaging revision are stripped ("1:3.0.11-1~deb12u2" → "3.0.11").
std::string UpstreamVersion(const Purl& purl);

struct NvdProduct {
  std::string vendor;
  std::string product;
};

class PurlMap {
 public:
  static const PurlMap& BuiltIn();
  // kParseError naming `source` and the line.
  static Result<PurlMap> Parse(std::string_view text, std::string_view source);
  static Result<PurlMap> Load(const std::filesystem::path& path);

  std::optional<NvdProduct> Lookup(const Purl& purl) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<std::string> types;
    std::string namespace_;  // "*" any, "" none
    std::string name;
    NvdProduct product;
  };
  std::vector<Entry> entries_;
};

}  // namespace iotmark::monitoring

#endif  // IOTMARK_MONITORING_PURL_MAP_H_
