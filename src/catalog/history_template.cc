#include "catalog/history_template.h"

#include <algorithm>

namespace iotmark::catalog {
namespace {

bool KnownPlaceholder(std::string_view name) {
  return std::find(kHistoryPlaceholders.begin(), kHistoryPlaceholders.end(), name) !=
         kHistoryPlaceholders.end();
}

std::string KnownList() {
  std::string known;
  for (std::string_view name : kHistoryPlaceholders) {
    known += (known.empty() ? "{" : ", {") + std::string(name) + "}";
  }
  return known;
}

}  // namespace

Status CheckHistoryTemplate(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("the wording is empty");
  bool in_segment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{') {
      std::size_t end = text.find('}', i);
      if (end == std::string_view::npos) {
        return Status::InvalidArgument("unclosed '{' at offset " + std::to_string(i));
      }
      std::string_view name = text.substr(i + 1, end - i - 1);
      if (!KnownPlaceholder(name)) {
        return Status::InvalidArgument("unknown placeholder {" + std::string(name) +
                                       "} (known: " + KnownList() + ")");
      }
      i = end;
    } else if (c == '}') {
      return Status::InvalidArgument("'}' without '{' at offset " + std::to_string(i));
    } else if (c == '[') {
      if (in_segment) {
        return Status::InvalidArgument("optional segments do not nest (offset " +
                                       std::to_string(i) + ")");
      }
      in_segment = true;
    } else if (c == ']') {
      if (!in_segment) {
        return Status::InvalidArgument("']' without '[' at offset " + std::to_string(i));
      }
      in_segment = false;
    }
  }
  if (in_segment) return Status::InvalidArgument("unclosed '['");
  return Status::Ok();
}

std::string RenderHistoryTemplate(std::string_view text,
                                  const std::map<std::string, std::string>& values) {
  std::string out;
  std::string segment;
  bool in_segment = false;
  bool segment_complete = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::string& target = in_segment ? segment : out;
    if (c == '{') {
      std::size_t end = text.find('}', i);
      if (end == std::string_view::npos) end = text.size();
      auto found = values.find(std::string(text.substr(i + 1, end - i - 1)));
      if (found == values.end() || found->second.empty()) {
        segment_complete = false;
      } else {
        target += found->second;
      }
      i = end;
    } else if (c == '[') {
      in_segment = true;
      segment.clear();
      segment_complete = true;
    } else if (c == ']') {
      if (segment_complete) out += segment;
      in_segment = false;
      segment_complete = true;
    } else {
      target.push_back(c);
    }
  }
  if (in_segment && segment_complete) out += segment;
  return out;
}

}  // namespace iotmark::catalog
