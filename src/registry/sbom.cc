#include "registry/sbom.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace iotmark::registry {
namespace {

using nlohmann::json;

std::string TypeName(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

Status WrongType(const std::string& path, std::string_view expected, const json& value) {
  return Status::InvalidArgument("expected " + std::string(expected) + ", got " + TypeName(value) +
                                 " / 型が正しくありません")
      .WithField(path);
}

// An optional string member: "" when absent or null.
Result<std::string> StringMember(const json& object, const std::string& path, const char* name,
                                 bool required = false) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) {
    if (required) {
      return Status::InvalidArgument("required / 必須項目です").WithField(path + "." + name);
    }
    return std::string();
  }
  if (!found->is_string()) return WrongType(path + "." + name, "a string", *found);
  return found->get<std::string>();
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "pkg:type/namespace/name@version?qualifiers#subpath": checks the shape and
// returns the version ("" when none).
Result<std::string> CheckPurl(const std::string& purl, const std::string& path) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("not a package URL (" + std::string(why) +
                                   "): " + purl.substr(0, 200))
        .WithField(path);
  };
  if (purl.rfind("pkg:", 0) != 0) return bad("must start with pkg:");
  std::string rest = purl.substr(4);
  while (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
  std::size_t end = rest.find_first_of("?#");
  std::string main = rest.substr(0, end);
  std::size_t slash = main.find('/');
  if (slash == std::string::npos || slash == 0) return bad("no type");
  std::string after = main.substr(slash + 1);
  std::size_t at = after.rfind('@');
  std::string name_part = at == std::string::npos ? after : after.substr(0, at);
  while (!name_part.empty() && name_part.back() == '/') name_part.pop_back();
  if (name_part.empty()) return bad("no name");
  if (at == std::string::npos) return std::string();
  return PercentDecode(after.substr(at + 1));
}

Status CheckCpe(const std::string& cpe, const std::string& path) {
  if (cpe.rfind("cpe:2.3:", 0) == 0 || cpe.rfind("cpe:/", 0) == 0) {
    if (cpe.size() > 8) return Status::Ok();
  }
  return Status::InvalidArgument("not a CPE name (cpe:2.3:… or cpe:/…): " + cpe.substr(0, 200))
      .WithField(path);
}

class Collector {
 public:
  explicit Collector(ParsedSbom& sbom) : sbom_(sbom) {}

  // Adds one component after checking its identifiers.
  Status Add(SbomComponent component, const std::string& purl_path, const std::string& cpe_path) {
    ++sbom_.total_components;
    if (!component.purl.empty()) {
      auto version = CheckPurl(component.purl, purl_path);
      if (!version.ok()) return version.status();
      if (component.version.empty()) component.version = *version;
    }
    if (!component.cpe.empty()) IOTMARK_RETURN_IF_ERROR(CheckCpe(component.cpe, cpe_path));
    if (component.purl.empty() && component.cpe.empty()) return Status::Ok();
    auto key = std::make_tuple(component.name, component.version, component.purl, component.cpe);
    if (!seen_.insert(key).second) return Status::Ok();
    sbom_.components.push_back(std::move(component));
    return Status::Ok();
  }

 private:
  ParsedSbom& sbom_;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen_;
};

Status ParseCycloneDxComponents(const json& list, const std::string& path, Collector& collector,
                                int depth) {
  if (!list.is_array()) return WrongType(path, "an array", list);
  if (depth > 32) return Status::InvalidArgument("components nested too deeply").WithField(path);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& item = list[i];
    std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!item.is_object()) return WrongType(item_path, "an object", item);
    SbomComponent component;
    component.path = item_path;
    auto name = StringMember(item, item_path, "name", /*required=*/true);
    if (!name.ok()) return name.status();
    auto version = StringMember(item, item_path, "version");
    if (!version.ok()) return version.status();
    auto purl = StringMember(item, item_path, "purl");
    if (!purl.ok()) return purl.status();
    auto cpe = StringMember(item, item_path, "cpe");
    if (!cpe.ok()) return cpe.status();
    component.name = *name;
    component.version = *version;
    component.purl = *purl;
    component.cpe = *cpe;
    IOTMARK_RETURN_IF_ERROR(
        collector.Add(std::move(component), item_path + ".purl", item_path + ".cpe"));
    auto nested = item.find("components");
    if (nested != item.end() && !nested->is_null()) {
      IOTMARK_RETURN_IF_ERROR(
          ParseCycloneDxComponents(*nested, item_path + ".components", collector, depth + 1));
    }
  }
  return Status::Ok();
}

Status ParseCycloneDx(const json& document, ParsedSbom& sbom) {
  sbom.format = "cyclonedx";
  auto format = StringMember(document, "$", "bomFormat", true);
  if (!format.ok()) return format.status();
  if (*format != "CycloneDX") {
    return Status::InvalidArgument("expected \"CycloneDX\", got \"" + format->substr(0, 50) + "\"")
        .WithField("$.bomFormat");
  }
  auto spec = StringMember(document, "$", "specVersion", true);
  if (!spec.ok()) return spec.status();
  if (*spec != "1.4" && *spec != "1.5" && *spec != "1.6") {
    return Status::InvalidArgument("CycloneDX " + spec->substr(0, 20) +
                                   " is not accepted (1.4, 1.5 or 1.6) / 対応していない版です")
        .WithField("$.specVersion");
  }
  sbom.spec_version = *spec;
  Collector collector(sbom);
  auto components = document.find("components");
  if (components != document.end() && !components->is_null()) {
    IOTMARK_RETURN_IF_ERROR(ParseCycloneDxComponents(*components, "$.components", collector, 0));
  }
  return Status::Ok();
}

Status ParseSpdx(const json& document, ParsedSbom& sbom) {
  sbom.format = "spdx";
  auto version = StringMember(document, "$", "spdxVersion", true);
  if (!version.ok()) return version.status();
  if (*version != "SPDX-2.3") {
    return Status::InvalidArgument(version->substr(0, 20) +
                                   " is not accepted (SPDX-2.3) / 対応していない版です")
        .WithField("$.spdxVersion");
  }
  sbom.spec_version = *version;
  auto id = StringMember(document, "$", "SPDXID", true);
  if (!id.ok()) return id.status();
  if (*id != "SPDXRef-DOCUMENT") {
    return Status::InvalidArgument("expected \"SPDXRef-DOCUMENT\"").WithField("$.SPDXID");
  }
  Collector collector(sbom);
  auto packages = document.find("packages");
  if (packages == document.end() || packages->is_null()) return Status::Ok();
  if (!packages->is_array()) return WrongType("$.packages", "an array", *packages);
  for (std::size_t i = 0; i < packages->size(); ++i) {
    const json& item = (*packages)[i];
    std::string item_path = "$.packages[" + std::to_string(i) + "]";
    if (!item.is_object()) return WrongType(item_path, "an object", item);
    SbomComponent component;
    component.path = item_path;
    auto name = StringMember(item, item_path, "name", true);
    if (!name.ok()) return name.status();
    auto package_version = StringMember(item, item_path, "versionInfo");
    if (!package_version.ok()) return package_version.status();
    component.name = *name;
    component.version = *package_version;
    std::string purl_path, cpe_path;
    auto refs = item.find("externalRefs");
    if (refs != item.end() && !refs->is_null()) {
      if (!refs->is_array()) return WrongType(item_path + ".externalRefs", "an array", *refs);
      for (std::size_t r = 0; r < refs->size(); ++r) {
        const json& ref = (*refs)[r];
        std::string ref_path = item_path + ".externalRefs[" + std::to_string(r) + "]";
        if (!ref.is_object()) return WrongType(ref_path, "an object", ref);
        auto type = StringMember(ref, ref_path, "referenceType", true);
        if (!type.ok()) return type.status();
        auto locator = StringMember(ref, ref_path, "referenceLocator", true);
        if (!locator.ok()) return locator.status();
        if (*type == "purl" && component.purl.empty()) {
          component.purl = *locator;
          purl_path = ref_path + ".referenceLocator";
        } else if ((*type == "cpe23Type" || *type == "cpe22Type") && component.cpe.empty()) {
          component.cpe = *locator;
          cpe_path = ref_path + ".referenceLocator";
        }
      }
    }
    IOTMARK_RETURN_IF_ERROR(collector.Add(std::move(component), purl_path, cpe_path));
  }
  return Status::Ok();
}

}  // namespace

Result<ParsedSbom> ParseSbom(std::string_view json_text) {
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& error) {
    return Status::ParseError("not valid JSON (byte " + std::to_string(error.byte) +
                              ") / JSONとして読めません")
        .WithField("$");
  }
  if (!document.is_object()) return WrongType("$", "an object", document);
  ParsedSbom sbom;
  if (document.contains("bomFormat")) {
    IOTMARK_RETURN_IF_ERROR(ParseCycloneDx(document, sbom));
  } else if (document.contains("spdxVersion")) {
    IOTMARK_RETURN_IF_ERROR(ParseSpdx(document, sbom));
  } else if (document.contains("@context")) {
    return Status::InvalidArgument(
               "SPDX 3 (JSON-LD) is not accepted; attach SPDX 2.3 JSON or CycloneDX "
               "1.4–1.6")
        .WithField("$.@context");
  } else {
    return Status::InvalidArgument(
               "neither CycloneDX ($.bomFormat) nor SPDX ($.spdxVersion) / SBOMの形式が不明です")
        .WithField("$");
  }
  return sbom;
}

}  // namespace iotmark::registry
