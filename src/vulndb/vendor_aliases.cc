#include "vulndb/vendor_aliases.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "common/files.h"
#include "vulndb/vendor_aliases_data.h"

namespace iotmark::vulndb {
namespace {

bool IsSuffixAlias(std::string_view base, std::string_view longer) {
  for (std::string_view suffix : {std::string_view("_project"), std::string_view("_foundation")}) {
    if (longer.size() == base.size() + suffix.size() && longer.substr(0, base.size()) == base &&
        longer.substr(base.size()) == suffix) {
      return true;
    }
  }
  return false;
}

}  // namespace

const VendorAliases& VendorAliases::BuiltIn() {
  static const VendorAliases* table = [] {
    auto parsed = Parse(kVendorAliasesTsv, "src/vulndb/vendor_aliases.tsv");
    return new VendorAliases(parsed.ok() ? std::move(parsed).value() : VendorAliases());
  }();
  return *table;
}

Result<VendorAliases> VendorAliases::Parse(std::string_view text, std::string_view source) {
  VendorAliases table;
  std::istringstream stream{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(stream, line)) {
    ++number;
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream fields(line);
    std::string left, right, extra;
    fields >> left >> right >> extra;
    if (right.empty() || !extra.empty()) {
      return Status::ParseError(std::string(source) + ":" + std::to_string(number) +
                                ": expected two vendor names separated by spaces or a tab");
    }
    for (const std::string* name : {&left, &right}) {
      for (char c : *name) {
        if (std::isupper(static_cast<unsigned char>(c))) {
          return Status::ParseError(std::string(source) + ":" + std::to_string(number) +
                                    ": vendor names must be lowercase ('" + *name + "')");
        }
      }
    }
    auto colons = [](const std::string& name) { return std::count(name.begin(), name.end(), ':'); };
    if (colons(left) != colons(right) || colons(left) > 2) {
      return Status::ParseError(std::string(source) + ":" + std::to_string(number) +
                                ": both names must be vendor, vendor:product or "
                                "vendor:product:version");
    }
    if (colons(left) == 0) {
      table.aliases_[left].insert(right);
      table.aliases_[right].insert(left);
    } else if (colons(left) == 1) {
      table.products_[left].insert(right);
      table.products_[right].insert(left);
    } else {
      std::size_t cut = right.rfind(':');
      if (left.substr(0, left.rfind(':')) != right.substr(0, cut)) {
        return Status::ParseError(std::string(source) + ":" + std::to_string(number) +
                                  ": a version line must name the same vendor:product twice");
      }
      table.versions_[left] = right.substr(cut + 1);
    }
    ++table.pairs_;
  }
  return table;
}

Result<VendorAliases> VendorAliases::Load(const std::filesystem::path& path) {
  auto text = ReadFile(path, 4u << 20);
  if (!text.ok()) return text.status();
  return Parse(*text, path.string());
}

std::vector<std::string> VendorAliases::ProductAliases(std::string_view vendor,
                                                      std::string_view product) const {
  auto found = products_.find(std::string(vendor) + ":" + std::string(product));
  if (found == products_.end()) return {};
  return {found->second.begin(), found->second.end()};
}

std::string VendorAliases::VersionAlias(std::string_view vendor, std::string_view product,
                                        std::string_view version) const {
  auto found = versions_.find(std::string(vendor) + ":" + std::string(product) + ":" +
                              std::string(version));
  return found == versions_.end() ? std::string() : found->second;
}

bool VendorAliases::Matches(std::string_view query, std::string_view record) const {
  if (query == record || query == "*" || record == "*") return true;
  if (IsSuffixAlias(query, record) || IsSuffixAlias(record, query)) return true;
  auto found = aliases_.find(query);
  return found != aliases_.end() && found->second.count(std::string(record)) > 0;
}

}  // namespace iotmark::vulndb
