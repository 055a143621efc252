#include "checklist/problem.h"

#include <algorithm>

#include "common/utf8.h"

namespace iotmark::checklist {

std::string FormatProblem(std::string_view file, const Problem& problem) {
  std::string line(file);
  line += ": ";
  line += problem.path;
  line += ": ";
  line += problem.message;
  return line;
}

nlohmann::ordered_json ProblemToJson(const Problem& problem) {
  nlohmann::ordered_json out;
  out["path"] = problem.path;
  out["code"] = problem.code;
  out["message"] = problem.message;
  return out;
}

std::string Truncate(std::string_view value, std::size_t limit) {
  if (value.size() <= limit) return std::string(value);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return std::string(value.substr(0, cut)) + "…";
}

std::string Excerpt(std::string_view value, std::size_t limit) {
  std::string_view kept = value;
  if (value.size() > limit) {
    std::size_t cut = limit;
    // Step back to the start of a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    kept = value.substr(0, cut);
  }
  std::string out;
  out.reserve(kept.size() + 3);
  // Control characters would break the one-problem-per-line output; bytes that
  // are not UTF-8 would break every JSON answer quoting the excerpt.
  while (!kept.empty()) {
    std::size_t good = FindInvalidUtf8(kept).value_or(kept.size());
    for (char c : kept.substr(0, good)) {
      out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    }
    if (good < kept.size()) out.push_back('?');
    kept.remove_prefix(std::min(good + 1, kept.size()));
  }
  if (value.size() > limit) out += "…";
  return out;
}

}  // namespace iotmark::checklist
