#include "monitoring/purl_map.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "monitoring/purl_products_data.h"

namespace iotmark::monitoring {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

Result<Purl> ParsePurl(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("not a package URL (" + std::string(why) +
                                   "): " + std::string(text.substr(0, 200)));
  };
  if (text.substr(0, 4) != "pkg:") return bad("must start with pkg:");
  std::string_view rest = text.substr(4);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return bad("no type");
  Purl purl;
  purl.type = Lower(std::string(rest.substr(0, slash)));
  std::string_view path = rest.substr(slash + 1);
  std::size_t at = path.rfind('@');
  if (at != std::string_view::npos) {
    purl.version = PercentDecode(path.substr(at + 1));
    path = path.substr(0, at);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::size_t last = path.rfind('/');
  purl.name = PercentDecode(last == std::string_view::npos ? path : path.substr(last + 1));
  if (last != std::string_view::npos) purl.namespace_ = PercentDecode(path.substr(0, last));
  if (purl.name.empty()) return bad("no name");
  return purl;
}

std::string UpstreamVersion(const Purl& purl) {
  std::string version = purl.version;
  if (purl.type == "deb" || purl.type == "rpm" || purl.type == "alpine" || purl.type == "apk") {
    std::size_t colon = version.find(':');
    if (colon != std::string::npos &&
        std::all_of(version.begin(), version.begin() + static_cast<std::ptrdiff_t>(colon),
                    [](unsigned char c) { return std::isdigit(c); })) {
      version.erase(0, colon + 1);
    }
    std::size_t dash = version.rfind('-');
    if (dash != std::string::npos && dash > 0) version.erase(dash);
  }
  return version;
}

const PurlMap& PurlMap::BuiltIn() {
  static const PurlMap* map = [] {
    auto parsed = Parse(kPurlProductsTsv, "src/monitoring/purl_products.tsv");
    return new PurlMap(parsed.ok() ? std::move(parsed).value() : PurlMap());
  }();
  return *map;
}

Result<PurlMap> PurlMap::Parse(std::string_view text, std::string_view source) {
  PurlMap map;
  std::istringstream lines{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream fields(line);
    std::string types, namespace_, name, product, extra;
    fields >> types >> namespace_ >> name >> product;
    auto where = [&] { return std::string(source) + ":" + std::to_string(number) + ": "; };
    if (product.empty() || (fields >> extra)) {
      return Status::ParseError(where() +
                                "expected 4 columns: types namespace name vendor:product");
    }
    std::size_t colon = product.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == product.size()) {
      return Status::ParseError(where() + "expected vendor:product, got " + product);
    }
    Entry entry;
    entry.types = Split(Lower(types), ',');
    entry.namespace_ = namespace_ == "-" ? "" : Lower(namespace_);
    entry.name = Lower(name);
    entry.product = NvdProduct{Lower(product.substr(0, colon)), Lower(product.substr(colon + 1))};
    map.entries_.push_back(std::move(entry));
  }
  return map;
}

Result<PurlMap> PurlMap::Load(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) return Status::IoError(path.string() + ": cannot read");
  std::stringstream text;
  text << file.rdbuf();
  return Parse(text.str(), path.string());
}

std::optional<NvdProduct> PurlMap::Lookup(const Purl& purl) const {
  std::string name = Lower(purl.name);
  std::string namespace_ = Lower(purl.namespace_);
  for (const Entry& entry : entries_) {
    if (entry.name != name) continue;
    if (std::find(entry.types.begin(), entry.types.end(), purl.type) == entry.types.end()) continue;
    if (entry.namespace_ != "*" && entry.namespace_ != namespace_) continue;
    return entry.product;
  }
  return std::nullopt;
}

}  // namespace iotmark::monitoring
