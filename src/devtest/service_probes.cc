#include "devtest/service_probes.h"

#include <cctype>
#include <regex>
#include <sstream>

#include "common/files.h"

namespace iotmark::devtest {

struct ServiceProbes::Rule {
  int line = 0;
  std::string service;
  std::string pattern;
  bool case_insensitive = false;
  std::string literal_prefix;  // banner must start with this (empty = no cheap test)
  std::string product_template, version_template;
  std::vector<std::string> cpe_templates;
  // Lazily compiled; `compiled_failed` when std::regex refused the pattern.
  mutable std::unique_ptr<std::regex> compiled;
  mutable bool compile_failed = false;
};

namespace {

// Reads a delimited field like "m|...|flags" starting at `position` (at the
// delimiter). Returns false on a missing closing delimiter.
bool ReadDelimited(const std::string& text, std::size_t& position, std::string& out) {
  if (position >= text.size()) return false;
  char delimiter = text[position];
  std::size_t end = text.find(delimiter, position + 1);
  if (end == std::string::npos) return false;
  out = text.substr(position + 1, end - position - 1);
  position = end + 1;
  return true;
}

std::string LiteralPrefix(const std::string& pattern, bool case_insensitive) {
  if (case_insensitive || pattern.empty() || pattern[0] != '^') return {};
  static const std::string kPlain = " -_:<>=/,'\"!@%&#";
  static const std::string kEscapable = "()[].*+?{}|^$\\/";
  static const std::string kQuantifiers = "*?+{";
  std::string prefix;
  std::size_t i = 1;
  while (i < pattern.size()) {
    char c = pattern[i];
    std::size_t next = i + 1;
    if (std::isalnum(static_cast<unsigned char>(c)) || kPlain.find(c) != std::string::npos) {
      // plain literal
    } else if (c == '\\' && next < pattern.size() &&
               kEscapable.find(pattern[next]) != std::string::npos) {
      c = pattern[next];
      ++next;
    } else {
      break;
    }
    // A quantifier applies to this character: it is not a fixed prefix.
    if (next < pattern.size() && kQuantifiers.find(pattern[next]) != std::string::npos) break;
    prefix.push_back(c);
    i = next;
  }
  return prefix;
}

// Substitutes $1..$9 and $P(n) with regex groups; other helpers become "".
std::string Expand(const std::string& text, const std::smatch& groups) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() &&
        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      std::size_t group = static_cast<std::size_t>(text[i + 1] - '0');
      if (group < groups.size()) out += groups[group].str();
      ++i;
    } else if (text.compare(i, 3, "$P(") == 0 && i + 4 < text.size() && text[i + 4] == ')') {
      std::size_t group = static_cast<std::size_t>(text[i + 3] - '0');
      if (group < groups.size()) {
        for (char c : groups[group].str()) {
          if (std::isprint(static_cast<unsigned char>(c))) out.push_back(c);
        }
      }
      i += 4;
    } else if (text[i] == '$' && i + 1 < text.size() &&
               std::isalpha(static_cast<unsigned char>(text[i + 1]))) {
      std::size_t close = text.find(')', i);  // $SUBST(...), $I(...): not supported
      if (close == std::string::npos) break;
      i = close;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

ServiceProbes::ServiceProbes() = default;
ServiceProbes::ServiceProbes(ServiceProbes&&) noexcept = default;
ServiceProbes& ServiceProbes::operator=(ServiceProbes&&) noexcept = default;
ServiceProbes::~ServiceProbes() = default;

std::size_t ServiceProbes::size() const { return rules_.size(); }

Result<ServiceProbes> ServiceProbes::Load(const std::filesystem::path& path) {
  auto text = ReadFile(path, 64u << 20);
  if (!text.ok()) return text.status();
  auto probes = Parse(*text);
  if (!probes.ok()) return probes.status().WithPrefix(path.string());
  return probes;
}

Result<ServiceProbes> ServiceProbes::Parse(const std::string& text) {
  ServiceProbes probes;
  std::istringstream stream(text);
  std::string line;
  int number = 0;
  bool in_null_probe = false;
  bool seen_null_probe = false;
  while (std::getline(stream, line)) {
    ++number;
    if (line.rfind("Probe ", 0) == 0) {
      in_null_probe = line.rfind("Probe TCP NULL ", 0) == 0;
      seen_null_probe = seen_null_probe || in_null_probe;
      continue;
    }
    if (!in_null_probe || line.rfind("match ", 0) != 0) continue;
    auto rule = std::make_unique<Rule>();
    rule->line = number;
    std::size_t position = 6;
    std::size_t space = line.find(' ', position);
    if (space == std::string::npos) continue;
    rule->service = line.substr(position, space - position);
    position = space + 1;
    if (position >= line.size() || line[position] != 'm') continue;
    ++position;
    if (!ReadDelimited(line, position, rule->pattern)) continue;
    while (position < line.size() && line[position] != ' ') {
      if (line[position] == 'i') rule->case_insensitive = true;
      ++position;
    }
    // Version fields: p/…/ v/…/ i/…/ h/…/ o/…/ d/…/ cpe:/…/[a]
    while (position < line.size()) {
      while (position < line.size() && line[position] == ' ') ++position;
      if (position >= line.size()) break;
      std::string value;
      if (line.compare(position, 4, "cpe:") == 0) {
        position += 4;
        if (!ReadDelimited(line, position, value)) break;
        rule->cpe_templates.push_back("cpe:/" + value);
        if (position < line.size() && line[position] == 'a') ++position;
      } else {
        char field = line[position++];
        if (!ReadDelimited(line, position, value)) break;
        if (field == 'p') rule->product_template = value;
        if (field == 'v') rule->version_template = value;
      }
    }
    rule->literal_prefix = LiteralPrefix(rule->pattern, rule->case_insensitive);
    probes.rules_.push_back(std::move(rule));
  }
  if (!seen_null_probe) return Status::ParseError("no 'Probe TCP NULL' section");
  return probes;
}

std::optional<ServiceMatch> ServiceProbes::Match(const std::string& banner) const {
  std::string subject = banner.substr(0, 2048);
  for (const auto& rule : rules_) {
    if (!rule->literal_prefix.empty() && subject.rfind(rule->literal_prefix, 0) != 0) continue;
    if (rule->compile_failed) continue;
    if (!rule->compiled) {
      try {
        auto flags = std::regex::ECMAScript | std::regex::optimize;
        if (rule->case_insensitive) flags |= std::regex::icase;
        rule->compiled = std::make_unique<std::regex>(rule->pattern, flags);
      } catch (const std::regex_error&) {
        rule->compile_failed = true;
        continue;
      }
    }
    std::smatch groups;
    bool matched = false;
    try {
      matched = std::regex_search(subject, groups, *rule->compiled,
                                  std::regex_constants::match_continuous);
    } catch (const std::regex_error&) {
      continue;  // e.g. too complex for std::regex
    }
    if (!matched) continue;
    ServiceMatch match;
    match.service = rule->service;
    match.line = rule->line;
    match.product = Expand(rule->product_template, groups);
    match.version = Expand(rule->version_template, groups);
    for (const std::string& cpe : rule->cpe_templates) match.cpes.push_back(Expand(cpe, groups));
    return match;
  }
  return std::nullopt;
}

}  // namespace iotmark::devtest
