#include "vulndb/cpe.h"

#include <cctype>
#include <vector>

namespace iotmark::vulndb {
namespace {

// Splits on ':' that is not escaped with a backslash.
std::vector<std::string> SplitComponents(std::string_view text) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      parts.back().push_back(text[++i]);  // drop the escape, keep the character
    } else if (c == ':') {
      parts.emplace_back();
    } else {
      parts.back().push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return parts;
}

std::string DecodeUriComponent(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string AnyWhenEmpty(std::string value) { return value.empty() ? "*" : value; }

}  // namespace

std::string Cpe::ToFormattedString() const {
  return "cpe:2.3:" + part + ":" + vendor + ":" + product + ":" + version + ":" + update +
         ":*:*:*:*:*:*";
}

Result<Cpe> ParseCpe(std::string_view text) {
  std::vector<std::string> parts = SplitComponents(text);
  Cpe cpe;
  std::size_t first;  // index of the part component
  if (parts.size() >= 2 && parts[0] == "cpe" && parts[1] == "2.3") {
    first = 2;
  } else if (parts.size() >= 2 && parts[0] == "cpe" && parts[1].size() >= 1 && parts[1][0] == '/') {
    parts[1] = parts[1].substr(1);
    first = 1;
    for (auto& part : parts) part = DecodeUriComponent(part);
  } else {
    return Status::InvalidArgument("CPE '" + std::string(text) +
                                   "': expected 'cpe:2.3:...' or 'cpe:/...'");
  }
  auto component = [&](std::size_t offset) -> std::string {
    return first + offset < parts.size() ? parts[first + offset] : std::string();
  };
  cpe.part = AnyWhenEmpty(component(0));
  if (cpe.part != "a" && cpe.part != "o" && cpe.part != "h" && cpe.part != "*") {
    return Status::InvalidArgument("CPE '" + std::string(text) + "': part must be a, o or h");
  }
  cpe.vendor = AnyWhenEmpty(component(1));
  cpe.product = component(2);
  if (cpe.product.empty() || cpe.product == "*") {
    return Status::InvalidArgument("CPE '" + std::string(text) + "': no product");
  }
  cpe.version = AnyWhenEmpty(component(3));
  cpe.update = AnyWhenEmpty(component(4));
  return cpe;
}

}  // namespace iotmark::vulndb
