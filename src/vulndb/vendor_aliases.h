// The vendor alias table used when matching CPEs (see vendor_aliases.tsv, the
// documented data file; it is compiled into the binary and can be replaced by
// `iotmark vulndb query --aliases FILE`).
//
// Three kinds of line (see the .tsv header): vendor ↔ vendor,
// vendor:product ↔ vendor:product, and vendor:product:version → the version
// NVD writes for it. Used only where NVD's CPE dictionary (imported into the
// database) does not already connect the names.
// Invariant: vendor and product relations are symmetric; every name is lowercase.
#ifndef IOTMARK_VULNDB_VENDOR_ALIASES_H_
#define IOTMARK_VULNDB_VENDOR_ALIASES_H_

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::vulndb {

class VendorAliases {
 public:
  // The table shipped in src/vulndb/vendor_aliases.tsv.
  static const VendorAliases& BuiltIn();
  // Parses the .tsv format; kParseError naming `source` and the line.
  static Result<VendorAliases> Parse(std::string_view text, std::string_view source);
  static Result<VendorAliases> Load(const std::filesystem::path& path);

  // True when a query vendor `query` may match a record vendor `record`:
  // equal, "*" on either side, listed as aliases, or record == query +
  // "_project" / "_foundation" (or the other way round).
  bool Matches(std::string_view query, std::string_view record) const;

  // vendor:product names listed beside `vendor`:`product` ("v:p" strings).
  std::vector<std::string> ProductAliases(std::string_view vendor, std::string_view product) const;
  // The version NVD writes for `version` of vendor:product, or "" when the
  // table has none (e.g. boa:boa 0.94.14rc21 → 0.94.14.21).
  std::string VersionAlias(std::string_view vendor, std::string_view product,
                           std::string_view version) const;

  std::size_t size() const { return pairs_; }

 private:
  std::map<std::string, std::set<std::string>, std::less<>> aliases_;
  std::map<std::string, std::set<std::string>, std::less<>> products_;
  std::map<std::string, std::string, std::less<>> versions_;
  std::size_t pairs_ = 0;
};

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_VENDOR_ALIASES_H_
